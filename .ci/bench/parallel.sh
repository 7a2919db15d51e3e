#!/usr/bin/env bash
# Two projects starting envtest at the same moment, against each alone, interleaved in N rounds (default 5):
#   A alone, B alone   `mvn envtest:start` on a bare pom (projects a/ and b/, each its own target/envtest), then stop
#   A and B at once    both `mvn envtest:start` processes launched together; each one's times, then both stopped
#   bare alone / both  the limit: etcd and kube-apiserver launched by bare-binaries.py with A's (and B's) command lines
#                      and PKI files (captured from /proc during round 1's parallel start), one alone, then two at once
# For each start: the plugin's own "envtest ready in" figure and the whole mvn process. Prints every round (with the
# load average), the medians, the ratios parallel/alone for A and for B (own figure and mvn process), the same ratio for
# the bare binaries (what two kube-apiservers competing for the cores cost without any plugin), and whether the two
# parallel starts always got distinct ports (API server, etcd client, etcd peer). The plugin comes from this checkout,
# installed into a private local repository (see install-plugin.sh). Logs: target/bench-parallel.
# usage: .ci/bench/parallel.sh [rounds]
set -euo pipefail
rounds="${1:-5}"
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$bench/install-plugin.sh"
out="$root/target/bench-parallel"
rm -rf "$out" && mkdir -p "$out/a" "$out/b" "$out/bare-a" "$out/bare-b"
for p in a b; do
  bare_pom "$out/$p" "bench-$p"
done
stop_all() {
  for p in a b; do "${mvn[@]}" -q -f "$out/$p/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true; done
}
trap stop_all EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }
load() { cut -d' ' -f1 /proc/loadavg; }
prop() { sed -n "s#^$2=##p" "$out/$1/target/envtest/envtest.properties" | sed 's#\\:#:#g'; }
pid_of() {
  python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"] == sys.argv[2]))' \
    "$out/$1/target/envtest/session.json" "$2"
}
peer_port() { tr '\0' '\n' < "/proc/$(pid_of "$1" etcd)/cmdline" | sed -n 's#^--listen-peer-urls=http://127.0.0.1:##p'; }

tck="$(getconf CLK_TCK)"
# CPU milliseconds a process has used so far (user + system)
cpu_of() { awk -v t="$tck" '{ sub(/^.*\) /, ""); print int(($12 + $13) * 1000 / t) }' "/proc/$1/stat"; }
# start <project> <log>: runs start, prints "<own ms> <mvn ms> <CPU ms of the mvn JVM> <CPU ms of kube-apiserver+etcd until ready>"
start() {
  local t0 cpu; t0="$(ms)"
  # `times` in the subshell: the CPU of the mvn JVM it waited for (etcd and kube-apiserver outlive it and are read apart)
  cpu="$( ( "${mvn[@]}" -f "$out/$1/pom.xml" "$plugin:start" >"$2" 2>&1 || exit 1; times ) | tail -1)" \
    || { echo "FAILED: start of $1, see $2" >&2; tail -30 "$2" >&2; return 1; }
  local wall=$(( $(ms) - t0 ))
  local jvm; jvm="$(awk '{ for (i = 1; i <= 2; i++) { split($i, a, /[ms]/); t += (a[1] * 60 + a[2]) * 1000 } print int(t) }' <<<"$cpu")"
  echo "$(num 'envtest ready in' "$(cat "$2")") $wall $jvm $(( $(cpu_of "$(pid_of "$1" kube-apiserver)") + $(cpu_of "$(pid_of "$1" etcd)") ))"
}
stop() { "${mvn[@]}" -q -f "$out/$1/pom.xml" "$plugin:stop" >"$out/stop-$1.log" 2>&1; }
bare() { python3 "$bench/bare-binaries.py" "$out/bare-$1/etcd.cmdline" "$out/bare-$1/kube-apiserver.cmdline" "$out/bare-$1/pki" "$2"; }

rows=()
distinct=0
for i in $(seq 1 "$rounds"); do
  l0="$(load)"
  t="$(start a "$out/a-alone-$i.log")"; stop a; read -r a_own a_mvn a_jvm a_bin <<<"$t"
  t="$(start b "$out/b-alone-$i.log")"; stop b; read -r b_own b_mvn b_jvm b_bin <<<"$t"
  l1="$(load)"
  start a "$out/a-parallel-$i.log" >"$out/a-parallel-$i.times" & pa=$!
  start b "$out/b-parallel-$i.log" >"$out/b-parallel-$i.times" & pb=$!
  ok=1
  wait "$pa" || ok=0
  wait "$pb" || ok=0
  [[ $ok == 1 ]] || { echo "round $i: the two parallel starts did not both succeed (logs in $out)" >&2; exit 1; }
  read -r pa_own pa_mvn pa_jvm pa_bin < "$out/a-parallel-$i.times"
  read -r pb_own pb_mvn pb_jvm pb_bin < "$out/b-parallel-$i.times"
  ports_a="$(prop a envtest.port) $(prop a envtest.etcd.url | sed 's#.*:##') $(peer_port a)"
  ports_b="$(prop b envtest.port) $(prop b envtest.etcd.url | sed 's#.*:##') $(peer_port b)"
  if [[ "$(printf '%s\n' $ports_a $ports_b | sort -u | wc -l)" == 6 ]]; then distinct=$((distinct + 1)); fi
  if [[ $i == 1 ]]; then
    # the limit uses exactly these two runs' command lines (their ports are distinct) and PKI files
    for p in a b; do
      for name in etcd kube-apiserver; do
        sed "s#$out/$p/target/envtest#$out/bare-$p#g" "/proc/$(pid_of "$p" "$name")/cmdline" > "$out/bare-$p/$name.cmdline"
      done
      cp -a "$out/$p/target/envtest/pki" "$out/bare-$p/pki"
    done
  fi
  stop a & sa=$!; stop b & sb=$!; wait "$sa" "$sb"
  bare_alone="$(num ready "$(bare a "$out/bare-a/logs-alone-$i")")"
  bare a "$out/bare-a/logs-parallel-$i" >"$out/bare-a-parallel-$i.out" & ba=$!
  bare b "$out/bare-b/logs-parallel-$i" >"$out/bare-b-parallel-$i.out" & bb=$!
  wait "$ba" "$bb"
  bare_pa="$(num ready "$(cat "$out/bare-a-parallel-$i.out")")"
  bare_pb="$(num ready "$(cat "$out/bare-b-parallel-$i.out")")"
  echo "round $i: alone A $a_own ms (mvn $a_mvn) B $b_own ms (mvn $b_mvn) [load $l0] | at once A $pa_own ms (mvn $pa_mvn)" \
       "B $pb_own ms (mvn $pb_mvn) [load $l1], ports A $ports_a B $ports_b | bare alone $bare_alone ms, at once $bare_pa / $bare_pb ms" \
       "| CPU alone A: mvn JVM $a_jvm ms, binaries $a_bin ms"
  rows+=("$a_own $a_mvn $b_own $b_mvn $pa_own $pa_mvn $pb_own $pb_mvn $bare_alone $bare_pa $bare_pb $a_jvm $a_bin $b_jvm $b_bin $pa_jvm $pa_bin $pb_jvm $pb_bin")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(r[i] for r in rows) for i in range(19)]
names = ["A alone, own figure", "A alone, mvn process", "B alone, own figure", "B alone, mvn process",
         "A at once, own figure", "A at once, mvn process", "B at once, own figure", "B at once, mvn process",
         "bare alone, launch to /readyz", "bare A at once", "bare B at once"]
for i, name in enumerate(names):
    col = [r[i] for r in rows]
    print(f"{name:32s} median {med[i]:7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
print(f"parallel/alone: A {med[4]/med[0]:.2f} (mvn process {med[5]/med[1]:.2f})   B {med[6]/med[2]:.2f} (mvn process {med[7]/med[3]:.2f})"
      f"   bare binaries {max(med[9], med[10])/med[8]:.2f} (the limit: two kube-apiservers sharing the cores)")
cores = __import__("os").cpu_count()
alone_cpu = (med[11] + med[12] + med[13] + med[14]) / 2
print(f"CPU per start alone (median): mvn JVM {(med[11] + med[13]) / 2:.0f} ms + kube-apiserver and etcd until ready"
      f" {(med[12] + med[14]) / 2:.0f} ms = {alone_cpu:.0f} ms; at once: mvn JVM {(med[15] + med[17]) / 2:.0f} ms + binaries"
      f" {(med[16] + med[18]) / 2:.0f} ms")
wall_alone = (med[1] + med[3]) / 2
print(f"two starts at once need {2 * alone_cpu:.0f} ms of CPU on {cores} cores: at least {2 * alone_cpu / cores:.0f} ms of wall time"
      f" each, against {wall_alone:.0f} ms alone (mvn process) -> CPU alone bounds parallel/alone from below at"
      f" {max(1.0, 2 * alone_cpu / cores / wall_alone):.2f}")
'
echo "both parallel starts succeeded in $rounds/$rounds rounds; their six ports (API server, etcd client, etcd peer) were distinct in $distinct/$rounds"
