#!/usr/bin/env bash
# warmEtcd measured, interleaved in N rounds (default 5) on the envtest binaries of the setup-envtest store:
#   bare cold   etcd (empty data directory) and kube-apiserver launched at once by warm-etcd.py with the command lines
#               of a plugin run (captured from /proc in round 0), launch to /readyz 200
#   bare warm   the same on a copy of a seed that warm-etcd.py saved once (the copy is counted; other ports than the
#               seed's run, as in the plugin)
#   plugin cold `mvn envtest:start -Denvtest.warmEtcd=false` on a bare pom, its own "envtest ready in" figure
#   plugin warm the same with warmEtcd on (its seed is saved by round 0), its own figure
# Prints each round with the load, the medians and the ratios warm/cold. Logs: target/bench-warm-etcd.
# usage: .ci/bench/warm-etcd.sh [rounds]
set -euo pipefail
rounds="${1:-5}"
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$bench/install-plugin.sh"
out="$root/target/bench-warm-etcd"
rm -rf "$out" && mkdir -p "$out/project" "$out/bare" "$out/cache"
# a cache of its own: the plugin's first warm run saves its seed here, not in the user's cache
export XDG_CACHE_HOME="$out/cache"
bare_pom "$out/project"
trap '"${mvn[@]}" -q -f "$out/project/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }
start() { # $1: warmEtcd, $2: log; prints the plugin's own figure
  "${mvn[@]}" -f "$out/project/pom.xml" "$plugin:start" "-Denvtest.warmEtcd=$1" >"$2" 2>&1 || { tail -30 "$2" >&2; exit 1; }
  num 'envtest ready in' "$(cat "$2")"
}
stop() { "${mvn[@]}" -q -f "$out/project/pom.xml" "$plugin:stop" >/dev/null 2>&1; }

# round 0: the plugin saves its seed (start alone waits for it); its command lines and PKI are the bare runs'
start true "$out/plugin-seed.log" >/dev/null
session="$out/project/target/envtest/session.json"
for name in etcd kube-apiserver; do
  pid="$(python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"] == sys.argv[2]))' "$session" "$name")"
  sed "s#$out/project/target/envtest#$out/bare#g" "/proc/$pid/cmdline" > "$out/bare/$name.cmdline"
done
cp -a "$out/project/target/envtest/pki" "$out/bare/pki"
stop
[[ -n "$(ls "$out/cache/envtest-maven-plugin/etcd-seeds" 2>/dev/null)" ]] || { echo "the plugin saved no seed (see $out/plugin-seed.log)" >&2; exit 1; }
bare=(python3 "$bench/warm-etcd.py")
args=("$out/bare/etcd.cmdline" "$out/bare/kube-apiserver.cmdline" "$out/bare/pki")
"${bare[@]}" seed "${args[@]}" "$out/bare/logs-seed" "$out/bare/seed"

rows=()
for i in $(seq 1 "$rounds"); do
  # the order alternates, so that neither kind always runs right after the other
  if (( i % 2 )); then
    bc="$(num 'cold ready' "$("${bare[@]}" cold "${args[@]}" "$out/bare/logs-cold-$i" "$out/bare/seed")")"
    bw="$(num 'warm ready' "$("${bare[@]}" warm "${args[@]}" "$out/bare/logs-warm-$i" "$out/bare/seed" 1)")"
    pc="$(start false "$out/plugin-cold-$i.log")"; stop
    pw="$(start true "$out/plugin-warm-$i.log")"; stop
  else
    bw="$(num 'warm ready' "$("${bare[@]}" warm "${args[@]}" "$out/bare/logs-warm-$i" "$out/bare/seed" 1)")"
    bc="$(num 'cold ready' "$("${bare[@]}" cold "${args[@]}" "$out/bare/logs-cold-$i" "$out/bare/seed")")"
    pw="$(start true "$out/plugin-warm-$i.log")"; stop
    pc="$(start false "$out/plugin-cold-$i.log")"; stop
  fi
  grep -q 'etcd starts on a copy of the saved bootstrap' "$out/plugin-warm-$i.log" \
    || { echo "round $i: the plugin's warm start did not use the seed (see $out/plugin-warm-$i.log)" >&2; exit 1; }
  echo "round $i: bare cold $bc ms, warm $bw ms | plugin cold $pc ms, warm $pw ms   (load $(cut -d' ' -f1 /proc/loadavg))"
  rows+=("$bc $bw $pc $pw")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(r[i] for r in rows) for i in range(4)]
names = ["bare binaries, cold (empty etcd)", "bare binaries, warm (copied seed)", "plugin start, warmEtcd=false",
         "plugin start, warmEtcd=true"]
for i, name in enumerate(names):
    col = [r[i] for r in rows]
    print(f"{name:36s} median {med[i]:7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
print(f"bare warm/cold {med[1]/med[0]:.2f}   plugin warm/cold {med[3]/med[2]:.2f}   plugin warm/bare cold {med[3]/med[0]:.2f}")
'
