#!/usr/bin/env bash
# The plugin's start side by side with the limit and the other Kubernetes test-environment launchers, interleaved in
# N rounds (default 5), all on the same envtest binaries (the setup-envtest store, Kubernetes $K8S_VERSION), "ready"
# being the API server's /readyz answering 200:
#   bare        etcd and kube-apiserver launched at once by bare-binaries.py with the command lines (flags, PKI files)
#               of the plugin's own run, captured from /proc in round 1
#   bare as the plugin launches them: the same, but etcd on a copy of a saved bootstrap (warm-etcd.py, like the
#               plugin's default warmEtcd) and with the Go settings the plugin adds to their environment (captured from
#               /proc too): what is left between the two is the plugin's own cost
#   plugin      `mvn envtest:start` on a bare pom: its own "envtest ready in" figure, and the whole mvn process
#   envtest     controller-runtime's envtest, Environment.Start() (envtest-go/, module pinned, built from the Go
#               module proxy into target/bench-go)
#   kube-api-test  fabric8 kube-api-test's KubeAPIServer.start() (kube-api-test/, from Maven Central, built into
#               target/bench-kube-api-test), in-JVM time; the JVM's own start is not counted
# Prints each round, the medians, and the ratios plugin/bare, plugin/envtest, plugin/kube-api-test. The plugin comes
# from this checkout, installed into a private local repository (see install-plugin.sh). BASELINE_REPO=<a local
# repository holding another build of the plugin, same version> adds that build's start to every round (to compare a
# change with what it replaces). Logs: target/bench-side-by-side.
# usage: [BASELINE_REPO=dir] .ci/bench/side-by-side.sh [rounds]
set -euo pipefail
rounds="${1:-5}"
bench="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$bench/install-plugin.sh"
k8s="${K8S_VERSION:-1.34.2}"
store_root="${ENVTEST_STORE:-$HOME/.local/share/kubebuilder-envtest}"
assets="$store_root/k8s/$k8s-linux-amd64"
[[ -x "$assets/kube-apiserver" && -x "$assets/etcd" ]] || { echo "no envtest binaries in $assets (run .ci/setup)" >&2; exit 1; }
out="$root/target/bench-side-by-side"
rm -rf "$out" && mkdir -p "$out/project" "$out/bare"

# controller-runtime envtest: a Go program, its modules from the proxy into a cache under target/
export PATH="$PATH:/usr/local/go/bin"
gocache="$root/target/bench-go"
( cd "$bench/envtest-go" && GOMODCACHE="$gocache/mod" GOCACHE="$gocache/cache" GOFLAGS=-modcacherw \
    go build -o "$gocache/envtest-go" . ) >"$out/build-envtest-go.log" 2>&1 \
  || { tail -20 "$out/build-envtest-go.log" >&2; exit 1; }
# kube-api-test: a Java program, built with its classpath into target/
"${mvn[@]}" -q -f "$bench/kube-api-test/pom.xml" package dependency:build-classpath \
    -Dmdep.outputFile="$root/target/bench-kube-api-test/classpath" >"$out/build-kube-api-test.log" 2>&1 \
  || { tail -20 "$out/build-kube-api-test.log" >&2; exit 1; }
kat_cp="$root/target/bench-kube-api-test/classes:$(cat "$root/target/bench-kube-api-test/classpath")"

bare_pom "$out/project"
trap '"${mvn[@]}" -q -f "$out/project/pom.xml" "$plugin:stop" >/dev/null 2>&1 || true' EXIT
ms() { echo $(( $(date +%s%N) / 1000000 )); }
num() { sed -n "s/.*$1 \([0-9]*\) ms.*/\1/p" <<<"$2" | head -1; }

plugin_round() {
  local i="$1" t0
  t0="$(ms)"
  "${mvn[@]}" -f "$out/project/pom.xml" "$plugin:start" >"$out/plugin-start-$i.log" 2>&1 \
    || { tail -30 "$out/plugin-start-$i.log" >&2; exit 1; }
  plugin_mvn=$(( $(ms) - t0 ))
  plugin_own="$(num 'envtest ready in' "$(cat "$out/plugin-start-$i.log")")"
  if [[ $i == 1 ]]; then
    # the limit uses exactly the plugin's command lines and PKI files
    session="$out/project/target/envtest/session.json"
    for name in etcd kube-apiserver; do
      pid="$(python3 -c 'import json,sys; print(next(p["pid"] for p in json.load(open(sys.argv[1]))["processes"] if p["name"] == sys.argv[2]))' "$session" "$name")"
      sed "s#$out/project/target/envtest#$out/bare#g" "/proc/$pid/cmdline" > "$out/bare/$name.cmdline"
    done
    cp -a "$out/project/target/envtest/pki" "$out/bare/pki"
    # what the plugin adds to the binaries' environment for Go (GOGC), as kube-apiserver got it
    tr '\0' '\n' < "/proc/$pid/environ" | grep '^GO[A-Z]*=' > "$out/bare/go.env" || true
  fi
  t0="$(ms)"
  "${mvn[@]}" -f "$out/project/pom.xml" "$plugin:stop" >"$out/plugin-stop-$i.log" 2>&1 \
    || { tail -30 "$out/plugin-stop-$i.log" >&2; exit 1; }
  plugin_stop=$(( $(ms) - t0 ))
}

baseline_round() {
  local i="$1"
  "$root/mvnw" -B "-Dmaven.repo.local=$BASELINE_REPO" "-Dmaven.repo.local.tail=$HOME/.m2/repository" \
      -f "$out/project/pom.xml" "$plugin:start" "$plugin:stop" >"$out/baseline-$i.log" 2>&1 \
    || { tail -30 "$out/baseline-$i.log" >&2; exit 1; }
  baseline="$(num 'envtest ready in' "$(cat "$out/baseline-$i.log")")"
}

seed_made=""
rows=()
for i in $(seq 1 "$rounds"); do
  baseline=0
  # the plugin and the baseline take turns going first (round 1: the plugin, which the bare run's command lines need):
  # whichever runs right after another JVM's processes have stopped was measured slower
  if [[ -n "${BASELINE_REPO:-}" && $(( i % 2 )) == 0 ]]; then
    baseline_round "$i"
    plugin_round "$i"
  else
    plugin_round "$i"
    if [[ -n "${BASELINE_REPO:-}" ]]; then
      baseline_round "$i"
    fi
  fi
  bare_line="$(python3 "$bench/bare-binaries.py" "$out/bare/etcd.cmdline" "$out/bare/kube-apiserver.cmdline" "$out/bare/pki" "$out/bare/logs-$i")"
  bare="$(num 'ready' "$bare_line")"
  if [[ -z "$seed_made" ]]; then
    python3 "$bench/warm-etcd.py" seed "$out/bare/etcd.cmdline" "$out/bare/kube-apiserver.cmdline" "$out/bare/pki" \
      "$out/bare/logs-seed" "$out/bare/seed" > "$out/bare/seed.log"
    seed_made=1
  fi
  as_plugin_line="$(env $(cat "$out/bare/go.env") python3 "$bench/warm-etcd.py" warm "$out/bare/etcd.cmdline" \
    "$out/bare/kube-apiserver.cmdline" "$out/bare/pki" "$out/bare/logs-warm-$i" "$out/bare/seed" 1)"
  as_plugin="$(num 'ready' "$as_plugin_line")"

  envtest_line="$(KUBEBUILDER_ASSETS="$assets" "$gocache/envtest-go" 2>"$out/envtest-$i.log")" \
    || { tail -20 "$out/envtest-$i.log" >&2; exit 1; }
  envtest="$(num 'ready' "$envtest_line")"

  kat_line="$(java -cp "$kat_cp" bench.KubeApiTestStart "$store_root" "$k8s" 2>"$out/kube-api-test-$i.log")" \
    || { tail -20 "$out/kube-api-test-$i.log" >&2; exit 1; }
  kat="$(num 'start' "$kat_line")"

  echo "round $i: bare $bare ms, as the plugin launches them $as_plugin ms | plugin $plugin_own ms (mvn process $plugin_mvn ms; stop's mvn process $plugin_stop ms) | envtest $envtest ms | kube-api-test $kat ms   (load $(cut -d' ' -f1 /proc/loadavg))${BASELINE_REPO:+ | baseline plugin $baseline ms}"
  rows+=("$bare $plugin_own $plugin_mvn $envtest $kat $plugin_stop $baseline $as_plugin")
done
printf '%s\n' "${rows[@]}" | python3 -c '
import sys, statistics
rows = [list(map(int, l.split())) for l in sys.stdin if l.strip()]
med = [statistics.median(r[i] for r in rows) for i in range(8)]
names = {0: "bare binaries, launch to /readyz", 7: "bare, as the plugin launches them", 1: "plugin start, its own figure",
         2: "plugin start, whole mvn process", 3: "controller-runtime envtest Start()", 4: "kube-api-test start()",
         5: "plugin stop, whole mvn process"}
for i, name in names.items():
    col = [r[i] for r in rows]
    print(f"{name:36s} median {med[i]:7.0f} ms   min {min(col):6d}   max {max(col):6d}   (n={len(col)})")
print(f"plugin/bare {med[1]/med[0]:.2f}   plugin/envtest {med[1]/med[3]:.2f}   plugin/kube-api-test {med[1]/med[4]:.2f}"
      f"   (whole mvn process/bare {med[2]/med[0]:.2f})")
print(f"plugin/bare as the plugin launches them {med[1]/med[7]:.2f} (what the plugin itself adds)   bare as the plugin launches them/bare {med[7]/med[0]:.2f}")
if med[6]:
    print(f"baseline plugin start, its own figure median {med[6]:.0f} ms; plugin/baseline {med[1]/med[6]:.2f}")
'
