#!/usr/bin/env bash
# Fails when anything an it/ project started is still there after its post-integration-test phase:
# a process whose command line names the project's envtest work directory, or a container, network or volume
# labelled with it on any engine API this user can reach (Podman or Docker, asked through the API with curl).
# usage: it/leak-check.sh WORK_DIRECTORY
set -uo pipefail
work="${1:?usage: leak-check.sh WORK_DIRECTORY}"
leaks=0
for cmdline in /proc/[0-9]*/cmdline; do
  pid="${cmdline#/proc/}"; pid="${pid%/cmdline}"
  [[ "$pid" == "$$" ]] && continue
  args="$(tr '\0' ' ' 2>/dev/null < "$cmdline")" || continue
  case "$args" in
    *leak-check.sh*) ;;
    *"$work/"*|*"$work "*) echo "leak-check: process $pid still runs: ${args:0:160}" >&2; leaks=$((leaks+1)) ;;
  esac
done
# Containers, networks and volumes: asked of every engine API this user can reach — the one the plugin recorded, DOCKER_HOST,
# CONTAINER_HOST, then the usual sockets (rootful and rootless Podman, Docker) — through the API (curl), so Docker
# and Podman are checked alike. DOCKER_HOST (or the recorded engine) not answering is a failure: nothing was checked.
engines=()
add_engine() { local e; for e in "${engines[@]}"; do [[ "$e" == "$1" ]] && return; done; engines+=("$1"); }
recorded="$(sed -n 's/^envtest\.engine\.host=//p' "$work/envtest.properties" 2>/dev/null | sed 's/\\:/:/g' | head -1)"
required=()
for e in "$recorded" "${DOCKER_HOST:-}" "${CONTAINER_HOST:-}"; do [[ -n "$e" ]] && { add_engine "$e"; required+=("$e"); }; done
add_engine unix:///run/podman/podman.sock
[[ -n "${XDG_RUNTIME_DIR:-}" ]] && add_engine "unix://$XDG_RUNTIME_DIR/podman/podman.sock"
add_engine unix:///var/run/docker.sock
api() {  # api ENGINE PATH [--data-urlencode ...]: GET on the engine API
  local engine="$1" path="$2"; shift 2
  case "$engine" in
    unix://*) curl -fsS --max-time 20 -G --unix-socket "${engine#unix://}" "http://engine$path" "$@" ;;
    tcp://*)  curl -fsS --max-time 20 -G "http://${engine#tcp://}$path" "$@" ;;
    *) return 2 ;;
  esac
}
filter="{\"label\":[\"dev.envtest.workDirectory=$work\"]}"
checked=()
for engine in "${engines[@]}"; do
  is_required=false
  for r in "${required[@]}"; do [[ "$r" == "$engine" ]] && is_required=true; done
  if [[ "$engine" == unix://* ]]; then
    sock="${engine#unix://}"
    if [[ ! -S "$sock" || ! -w "$sock" ]]; then
      $is_required && { echo "leak-check: $engine (required) is not a socket this user can use" >&2; leaks=$((leaks+1)); }
      continue
    fi
  fi
  if ! containers="$(api "$engine" /containers/json --data-urlencode all=1 --data-urlencode "filters=$filter" | tr -d '\n')"; then
    $is_required && { echo "leak-check: $engine (required) did not answer" >&2; leaks=$((leaks+1)); }
    continue
  fi
  networks="$(api "$engine" /networks --data-urlencode "filters=$filter" | tr -d '\n')" \
    || { echo "leak-check: $engine did not list its networks" >&2; leaks=$((leaks+1)); }
  volumes="$(api "$engine" /volumes --data-urlencode "filters=$filter" | tr -d '\n')" \
    || { echo "leak-check: $engine did not list its volumes" >&2; leaks=$((leaks+1)); }
  checked+=("$engine")
  while read -r name; do
    [[ -n "$name" ]] && { echo "leak-check: container still there on $engine: $name" >&2; leaks=$((leaks+1)); }
  done < <(grep -o '"Names": *\[ *"[^"]*"' <<<"$containers" | sed 's/.*"\([^"]*\)"$/\1/')
  while read -r name; do
    [[ -n "$name" ]] && { echo "leak-check: network still there on $engine: $name" >&2; leaks=$((leaks+1)); }
  done < <(grep -o '"Name": *"[^"]*"' <<<"$networks" | sed 's/.*"\([^"]*\)"$/\1/')
  while read -r name; do
    [[ -n "$name" ]] && { echo "leak-check: volume still there on $engine: $name" >&2; leaks=$((leaks+1)); }
  done < <(grep -o '"Name": *"[^"]*"' <<<"$volumes" | sed 's/.*"\([^"]*\)"$/\1/')
done
if [[ $leaks -gt 0 ]]; then
  echo "leak-check: $leaks thing(s) left running from $work" >&2
  exit 1
fi
echo "leak-check: nothing left running from $work (engines asked: ${checked[*]:-none})"
