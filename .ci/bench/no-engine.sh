#!/usr/bin/env bash
# A bare pom's start on a machine where no container engine answers, this build against another build in N alternating
# pairs (default 6; the order flips every pair). Each start runs in a private mount namespace (unshare -m, so as root)
# where rootful Podman's socket directory is an empty tmpfs and Docker's socket is a file nothing listens on: what a
# machine shows with Podman installed and its service stopped. The engines the rest of the machine uses keep running.
# Prints, from each start's timeline, when the engine question ended ("engine answered at"), kube-apiserver's launch
# and "envtest ready in", then the medians and the ratios this/baseline.
# usage: BASELINE_REPO=<a local repository holding the other build, same version> .ci/bench/no-engine.sh [pairs]
set -euo pipefail
pairs="${1:-6}"
: "${BASELINE_REPO:?set BASELINE_REPO to a local repository holding the build to compare with}"
[[ "$(id -u)" == 0 ]] || { echo "run as root: each start hides the engines' sockets in a mount namespace of its own" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/target/bench-no-engine"
rm -rf "$project" && mkdir -p "$project"
bare_pom "$project"
base=("$root/mvnw" -B "-Dmaven.repo.local=$BASELINE_REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
trap '"${mvn[@]}" -q -f "$project/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
docker_socket="$(readlink -f /var/run/docker.sock 2>/dev/null || echo /run/docker.sock)"
# one start and its stop with the given Maven command, no engine answering: prints "<engine answered> <launched> <ready>"
start_one() {
  local log="$project/start.log"
  unshare -m --propagation private bash -c '
    set -e
    mkdir -p /run/podman && mount -t tmpfs none /run/podman
    [[ -e "$1" ]] || touch "$1"
    mount --bind /dev/null "$1"
    shift
    "$@"' _ "$docker_socket" "$@" -f "$project/pom.xml" "$plugin:start" >"$log" 2>&1 || { tail -30 "$log" >&2; exit 1; }
  grep -q "No container engine answered" "$log" || { echo "an engine answered in $log: the sockets were not hidden" >&2; exit 1; }
  local engine launched ready
  engine=$(sed -n 's/.*timeline:.* engine answered at \([0-9]*\) ms.*/\1/p' "$log")
  launched=$(sed -n 's/.*timeline:.* kube-apiserver launched at \([0-9]*\) ms.*/\1/p' "$log")
  ready=$(sed -n 's/.*envtest ready in \([0-9]*\) ms.*/\1/p' "$log")
  echo "${engine:?no timeline in $log} ${launched:?} ${ready:?}"
  "$@" -q -f "$project/pom.xml" "$plugin:stop" >/dev/null 2>&1
}
rows=()
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then this=$(start_one "${mvn[@]}"); baseline=$(start_one "${base[@]}");
  else baseline=$(start_one "${base[@]}"); this=$(start_one "${mvn[@]}"); fi
  read -r e l r <<<"$this"; read -r be bl br <<<"$baseline"
  echo "pair $i: this build: engine answered at $e ms, kube-apiserver launched at $l ms, ready in $r ms | baseline: $be, $bl, $br ms   (load $(cut -d' ' -f1 /proc/loadavg))"
  rows+=("$this $baseline")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
m = [statistics.median(r[i] for r in rows) for i in range(6)]
print(f"this build: engine answered at median {m[0]:.0f} ms, kube-apiserver launched at {m[1]:.0f} ms, envtest ready in {m[2]:.0f} ms")
print(f"baseline:   engine answered at median {m[3]:.0f} ms, kube-apiserver launched at {m[4]:.0f} ms, envtest ready in {m[5]:.0f} ms")
print(f"this/baseline: engine question {m[0]/m[3]:.2f}, launch {m[1]/m[4]:.2f}, ready {m[2]/m[5]:.2f}; ready sooner in"
      f" {sum(r[2] < r[5] for r in rows)} of {len(rows)} pairs")
'
