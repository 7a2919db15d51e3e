#!/usr/bin/env bash
# Measures the identities phase of the start goal for the reference identities of it/identities (1 CRD, 4 manifest
# documents, 4 ServiceAccounts with RBAC and tokens): `envtest:start` then `envtest:stop` in that project, N times
# (default 5), printing the phase's time, its steps, and the whole start's time. Uses the plugin as built in this
# checkout, installed into a private local repository (BENCH_REPO, default target/bench-repo; artifacts already in
# ~/.m2 are read from there) so that the benchmark never replaces the plugin other builds use.
# usage: .ci/bench/identities.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/it/identities"
trap '"${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null 2>&1 || true' EXIT
results=()
for i in $(seq 1 "$runs"); do
  out="$("${mvn[@]}" -f "$project/pom.xml" envtest:start)" || { echo "$out" | tail -30 >&2; exit 1; }
  "${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null
  ids="$(sed -n 's/.*\(Identities in .*\)/\1/p' <<<"$out")"
  ready="$(sed -n 's/.*envtest ready in \([0-9]*\) ms.*/\1/p' <<<"$out")"
  echo "run $i: $ids; start to ready $ready ms"
  results+=("$(sed -n 's/Identities in \([0-9]*\) ms.*/\1/p' <<<"$ids") $ready")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
for i, name in enumerate(["identities phase", "start to ready"]):
    col = [r[i] for r in rows]
    print(f"{name:18s} median {statistics.median(col):7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
'
