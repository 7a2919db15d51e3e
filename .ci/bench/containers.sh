#!/usr/bin/env bash
# Measures the start goal with containers, for it/datastorage's pom (4 ServiceAccounts; the DataStorage stand-in twice
# and a caller, all built from Containerfiles): `envtest:start` then `envtest:stop`, N times (default 5). Prints, per
# run and as medians: start to "every container ready", the control plane, the identities, the containers (start to
# ready, after the identities), and the background work (network + image builds) with how much of it overlapped the
# control plane and identities. COLD=1 removes the project's built images before each run, so every run builds them.
# Each round also runs the bare binaries (bare-binaries.py: etcd and kube-apiserver launched at once with the command
# lines of the plugin's first run, captured from /proc) and prints the ratio of the medians start-to-every-container-
# ready / bare (issue 12's target: 1.6). BASELINE_REPO=<a local repository holding another build of the plugin, same
# version> adds that build's start to every round.
# Uses the plugin as built in this checkout, installed into a private local repository (BENCH_REPO, default
# target/bench-repo; artifacts already in ~/.m2 are read from there). Each run's build log: target/bench-containers/.
# usage: [COLD=1] [BASELINE_REPO=dir] .ci/bench/containers.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/it/datastorage"
bash "$root/it/fixtures/build.sh" "$project/target/fixtures" 2>/dev/null
logs="$root/target/bench-containers"
bench="$root/.ci/bench"
rm -rf "$logs" && mkdir -p "$logs/bare"
trap '"${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null 2>&1 || true' EXIT
plugin_run() {
  local i="$1"
  out="$("${mvn[@]}" -f "$project/pom.xml" envtest:start)" || { echo "$out" | tail -40 >&2; exit 1; }
  if [[ $i == 1 ]]; then
    # the limit uses exactly this run's command lines and PKI files
    session="$project/target/envtest/session.json"
    for name in etcd kube-apiserver; do
      pid="$(python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"] == sys.argv[2]))' "$session" "$name")"
      sed "s#$project/target/envtest#$logs/bare#g" "/proc/$pid/cmdline" > "$logs/bare/$name.cmdline"
    done
    cp -a "$project/target/envtest/pki" "$logs/bare/pki"
  fi
  "${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null
  echo "$out" > "$logs/run-$i.log"
}

baseline_run() {
  local i="$1"
  "$root/mvnw" -B "-Dmaven.repo.local=$BASELINE_REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
      -f "$project/pom.xml" envtest:start envtest:stop >"$logs/baseline-$i.log" 2>&1 \
    || { tail -30 "$logs/baseline-$i.log" >&2; exit 1; }
  baseline="$(sed -n 's/.*envtest ready in \([0-9]*\) ms.*/\1/p' "$logs/baseline-$i.log" | head -1)"
}

results=()
for i in $(seq 1 "$runs"); do
  if [[ "${COLD:-0}" == 1 ]]; then
    # the images this project's builds tagged (localhost/envtest/<context dir>:<hash>); the bench may use the CLI
    podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '^localhost/envtest/(datastorage|caller):' | xargs -r podman rmi -f >/dev/null 2>&1 || true
  fi
  baseline=0
  # the plugin and the baseline take turns going first (round 1: the plugin, which the bare run's command lines need)
  if [[ -n "${BASELINE_REPO:-}" && $(( i % 2 )) == 0 ]]; then
    baseline_run "$i"
    plugin_run "$i"
  else
    plugin_run "$i"
    if [[ -n "${BASELINE_REPO:-}" ]]; then
      baseline_run "$i"
    fi
  fi
  bare_line="$(python3 "$bench/bare-binaries.py" "$logs/bare/etcd.cmdline" "$logs/bare/kube-apiserver.cmdline" "$logs/bare/pki" "$logs/bare/logs-$i")"
  bare="$(sed -n 's/.*ready \([0-9]*\) ms.*/\1/p' <<<"$bare_line" | head -1)"
  summary="$(sed -n 's/.*\(envtest ready in .*\)/\1/p' <<<"$out")"
  containers="$(sed -n 's/.*\(Containers ready: .*\)/\1/p' <<<"$out")"
  num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }
  total="$(num 'envtest ready in' "$summary")"
  cp="$(num 'control plane' "$summary")"
  ids="$(num ' identities' "$summary")"
  ctr="$(num ', containers' "$summary")"
  bg="$(sed -n 's/.*took \([0-9]*\) ms in the background.*/\1/p' <<<"$containers")"
  overlap="$(sed -n 's/.*(\([0-9]*\) ms of it overlapped.*/\1/p' <<<"$containers")"
  echo "run $i: start to all containers ready ${total} ms; control plane ${cp}, identities ${ids}, containers ${ctr}; background images+network ${bg} (overlapped ${overlap}) | bare ${bare} ms   (load $(cut -d' ' -f1 /proc/loadavg))${BASELINE_REPO:+ | baseline plugin $baseline ms}"
  results+=("$total $cp $ids $ctr $bg $overlap $bare $baseline")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
names = ["start to every container ready", "control plane", "identities", "containers (start to ready)",
         "images + network (background)", "  of which overlapped", "bare binaries, launch to /readyz"]
for i, name in enumerate(names):
    col = [r[i] for r in rows]
    print(f"{name:32s} median {statistics.median(col):7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
med = [statistics.median(r[i] for r in rows) for i in range(8)]
print(f"start-to-every-container-ready/bare {med[0]/med[6]:.2f}   (control plane/bare {med[1]/med[6]:.2f})")
if med[7]:
    print(f"baseline plugin, start to every container ready, median {med[7]:.0f} ms; plugin/baseline {med[0]/med[7]:.2f}")
'
