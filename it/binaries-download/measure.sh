#!/usr/bin/env bash
# Measures the binaries goal against the local mirror (see mirror.sh): a download into an empty store
# (index + archive over HTTP, SHA-512, unpack, atomic install), then resolves from the filled store.
# usage: it/binaries-download/measure.sh [RUNS]      (after ./mvnw -B -q -pl envtest-maven-plugin install -DskipTests)
# Extra Maven flags can be passed in MAVEN_ARGS (e.g. -Dmaven.repo.local=...).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
runs="${1:-3}"
version=1.34.2
work="$here/target/measure"
mkdir -p "$work"
store="$work/store"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
trap 'bash "$here/mirror.sh" stop "$work/mirror" >/dev/null' EXIT
bash "$here/mirror.sh" start "$work/mirror" 0 "$version" "$store" "$java"
port="$(cat "$work/mirror.port")"
goal="dev.envtest:envtest-maven-plugin:0.1.0-SNAPSHOT:binaries"
# Run outside any project (the goal needs none), so only these -D settings apply.
cd "$work"
flags=(-B ${MAVEN_ARGS:-} "-Denvtest.indexUrl=http://127.0.0.1:$port/envtest-releases.yaml"
       "-Denvtest.storeDirectory=$store" "-Denvtest.kubernetesVersion=$version")

for i in $(seq 1 "$runs"); do
  [[ -d "$store" ]] && { chmod -R u+w "$store"; rm -rf "$store"; }
  out="$("$repo/mvnw" "${flags[@]}" "$goal")"
  echo "download #$i: $(grep -o 'Installed envtest.*' <<<"$out" | sed 's/ into [^:]*:/:/') | goal: $(grep -o 'Resolved in [0-9]* ms' <<<"$out")"
done
for i in $(seq 1 "$runs"); do
  out="$("$repo/mvnw" "${flags[@]}" "$goal")"
  echo "cached   #$i: $(grep -o 'Resolved in [0-9]* ms' <<<"$out")"
done
started=$(date +%s%N)
"$repo/mvnw" "${flags[@]}" -q "$goal" >/dev/null
echo "whole mvn -q envtest:binaries, cached: $(( ($(date +%s%N) - started) / 1000000 )) ms (Maven start-up included)"
