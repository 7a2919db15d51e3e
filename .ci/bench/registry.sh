#!/usr/bin/env bash
# Measures it/registry's service project (src/it/service): PostgreSQL, Redis and the DataStorage stand-in pulled
# from the private registry .ci/setup-registry runs, with the encrypted settings.xml servers.
#   1. cold pulls: the three images removed from the engine's store before each of COLD_RUNS runs (default 3); the
#      plugin pulls them in parallel while the control plane starts; prints each image's pull time and the whole
#      background preparation (pulls + network).
#   2. warm starts: RUNS runs (default 5) with the images present: `start` until DataStorage is ready, split into
#      control plane, identities, dependencies (PostgreSQL with its exec wait and Redis with its healthcheck, in
#      parallel: the later of the two; since 2026-12-02 they start beside the control plane, so their time overlaps it)
#      and the service (DataStorage, started once both are ready and the identities are there).
# Medians at the end. Runs `mvn pre-integration-test` (start; the shutdown hook removes everything when Maven exits).
# Uses the plugin as built in this checkout, installed into a private local repository (BENCH_REPO).
# usage: [RUNS=5] [COLD_RUNS=3] .ci/bench/registry.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
runs="${RUNS:-5}"
cold_runs="${COLD_RUNS:-3}"
settings="$root/it/registry/src/it/settings"
work="$root/target/bench-registry"
rm -rf "$work" && mkdir -p "$work" && cp -r "$root/it/registry/src/it/service" "$work/service"
project="$work/service"
images=(127.0.0.1:5443/envtest/postgresql:15 127.0.0.1:5443/envtest/redis:7 127.0.0.1:5443/envtest/datastorage:it)

start() { # run name: the build log on stdout
  "${mvn[@]}" -f "$project/pom.xml" -s "$settings/settings.xml" -Dsettings.security="$settings/settings-security.xml" \
    -Dpg.serverId=ci-registry pre-integration-test > "$work/$1.log" 2>&1 || { tail -40 "$work/$1.log" >&2; exit 1; }
  cat "$work/$1.log"
}
num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }

cold=()
for i in $(seq 1 "$cold_runs"); do
  podman rmi -f "${images[@]}" >/dev/null 2>&1 || true   # a cold engine store for these images (the bench may use the CLI)
  out="$(start "cold-$i")"
  pg="$(num 'postgresql:15 pulled for postgres in' "$out")"
  rd="$(num 'redis:7 pulled for redis in' "$out")"
  ds="$(num 'datastorage:it pulled for datastorage in' "$out")"
  bg="$(sed -n 's/.*took \([0-9]*\) ms in the background.*/\1/p' <<<"$out")"
  echo "cold $i: pulls in parallel: postgresql ${pg} ms, redis ${rd} ms, datastorage ${ds} ms; images+network ${bg} ms"
  cold+=("$pg $rd $ds $bg")
done

warm=()
for i in $(seq 1 "$runs"); do
  out="$(start "warm-$i")"
  summary="$(sed -n 's/.*\(envtest ready in .*\)/\1/p' <<<"$out")"
  total="$(num 'envtest ready in' "$summary")"
  cp="$(num 'control plane' "$summary")"
  ids="$(num ' identities' "$summary")"
  pgr="$(num 'container postgres ready in' "$out")"
  rdr="$(num 'container redis ready in' "$out")"
  svc="$(num 'container datastorage ready in' "$out")"
  deps=$(( pgr > rdr ? pgr : rdr ))
  echo "warm $i: start to DataStorage ready ${total} ms; control plane ${cp}, identities ${ids}, dependencies ${deps} (postgres ${pgr}, redis ${rdr}), service ${svc}"
  warm+=("$total $cp $ids $deps $pgr $rdr $svc")
done

python3 - "${#cold[@]}" "${cold[@]}" "${warm[@]}" <<'PY'
import sys, statistics
n = int(sys.argv[1]); rows = [list(map(int, r.split())) for r in sys.argv[2:]]
cold, warm = rows[:n], rows[n:]
med = lambda rs, i: int(statistics.median(r[i] for r in rs))
if cold:
    print(f"median of {len(cold)} cold pulls (parallel, from the registry): postgresql {med(cold,0)} ms, redis {med(cold,1)} ms,"
          f" datastorage {med(cold,2)} ms; all images + network {med(cold,3)} ms")
print(f"median of {len(warm)} starts (images present): to DataStorage ready {med(warm,0)} ms = control plane {med(warm,1)},"
      f" identities {med(warm,2)}, dependencies {med(warm,3)} (postgres {med(warm,4)}, redis {med(warm,5)}), service {med(warm,6)}")
PY
