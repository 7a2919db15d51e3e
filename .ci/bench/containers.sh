#!/usr/bin/env bash
# Measures the start goal with containers, for it/datastorage's pom (4 ServiceAccounts; the DataStorage stand-in twice
# and a caller, all built from Containerfiles): `envtest:start` then `envtest:stop`, N times (default 5). Prints, per
# run and as medians: start to "every container ready", the control plane, the identities, the containers (start to
# ready, after the identities), and the background work (network + image builds) with how much of it overlapped the
# control plane and identities. COLD=1 removes the project's built images before each run, so every run builds them.
# Uses the plugin as built in this checkout, installed into a private local repository (BENCH_REPO, default
# target/bench-repo; artifacts already in ~/.m2 are read from there). Each run's build log: target/bench-containers/.
# usage: [COLD=1] .ci/bench/containers.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/it/datastorage"
bash "$root/it/fixtures/build.sh" "$project/target/fixtures" 2>/dev/null
logs="$root/target/bench-containers"
mkdir -p "$logs"
trap '"${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null 2>&1 || true' EXIT
results=()
for i in $(seq 1 "$runs"); do
  if [[ "${COLD:-0}" == 1 ]]; then
    # the images this project's builds tagged (localhost/envtest/<context dir>:<hash>); the bench may use the CLI
    podman images --format '{{.Repository}}:{{.Tag}}' | grep -E '^localhost/envtest/(datastorage|caller):' | xargs -r podman rmi -f >/dev/null 2>&1 || true
  fi
  out="$("${mvn[@]}" -f "$project/pom.xml" envtest:start)" || { echo "$out" | tail -40 >&2; exit 1; }
  "${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null
  echo "$out" > "$logs/run-$i.log"
  summary="$(sed -n 's/.*\(envtest ready in .*\)/\1/p' <<<"$out")"
  containers="$(sed -n 's/.*\(Containers ready: .*\)/\1/p' <<<"$out")"
  num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }
  total="$(num 'envtest ready in' "$summary")"
  cp="$(num 'control plane' "$summary")"
  ids="$(num ' identities' "$summary")"
  ctr="$(num ', containers' "$summary")"
  bg="$(sed -n 's/.*took \([0-9]*\) ms in the background.*/\1/p' <<<"$containers")"
  overlap="$(sed -n 's/.*(\([0-9]*\) ms of it overlapped.*/\1/p' <<<"$containers")"
  echo "run $i: start to all containers ready ${total} ms; control plane ${cp}, identities ${ids}, containers ${ctr}; background images+network ${bg} (overlapped ${overlap})"
  results+=("$total $cp $ids $ctr $bg $overlap")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
names = ["start to every container ready", "control plane", "identities", "containers (start to ready)",
         "images + network (background)", "  of which overlapped"]
for i, name in enumerate(names):
    col = [r[i] for r in rows]
    print(f"{name:32s} median {statistics.median(col):7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
'
