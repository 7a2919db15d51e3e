# envtest-maven-plugin's process supervisor (POSIX sh, Linux and macOS).
# Run as: sh -c "$this" envtest-supervisor WORK_DIRECTORY GRACE_SECONDS, stdin a pipe from the JVM that started the
# build. Nothing but that JVM holds the pipe's write end (the JVM closes every other descriptor in the processes it
# starts), so end-of-file on stdin means the JVM is gone, SIGKILL included; no pid of the JVM is watched, so a recycled
# pid can never fool it. Lines on stdin:
#   watch PID NAME   a process to stop when the JVM dies (its start time is taken now, to recognise it later)
#   forget PID       the JVM stopped that process itself
#   release          the build stopped everything: exit without touching anything
# On end-of-file: SIGTERM to every watched process that is still the one recorded, SIGKILL to those left after
# GRACE_SECONDS, then exit. What it does goes to stdout (the JVM sends it to logs/supervisor.log).
grace=${2:-5}
watched=""

# A token for the process's start: field 22 of /proc/PID/stat on Linux, ps's start time elsewhere; empty when the
# process is gone or a zombie.
started_at() {
  if [ -r "/proc/$1/stat" ]; then
    read -r stat < "/proc/$1/stat" 2>/dev/null || return 0
    rest=${stat##*) }
    # shellcheck disable=SC2086
    set -- $rest
    [ "$1" = Z ] && return 0
    shift 19
    echo "$1"
  else
    ps -o lstart= -p "$1" 2>/dev/null | tr -s ' ' '_'
  fi
}

still_ours() {
  eval "recorded=\${at_$1-}"
  [ -n "$recorded" ] && [ "$(started_at "$1")" = "$recorded" ]
}

while read -r verb pid name; do
  case $pid in ''|*[!0-9]*) [ "$verb" = release ] || continue ;; esac
  case $verb in
    watch)
      at=$(started_at "$pid")
      [ -n "$at" ] || continue
      eval "at_$pid=\$at; name_$pid=\$name"
      watched="$watched $pid"
      echo "$(date '+%H:%M:%S') watching $name (pid $pid)"
      ;;
    forget)
      eval "at_$pid="
      ;;
    release)
      echo "$(date '+%H:%M:%S') released: the build stopped its processes itself"
      exit 0
      ;;
  esac
done

echo "$(date '+%H:%M:%S') the JVM that started the build is gone: stopping what it left"
left=""
for pid in $watched; do
  if still_ours "$pid"; then
    eval "name=\${name_$pid}"
    kill -TERM "$pid" 2>/dev/null && echo "$(date '+%H:%M:%S') sent SIGTERM to $name (pid $pid)" && left="$left $pid"
  fi
done
waited=0
while [ -n "$left" ] && [ "$waited" -lt $((grace * 5)) ]; do
  sleep 0.2 2>/dev/null || sleep 1
  waited=$((waited + 1))
  still=""
  for pid in $left; do
    still_ours "$pid" && still="$still $pid"
  done
  left=$still
done
for pid in $left; do
  eval "name=\${name_$pid}"
  kill -KILL "$pid" 2>/dev/null && echo "$(date '+%H:%M:%S') sent SIGKILL to $name (pid $pid) after ${grace} s"
done
echo "$(date '+%H:%M:%S') done"
