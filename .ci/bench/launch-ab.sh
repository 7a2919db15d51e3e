#!/usr/bin/env bash
# This build's start against another build's, in N alternating pairs (default 8; the order flips every pair), on a
# bare pom, measured from outside the same way for both: the whole `mvn envtest:start` process, and how long after
# that process began kube-apiserver was launched (its pid from target/envtest/session.json, its start from
# /proc/<pid>/stat, 10 ms resolution); and, from inside, the launch in the goal's own timeline ("kube-apiserver
# launched at N ms" after the goal's first step), which leaves out Maven's ~1.4 s before the goal and its jitter. Each
# start is stopped before the next. Prints each start, the medians, the ratios this/baseline, and in how many pairs
# this build was the earlier.
# usage: BASELINE_REPO=<a local repository holding the other build, same version> .ci/bench/launch-ab.sh [pairs]
set -euo pipefail
pairs="${1:-8}"
: "${BASELINE_REPO:?set BASELINE_REPO to a local repository holding the build to compare with}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/target/bench-launch-ab"
rm -rf "$project" && mkdir -p "$project"
bare_pom "$project"
base=("$root/mvnw" -B "-Dmaven.repo.local=$BASELINE_REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
trap '"${mvn[@]}" -q -f "$project/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
btime=$(awk '/^btime/ {print $2}' /proc/stat)
hz=$(getconf CLK_TCK)
# one start with the given Maven command: prints "<mvn process ms> <launch ms after the process began> <launch ms in
# the goal's timeline>"
start_one() {
  local t0 t1 pid goal
  t0=$(date +%s%3N)
  "$@" -f "$project/pom.xml" "$plugin:start" >"$project/start.log" 2>&1 || { tail -30 "$project/start.log" >&2; exit 1; }
  t1=$(date +%s%3N)
  pid=$(python3 -c 'import json,sys; print([p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"]=="kube-apiserver"][0])' \
        "$project/target/envtest/session.json")
  local ticks; ticks=$(awk '{print $22}' "/proc/$pid/stat")
  goal=$(sed -n 's/.*timeline:.* kube-apiserver launched at \([0-9]*\) ms.*/\1/p' "$project/start.log")
  echo "$((t1 - t0)) $(( btime * 1000 + ticks * 1000 / hz - t0 )) ${goal:?no timeline in $project/start.log}"
  "$@" -q -f "$project/pom.xml" "$plugin:stop" >/dev/null 2>&1
}
rows=()
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then this=$(start_one "${mvn[@]}"); baseline=$(start_one "${base[@]}");
  else baseline=$(start_one "${base[@]}"); this=$(start_one "${mvn[@]}"); fi
  echo "pair $i: this build: mvn process $(cut -d' ' -f1 <<<"$this") ms, kube-apiserver launched at $(cut -d' ' -f2 <<<"$this") ms ($(cut -d' ' -f3 <<<"$this") ms into the goal) | baseline: $(cut -d' ' -f1 <<<"$baseline") ms, at $(cut -d' ' -f2 <<<"$baseline") ms ($(cut -d' ' -f3 <<<"$baseline") ms)   (load $(cut -d' ' -f1 /proc/loadavg))"
  rows+=("$this $baseline")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
m = [statistics.median(r[i] for r in rows) for i in range(6)]
print(f"this build: mvn process median {m[0]:.0f} ms, kube-apiserver launched at median {m[1]:.0f} ms after the process began, {m[2]:.0f} ms into the goal")
print(f"baseline:   mvn process median {m[3]:.0f} ms, kube-apiserver launched at median {m[4]:.0f} ms after the process began, {m[5]:.0f} ms into the goal")
print(f"this/baseline: mvn process {m[0]/m[3]:.2f}, launch {m[1]/m[4]:.2f} (into the goal {m[2]/m[5]:.2f}); launched earlier in"
      f" {sum(r[1] < r[4] for r in rows)} of {len(rows)} pairs ({sum(r[2] < r[5] for r in rows)} into the goal)")
'
