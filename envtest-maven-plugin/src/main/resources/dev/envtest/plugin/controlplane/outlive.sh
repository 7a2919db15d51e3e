# Starts a command that is to outlive the JVM asking for it, as a grandchild of that JVM rather than its child
# (POSIX sh, Linux and macOS). Run as: sh -c "$this" envtest-outlive LOG_FILE EXIT_CODE_FILE COMMAND [ARGUMENT...],
# stdin and stdout pipes to the JVM. Why: HotSpot, when it exits, waits at least 300 ms for every thread that is in
# native code, and the JDK's reaper thread of each live child is in waitpid(); a JVM that leaves a child running
# pays that wait.
#
# Prints the pid the command will have, then waits for a line from the JVM before the command is exec'd: the JVM looks
# the pid up while it surely exists (a command that fails at once would otherwise be gone before the JVM knows it).
# The line is passed on through a pipe of this script's own, because the JDK closes its end of this sh's stdin the
# moment this sh exits; this sh exits once the line is passed on. End-of-file instead of the line (the JVM is gone)
# ends it all with 125 and runs nothing. A subshell stays as the command's parent, waits for it and writes its exit
# status to EXIT_CODE_FILE (128 + the signal's number when a signal ended it, as the JDK reports a child's).
#
# The command's stdout and stderr go to LOG_FILE (started afresh), its stdin is /dev/null. It stays in the JVM's
# process group, so a Ctrl-C in the terminal reaches it as before; the shell ignores SIGINT for an asynchronous
# command, but etcd and kube-apiserver install their own handler for it (Go's signal.Notify undoes an inherited
# SIG_IGN).
log=$1
code=$2
shift 2
rm -f "$code"
exec 3>&1
{ read -r go || exit 125; echo "$go"; } | {
  exec 4<&0
  (
    { read -r go <&4 || exit 125; exec "$@" 4<&- </dev/null; } >"$log" 2>&1 &
    echo "$!" >&3
    exec 3>&- 4<&- >/dev/null
    wait "$!"
    echo "$?" >"$code.part" && mv -f "$code.part" "$code"
  ) &
}
