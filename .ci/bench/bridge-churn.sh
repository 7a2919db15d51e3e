#!/usr/bin/env bash
# The mechanism behind the stall of performance.md's "Known variance", with and without what the containers stage
# does about it (BridgeAddressPin). Each round runs two fresh networks one after the other, the order alternating:
# on each, container A opens a new TCP connection every 100 ms for 10 s to a server on this host at the network's
# gateway, while B, C, D and E join 1.2 s apart and leave after 3 s (each probes the same way while it runs).
# - "as netavark 1.4 leaves it": the bridge's MAC address follows the lowest of its ports' (a join or a leave may
#   move it under the running containers);
# - "pinned": right after A joined, the bridge's address is set to the one it has (`ip link set … address`), as the
#   plugin does at its first container's start.
# Prints per round and in total: how often the bridge's MAC changed (sampled every 20 ms), the connections made and
# those that took 500 ms or more (a lost SYN costs a 1 s retransmission) or failed after the 3 s timeout, and how far
# from the nearest change of the bridge's address each of those began.
# Rootful Podman, run as root (ip link). usage: .ci/bench/bridge-churn.sh [rounds, default 5]
set -euo pipefail
rounds="${1:-5}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[[ $(id -u) -eq 0 ]] || { echo "run as root (rootful Podman, ip link)" >&2; exit 1; }
export PATH="$PATH:/usr/local/go/bin"
work="$(mktemp -d)"
label="envtest-bench=bridge-churn"
image="localhost/envtest-bench/prober:1"
cleanup() {
  podman ps -aq --filter "label=$label" | xargs -r podman rm -f >/dev/null 2>&1 || true
  podman network ls -q --filter "label=$label" | xargs -r podman network rm -f >/dev/null 2>&1 || true
  [[ -n "${server:-}" ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
# Podman 4.3 says "failed to connect to syslog" on each call where no syslog runs (this machine); other errors show
podman() { command podman "$@" 2> >(grep -v 'failed to connect to syslog' >&2); }

(cd "$here/bridge-churn" && CGO_ENABLED=0 go build -trimpath -o "$work/prober" .)
cp "$here/bridge-churn/Containerfile" "$work/"
podman build -q --pull=never -t "$image" "$work" >/dev/null

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("0.0.0.0", 0)); print(s.getsockname()[1])')"
python3 -c '
import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1024)
while True:
    c, _ = s.accept(); c.close()
' "$port" &
server=$!
for _ in $(seq 1 100); do
  python3 -c 'import socket, sys; socket.create_connection(("127.0.0.1", int(sys.argv[1])), 1).close()' "$port" 2>/dev/null && break
  sleep 0.05
done

# one network: writes "<mac changes> <connections> <slow> <failed> <longest ms> <farthest hung start from a change, ms>"
# into $work/result
trial() {
  local pinned="$1" n="$2" net="envtest-bench-churn-$2"
  podman network create --label "$label" "$net" >/dev/null
  local gw br
  gw="$(podman network inspect "$net" --format '{{range .Subnets}}{{.Gateway}}{{end}}')"
  br="$(podman network inspect "$net" --format '{{.NetworkInterface}}')"
  podman run -d --label "$label" --name "$net-a" --network "$net" "$image" "$gw:$port" 10 >/dev/null
  if [[ $pinned == 1 ]]; then
    ip link set dev "$br" address "$(cat "/sys/class/net/$br/address")"
  fi
  # the times (Unix ms) the bridge's address was first seen and then seen changed
  ( last=""
    for _ in $(seq 1 600); do
      m="$(cat "/sys/class/net/$br/address" 2>/dev/null || true)"
      [[ -z "$m" ]] && break
      [[ "$m" != "$last" ]] && date +%s%3N >> "$work/changes-$n" && last="$m"
      sleep 0.02
    done ) &
  local sampler=$!
  for c in b c d e; do
    sleep 1.2
    podman run -d --label "$label" --name "$net-$c" --network "$net" "$image" "$gw:$port" 3 >/dev/null
  done
  podman wait "$net-a" >/dev/null
  local total=0 slow=0 failed=0 longest=0 t s f l
  : > "$work/hung-$n"
  for c in a b c d e; do
    podman wait "$net-$c" >/dev/null 2>&1 || true
    podman logs "$net-$c" > "$work/log-$n-$c" 2>/dev/null || true
    sed -n 's/^at \([0-9]*\): .*/\1/p' "$work/log-$n-$c" >> "$work/hung-$n"
    read -r t s f l < <(sed -n 's/^summary connections=\([0-9]*\) slow=\([0-9]*\) failed=\([0-9]*\) longest=\([0-9]*\)/\1 \2 \3 \4/p' "$work/log-$n-$c") \
      || { echo "container $c of $net printed no summary: $(tail -3 "$work/log-$n-$c")" >&2; exit 1; }
    total=$((total + t)); slow=$((slow + s)); failed=$((failed + f)); (( l > longest )) && longest=$l
  done
  podman rm -f "$net-a" "$net-b" "$net-c" "$net-d" "$net-e" >/dev/null
  podman network rm "$net" >/dev/null
  wait "$sampler" || true
  local changes farthest
  changes=$(( $(wc -l < "$work/changes-$n") - 1 ))
  farthest="$(python3 -c '
import sys
changes = [int(l) for l in open(sys.argv[1]).read().split()][1:]
hung = [int(l) for l in open(sys.argv[2]).read().split()]
print(max((min(abs(h - c) for c in changes) for h in hung), default=-1) if changes else (-1 if not hung else "none"))
' "$work/changes-$n" "$work/hung-$n")"
  echo "$changes $total $slow $failed $longest $farthest" > "$work/result"
}

declare -A sum=()
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="0 1"; else order="1 0"; fi
  line="round $r:"; sep=" "
  for pinned in $order; do
    trial "$pinned" "$r$pinned"
    read -r changes total slow failed longest farthest < "$work/result"
    name=$([[ $pinned == 1 ]] && echo "pinned" || echo "as netavark 1.4 leaves it")
    near=""
    [[ $farthest != -1 ]] && near=", each begun within ${farthest} ms of a change"
    [[ $farthest == none ]] && near=", with no change to blame"
    line+="$sep$name: MAC changed ${changes}x, ${slow} slow + ${failed} failed of ${total} connections (longest ${longest} ms${near})"; sep=" | "
    for k in changes total slow failed; do sum[$pinned-$k]=$(( ${sum[$pinned-$k]:-0} + ${!k} )); done
  done
  echo "$line"
done
for pinned in 0 1; do
  name=$([[ $pinned == 1 ]] && echo "pinned                   " || echo "as netavark 1.4 leaves it")
  echo "$name  MAC changes ${sum[$pinned-changes]}, connections ${sum[$pinned-total]}, slow ${sum[$pinned-slow]}, failed ${sum[$pinned-failed]} (${rounds} rounds)"
done
