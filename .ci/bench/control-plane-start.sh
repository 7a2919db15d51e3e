#!/usr/bin/env bash
# Measures the start goal: time from the start of `envtest:start` to "ready", over N runs (default 5), with
# the phases the plugin reports (engine, binaries, pki, control plane) and the API server's own time from
# launch to /readyz. Uses the plugin as built in this checkout, installed into a private local repository
# (BENCH_REPO, default target/bench-repo) so that the benchmark never replaces the plugin other builds use.
# usage: .ci/bench/control-plane-start.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"

project="$(mktemp -d)"
trap 'cd "$project" && "${mvn[@]}" -q dev.envtest:envtest-maven-plugin:'"$version"':stop >/dev/null 2>&1; rm -rf "$project"' EXIT
bare_pom "$project"
cd "$project"
results=()
for i in $(seq 1 "$runs"); do
  out="$("${mvn[@]}" dev.envtest:envtest-maven-plugin:"$version":start)" || { echo "$out" | tail -30 >&2; exit 1; }
  line="$(sed -n 's/.*\(envtest ready in .*\)/\1/p' <<<"$out")"
  "${mvn[@]}" -q dev.envtest:envtest-maven-plugin:"$version":stop >/dev/null
  echo "run $i: $line"
  total="$(sed -n 's/envtest ready in \([0-9]*\) ms.*/\1/p' <<<"$line")"
  api="$(sed -n 's/.*kube-apiserver \([0-9]*\) ms to .readyz.*/\1/p' <<<"$line")"
  etcd="$(sed -n 's/.*; etcd \([0-9]*\) ms.*/\1/p' <<<"$line")"
  results+=("$total $api $etcd")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
for i, name in enumerate(["start to ready", "kube-apiserver launch to /readyz", "etcd launch to /health"]):
    col = [r[i] for r in rows]
    print(f"{name:34s} median {statistics.median(col):7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
'
