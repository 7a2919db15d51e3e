#!/usr/bin/env bash
# What a Maven process spends around the plugin's goals, this build against another build, in N alternating pairs
# (default 6; the order flips every pair). Three builds, each measured from outside with the lines' arrival times:
#   lifecycle: `mvn verify` of a pom with start and stop bound (one ServiceAccount, so the identities stage's Kubernetes
#              client runs), as a service's CI runs it;
#   alone:     `mvn envtest:start` on a bare pom, which leaves etcd and kube-apiserver running after the JVM exits (a
#              stop, not measured, follows);
#   stop:      `mvn envtest:stop` on a pom where nothing runs: Maven and the plugin's class realm, nothing else.
# For each: the whole process; from Maven's "--- envtest:...:start" header to the goal's first line (the plugin's
# class realm: Maven reads the poms of the plugin's dependencies and builds their models before the goal can run); and
# from "BUILD SUCCESS" to the end of the process (the JVM's exit); for the starts also the goal's own "envtest ready
# in". Prints each pair, the medians and this/baseline.
# usage: BASELINE_REPO=<a local repository holding the other build, same version> .ci/bench/around-the-goal.sh [pairs]
set -euo pipefail
pairs="${1:-6}"
: "${BASELINE_REPO:?set BASELINE_REPO to a local repository holding the build to compare with}"
source "$(dirname "${BASH_SOURCE[0]}")/install-plugin.sh"
project="$root/target/bench-around-the-goal"
rm -rf "$project" && mkdir -p "$project/lifecycle" "$project/alone" "$project/stop"
cat > "$project/lifecycle/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>bench</groupId><artifactId>around-the-goal</artifactId><version>1</version><packaging>pom</packaging>
<build><plugins><plugin><groupId>dev.envtest</groupId><artifactId>envtest-maven-plugin</artifactId><version>$version</version>
<executions><execution><goals><goal>start</goal><goal>stop</goal></goals></execution></executions>
<configuration><serviceAccounts><serviceAccount><name>reader</name></serviceAccount></serviceAccounts></configuration>
</plugin></plugins></build></project>
POM
bare_pom "$project/stop"
bare_pom "$project/alone" around-the-goal-alone
trap '"${mvn[@]}" -q -f "$project/alone/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
base=("$root/mvnw" -B "-Dmaven.repo.local=$BASELINE_REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository")
# one Maven run: prints "<process ms> <header to the goal's first line ms> <BUILD SUCCESS to the end ms> <envtest ready
# in ms, 0 for stop>"
measure() {
  python3 - "$@" <<'PY'
import re, subprocess, sys, time
t0 = time.monotonic()
p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
header = first = success = None
ready = 0
out = []
for line in p.stdout:
    now = time.monotonic()
    out.append(line)
    if header is None and "--- envtest:" in line:
        header = now
    elif header is not None and first is None and line.strip() not in ("", "[INFO]"):
        first = now
    if "BUILD SUCCESS" in line:
        success = now
    found = re.search(r"envtest ready in (\d+) ms", line)
    if found:
        ready = int(found.group(1))
p.wait()
end = time.monotonic()
if p.returncode != 0 or None in (header, first, success):
    sys.stderr.write("".join(out[-30:]))
    sys.exit(1)
print(f"{(end - t0) * 1000:.0f} {(first - header) * 1000:.0f} {(end - success) * 1000:.0f} {ready}")
PY
}
one_pair_side() {
  local lifecycle alone stop
  lifecycle=$(measure "$@" -f "$project/lifecycle/pom.xml" verify)
  alone=$(measure "$@" -f "$project/alone/pom.xml" "$plugin:start")
  "$@" -q -f "$project/alone/pom.xml" "$plugin:stop" >/dev/null
  stop=$(measure "$@" -f "$project/stop/pom.xml" "$plugin:stop")
  echo "$lifecycle $alone $stop"
}
describe() {
  read -r lp lr le lo ap ar ae ao sp sr se _ <<<"$1"
  echo "lifecycle $lp ms (realm $lr, exit $le, ready $lo) | alone $ap ms (realm $ar, exit $ae, ready $ao) | stop $sp ms (realm $sr, exit $se)"
}
rows=()
for i in $(seq 1 "$pairs"); do
  if (( i % 2 )); then this=$(one_pair_side "${mvn[@]}"); baseline=$(one_pair_side "${base[@]}");
  else baseline=$(one_pair_side "${base[@]}"); this=$(one_pair_side "${mvn[@]}"); fi
  echo "pair $i: this build: $(describe "$this") || baseline: $(describe "$baseline")   (load $(cut -d' ' -f1 /proc/loadavg))"
  rows+=("$this $baseline")
done
printf '%s\n' "${rows[@]}" > "$project/rows"
python3 - "$project/rows" <<'PY'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1]) if l.strip()]
m = [statistics.median(r[i] for r in rows) for i in range(24)]
names = ["lifecycle mvn verify, whole process", "lifecycle, --- start header to the goal's first line",
         "lifecycle, BUILD SUCCESS to the process's end", "lifecycle, envtest ready in (the goal's own)",
         "mvn envtest:start alone, whole process", "start alone, --- header to the goal's first line",
         "start alone, BUILD SUCCESS to the process's end", "start alone, envtest ready in (the goal's own)",
         "mvn envtest:stop alone, whole process", "stop alone, --- header to the goal's first line",
         "stop alone, BUILD SUCCESS to the process's end", None]
print(f"{'median of %d pairs, ms' % len(rows):56s} {'this':>7s} {'baseline':>9s} {'this/baseline':>14s}")
for k, name in enumerate(names):
    if name:
        print(f"{name:56s} {m[k]:7.0f} {m[k + 12]:9.0f} {m[k] / m[k + 12]:14.2f}")
PY
