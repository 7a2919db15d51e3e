#!/usr/bin/env bash
# Measures what issue 11 asks for, with it/reliability's service pom (envtest, one ServiceAccount, one container):
#  1. seconds from SIGKILL of the Maven JVM (during integration-test) to the last of its processes gone (supervisor,
#     etcd, kube-apiserver; no further Maven run), N times (default 5);
#  2. the start with and without the supervisor, side by side: "envtest ready in" of `verify` (supervisor on) against
#     `verify -Denvtest.keepRunning=true` (no supervisor, no hook; then envtest:stop), N times each, alternating; and the
#     supervisor's own fork time, which runs on a background thread.
# Uses the plugin as built in this checkout, installed into a private local repository (BENCH_REPO, default
# target/bench-repo). Build logs: target/bench-killed/.
# usage: .ci/bench/killed-build.sh [runs] [kill,start]
set -euo pipefail
runs="${1:-5}"
parts="${2:-kill,start}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
out="$root/target/bench-killed"
project="$out/project"
rm -rf "$project"; mkdir -p "$project"
cp "$root/it/reliability/src/test/projects/service/pom.xml" "$project/pom.xml"
bash "$root/it/fixtures/build.sh" "$out/fixtures" >/dev/null 2>&1
version="$(sed -n 's:.*<version>\(.*SNAPSHOT\)</version>.*:\1:p' "$root/envtest-maven-plugin/pom.xml" | head -1)"
build=("${mvn[@]}" -f "$project/pom.xml" "-Denvtest.version=$version" "-Dfixtures.dir=$out/fixtures")
work="$project/target/envtest"
trap '"${build[@]}" -q envtest:stop >/dev/null 2>&1 || true' EXIT

alive() { # pid: running and not a zombie
  [[ -r /proc/$1/stat ]] && [[ "$(sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f1)" != Z ]]
}

kills=()
[[ "$parts" == *kill* ]] && for i in $(seq 1 "$runs"); do
  log="$out/kill-$i.log"
  : >"$log"   # before the build starts: the wait below must not read an earlier run's log
  "${build[@]}" verify -Dhold=600 >"$log" 2>&1 &
  jvm=$!
  until grep -q "holding for 600 s" "$log"; do
    kill -0 "$jvm" 2>/dev/null || { tail -40 "$log" >&2; exit 1; }
    sleep 0.2
  done
  pids="$(python3 -c 'import json,sys; print(" ".join(str(p["pid"]) for p in json.load(open(sys.argv[1]))["processes"]))' "$work/session.json")"
  t0=$(date +%s%N)
  kill -KILL "$jvm"
  for pid in $pids; do
    while alive "$pid"; do sleep 0.02; done
  done
  t1=$(date +%s%N)
  wait "$jvm" 2>/dev/null || true
  ms=$(( (t1 - t0) / 1000000 ))
  echo "kill $i: processes ($pids) gone ${ms} ms after SIGKILL"
  kills+=("$ms")
  "${build[@]}" -q envtest:stop >/dev/null 2>&1   # the container and network wait for the next run; remove them here
done

ready() { sed -n 's/.*envtest ready in \([0-9]*\) ms.*/\1/p' "$1" | head -1; }
fork() { sed -n 's/.*supervisor (background) \([0-9]*\) ms.*/\1/p' "$1" | head -1; }
with=(); without=(); forks=()
[[ "$parts" == *start* ]] && for i in $(seq 1 "$runs"); do
  "${build[@]}" verify -Dhold=0 >"$out/with-$i.log" 2>&1 || { tail -40 "$out/with-$i.log" >&2; exit 1; }
  with+=("$(ready "$out/with-$i.log")"); forks+=("$(fork "$out/with-$i.log")")
  "${build[@]}" verify -Dhold=0 -Denvtest.keepRunning=true >"$out/without-$i.log" 2>&1 || { tail -40 "$out/without-$i.log" >&2; exit 1; }
  "${build[@]}" -q envtest:stop >/dev/null 2>&1
  without+=("$(ready "$out/without-$i.log")")
  echo "start $i: with supervisor ${with[-1]} ms (its fork ${forks[-1]} ms in the background), without ${without[-1]} ms"
done
python3 - "${kills[*]:-}" "${with[*]:-}" "${without[*]:-}" "${forks[*]:-}" <<'PY'
import statistics, sys
kills, with_, without, forks = ([int(x) for x in a.split()] for a in sys.argv[1:5])
if kills:
    print(f"SIGKILL to last process gone: median {statistics.median(kills)/1000:.2f} s (min {min(kills)/1000:.2f}, max {max(kills)/1000:.2f}, n={len(kills)})")
if with_ and without:
    m_with, m_without = statistics.median(with_), statistics.median(without)
    print(f"start to ready with supervisor: median {m_with:.0f} ms; without: {m_without:.0f} ms; ratio {m_with/m_without:.3f} (n={len(with_)})")
if forks:
    print(f"supervisor fork on its background thread: median {statistics.median(forks):.0f} ms (etcd's launch does not wait for it)")
PY
