#!/usr/bin/env bash
# Fails when anything an it/ project started is still there after its post-integration-test phase:
# a process whose command line names the project's envtest work directory, or a container, network or volume
# labelled with it.
# usage: it/leak-check.sh WORK_DIRECTORY
set -uo pipefail
work="${1:?usage: leak-check.sh WORK_DIRECTORY}"
leaks=0
for cmdline in /proc/[0-9]*/cmdline; do
  pid="${cmdline#/proc/}"; pid="${pid%/cmdline}"
  [[ "$pid" == "$$" ]] && continue
  args="$(tr '\0' ' ' < "$cmdline" 2>/dev/null)" || continue
  case "$args" in
    *leak-check.sh*) ;;
    *"$work/"*|*"$work "*) echo "leak-check: process $pid still runs: ${args:0:160}" >&2; leaks=$((leaks+1)) ;;
  esac
done
if command -v podman >/dev/null 2>&1; then
  while read -r line; do
    [[ -n "$line" ]] && { echo "leak-check: container still there: $line" >&2; leaks=$((leaks+1)); }
  done < <(timeout 20 podman ps -a --filter "label=dev.envtest.workDirectory=$work" --format '{{.ID}} {{.Names}} {{.Status}}' 2>/dev/null)
  while read -r line; do
    [[ -n "$line" ]] && { echo "leak-check: network still there: $line" >&2; leaks=$((leaks+1)); }
  done < <(timeout 20 podman network ls --filter "label=dev.envtest.workDirectory=$work" --format '{{.Name}}' 2>/dev/null)
  while read -r line; do
    [[ -n "$line" ]] && { echo "leak-check: volume still there: $line" >&2; leaks=$((leaks+1)); }
  done < <(timeout 20 podman volume ls --filter "label=dev.envtest.workDirectory=$work" --format '{{.Name}}' 2>/dev/null)
fi
if [[ $leaks -gt 0 ]]; then
  echo "leak-check: $leaks thing(s) left running from $work" >&2
  exit 1
fi
echo "leak-check: nothing left running from $work"
