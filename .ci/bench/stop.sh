#!/usr/bin/env bash
# Measures the stop goal on a bare pom, N times (default 5), both ways it runs: in the same Maven run as start
# (`mvn envtest:start envtest:stop`, the processes are this JVM's children) and from another Maven run (`mvn
# envtest:start`, then `mvn envtest:stop`: the processes were started by a JVM that has exited). Prints the time
# each process took to stop, as the goal reports it ("Stopped etcd (pid N, M ms)"), and the medians.
# Uses the plugin as built in this checkout, installed into a private local repository (see install-plugin.sh).
# BASELINE_REPO=<a local repository holding another build of the plugin, same version> adds, in every run, that
# build's start and stop from another run, and prints the ratios of the medians (this build/baseline).
# PROJECT=<a project directory> runs the goals there instead (PROJECT=it/datastorage: a stop that also removes three
# containers and a network through docker-java; its fixtures are built first).
# usage: [BASELINE_REPO=dir] [PROJECT=dir] .ci/bench/stop.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
if [[ -n "${PROJECT:-}" ]]; then
  project="$(cd "$PROJECT" && pwd)"
  [[ -f "$project/pom.xml" ]] || { echo "no pom.xml in $project" >&2; exit 1; }
  bash "$root/it/fixtures/build.sh" "$project/target/fixtures" >/dev/null 2>&1
else
  project="$root/target/bench-stop"
  rm -rf "$project" && mkdir -p "$project"
  bare_pom "$project"
fi
trap '"${mvn[@]}" -q -f "$project/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
stopped() { sed -n "s/.*Stopped $1 (pid [0-9]*, \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }
ms() { date +%s%3N; }
base=("$root/mvnw" -B "-Dmaven.repo.local=${BASELINE_REPO:-}" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
rows=()
for i in $(seq 1 "$runs"); do
  same="$("${mvn[@]}" -f "$project/pom.xml" "$plugin:start" "$plugin:stop")" || { echo "$same" | tail -30 >&2; exit 1; }
  "${mvn[@]}" -f "$project/pom.xml" "$plugin:start" >/dev/null || exit 1
  t0=$(ms)
  other="$("${mvn[@]}" -f "$project/pom.xml" "$plugin:stop")" || { echo "$other" | tail -30 >&2; exit 1; }
  other_mvn=$(( $(ms) - t0 ))
  row="$(stopped kube-apiserver "$same") $(stopped etcd "$same") $(stopped kube-apiserver "$other") $(stopped etcd "$other") $other_mvn"
  line="run $i: same run: kube-apiserver $(cut -d' ' -f1 <<<"$row") ms, etcd $(cut -d' ' -f2 <<<"$row") ms; another run: kube-apiserver $(cut -d' ' -f3 <<<"$row") ms, etcd $(cut -d' ' -f4 <<<"$row") ms (mvn process $other_mvn ms)"
  if [[ -n "${BASELINE_REPO:-}" ]]; then
    "${base[@]}" -f "$project/pom.xml" "$plugin:start" >/dev/null || exit 1
    t0=$(ms)
    baseline="$("${base[@]}" -f "$project/pom.xml" "$plugin:stop")" || { echo "$baseline" | tail -30 >&2; exit 1; }
    baseline_mvn=$(( $(ms) - t0 ))
    row="$row $(stopped kube-apiserver "$baseline") $baseline_mvn"
    line="$line | baseline, another run: kube-apiserver $(stopped kube-apiserver "$baseline") ms (mvn process $baseline_mvn ms)"
  fi
  echo "$line"
  rows+=("$row")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
names = ["same run: kube-apiserver", "same run: etcd", "another run: kube-apiserver", "another run: etcd",
         "another run: mvn process", "baseline: kube-apiserver", "baseline: mvn process"]
med = {}
for i, name in enumerate(names[:len(rows[0])]):
    col = [r[i] for r in rows]
    med[name] = statistics.median(col)
    print(f"{name:28s} median {med[name]:7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
if "baseline: kube-apiserver" in med:
    print("this build/baseline: kube-apiserver %.2f, stop mvn process %.2f" % (
        med["another run: kube-apiserver"] / med["baseline: kube-apiserver"], med["another run: mvn process"] / med["baseline: mvn process"]))
print("(load " + open("/proc/loadavg").read().split()[0] + ")")
'
