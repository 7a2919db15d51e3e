#!/usr/bin/env bash
# Measures webhooks, for it/webhooks' pom (the webhook fixture as a webhook container, a hostWebhook, a CRD with a
# conversion webhook): `envtest:start` then `envtest:stop`, N times (default 5). Per run and as medians:
#   - the whole start ("envtest ready in"), with the webhook container;
#   - from the webhook container's wait succeeding ("container webhook ready" in the build log) to the first
#     admission call answered by it: a poller sends a dry-run ConfigMap create labelled deny=true to the API server
#     every 20 ms (curl, admin client certificate, TLS verified) from the moment envtest.properties exists, and the
#     first "denied the request" marks the answer;
#   - the plugin's own split of that interval: the TLS handshake check, and the configurations applied.
# Timestamps: Maven's log lines (simplelogger date-time) and the poller's clock, on the same machine.
# Uses the plugin as built in this checkout, installed into a private local repository (BENCH_REPO, default
# target/bench-repo). Each run's build log and poller log: target/bench-webhooks/.
# usage: .ci/bench/webhooks.sh [runs]
set -euo pipefail
runs="${1:-5}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/it/webhooks"
bash "$root/it/fixtures/build.sh" "$project/target/fixtures" 2>/dev/null
logs="$root/target/bench-webhooks"
mkdir -p "$logs"
props="$project/target/envtest/envtest.properties"
trap '"${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null 2>&1 || true' EXIT
export MAVEN_OPTS="${MAVEN_OPTS:-} -Dorg.slf4j.simpleLogger.showDateTime=true -Dorg.slf4j.simpleLogger.dateTimeFormat=HH:mm:ss.SSS"

# Polls until the validating webhook denies a dry-run create; prints the epoch milliseconds of that answer.
poll() {
  local deadline=$(( $(date +%s) + 120 )) url ca body
  until [[ -s "$props" ]] && grep -q '^envtest.url=' "$props" && [[ -s "$project/target/envtest/pki/admin.key" ]]; do
    (( $(date +%s) < deadline )) || { echo "no envtest.properties" >&2; return 1; }
    sleep 0.02
  done
  url="$(sed -n 's/^envtest.url=//p' "$props" | sed 's/\\:/:/g')"
  ca="$project/target/envtest/pki/ca.crt"
  body='{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"bench","labels":{"deny":"true"}}}'
  while (( $(date +%s) < deadline )); do
    if curl -s --max-time 2 --cacert "$ca" --cert "$project/target/envtest/pki/admin.crt" --key "$project/target/envtest/pki/admin.key" \
        -H 'Content-Type: application/json' -X POST "$url/api/v1/namespaces/webhook-test/configmaps?dryRun=All" -d "$body" \
        | grep -q 'denied the request'; then
      date +%s%3N
      return 0
    fi
    sleep 0.02
  done
  echo "the webhook never answered" >&2
  return 1
}

results=()
for i in $(seq 1 "$runs"); do
  rm -f "$props"
  poll > "$logs/poll-$i.txt" 2>&1 &
  poller=$!
  day="$(date +%F)"
  out="$("${mvn[@]}" -f "$project/pom.xml" envtest:start)" || { echo "$out" | tail -40 >&2; kill "$poller" 2>/dev/null; exit 1; }
  wait "$poller" || { cat "$logs/poll-$i.txt" >&2; exit 1; }
  "${mvn[@]}" -q -f "$project/pom.xml" envtest:stop >/dev/null
  echo "$out" > "$logs/run-$i.log"
  answered="$(tail -1 "$logs/poll-$i.txt")"
  readyAt="$(sed -n 's/^\([0-9:.]*\) \[INFO\]   container webhook ready in.*/\1/p' <<<"$out" | head -1)"
  readyMs="$(python3 -c "import datetime,sys; print(int(datetime.datetime.strptime('$day $readyAt','%Y-%m-%d %H:%M:%S.%f').timestamp()*1000))")"
  total="$(sed -n 's/.*envtest ready in \([0-9]*\) ms.*/\1/p' <<<"$out" | head -1)"
  tls="$(sed -n 's/.*certificate verified) \([0-9]*\) ms after the containers were ready.*/\1/p' <<<"$out" | head -1)"
  applied="$(sed -n 's/.*webhook server webhook: \([0-9]*\) ms from the containers. readiness to its configurations applied.*/\1/p' <<<"$out" | head -1)"
  first=$(( answered - readyMs ))
  echo "run $i: start ${total} ms; webhook ready -> TLS handshake ${tls} ms, -> configurations applied ${applied} ms, -> first admission call answered ${first} ms"
  results+=("$total $tls $applied $first")
done
printf '%s\n' "${results[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
names = ["whole start (webhook container)", "ready -> TLS handshake", "ready -> configurations applied",
         "ready -> first admission answered"]
for i, name in enumerate(names):
    col = [r[i] for r in rows]
    print(f"{name:34s} median {statistics.median(col):7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
'
