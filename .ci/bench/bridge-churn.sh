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
# those that took 500 ms or more (a lost SYN costs a 1 s retransmission) or failed after the 3 s timeout.
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

# one network: prints "<mac changes> <connections> <slow> <failed> <longest ms>"
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
  ( last=""; changes=-1
    for _ in $(seq 1 600); do
      m="$(cat "/sys/class/net/$br/address" 2>/dev/null || true)"
      [[ -z "$m" ]] && break
      [[ "$m" != "$last" ]] && changes=$((changes + 1)) && last="$m"
      sleep 0.02
    done
    echo "$changes" > "$work/changes-$n" ) &
  local sampler=$!
  for c in b c d e; do
    sleep 1.2
    podman run -d --label "$label" --name "$net-$c" --network "$net" "$image" "$gw:$port" 3 >/dev/null
  done
  podman wait "$net-a" >/dev/null
  local total=0 slow=0 failed=0 longest=0
  for c in a b c d e; do
    podman wait "$net-$c" >/dev/null 2>&1 || true
    read -r t s f l < <(podman logs "$net-$c" 2>/dev/null | sed -n 's/^summary connections=\([0-9]*\) slow=\([0-9]*\) failed=\([0-9]*\) longest=\([0-9]*\)/\1 \2 \3 \4/p')
    total=$((total + t)); slow=$((slow + s)); failed=$((failed + f)); (( l > longest )) && longest=$l
  done
  podman rm -f "$net-a" "$net-b" "$net-c" "$net-d" "$net-e" >/dev/null
  podman network rm "$net" >/dev/null
  wait "$sampler" || true
  echo "$(cat "$work/changes-$n") $total $slow $failed $longest"
}

declare -A sum=()
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="0 1"; else order="1 0"; fi
  line="round $r:"; sep=" "
  for pinned in $order; do
    read -r changes total slow failed longest < <(trial "$pinned" "$r$pinned")
    name=$([[ $pinned == 1 ]] && echo "pinned" || echo "as netavark 1.4 leaves it")
    line+="$sep$name: MAC changed ${changes}x, ${slow} slow + ${failed} failed of ${total} connections (longest ${longest} ms)"; sep=" | "
    for k in changes total slow failed; do sum[$pinned-$k]=$(( ${sum[$pinned-$k]:-0} + ${!k} )); done
  done
  echo "$line"
done
for pinned in 0 1; do
  name=$([[ $pinned == 1 ]] && echo "pinned                   " || echo "as netavark 1.4 leaves it")
  echo "$name  MAC changes ${sum[$pinned-changes]}, connections ${sum[$pinned-total]}, slow ${sum[$pinned-slow]}, failed ${sum[$pinned-failed]} (${rounds} rounds)"
done
