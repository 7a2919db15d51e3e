#!/usr/bin/env bash
# A local envtest release mirror for the binaries-download integration project:
#   mirror.sh start MIRROR_DIR PORT VERSION STORE_DIR JAVA
#       packs etcd, kube-apiserver and kubectl (from the setup-envtest store CI fills, or $ENVTEST_SOURCE_BINARIES)
#       into MIRROR_DIR/vVERSION/envtest-vVERSION-<os>-<arch>.tar.gz in the official layout
#       (controller-tools/envtest/...), writes MIRROR_DIR/envtest-releases.yaml with its SHA-512 and a selfLink
#       relative to the index, empties STORE_DIR (the store the plugin will download into), and serves MIRROR_DIR on
#       127.0.0.1:PORT (0: a free port, written to MIRROR_DIR.port) with MirrorServer.java run by JAVA, logging
#       requests to MIRROR_DIR.log. A watchdog stops the server when the process that started it (Maven) exits.
#   mirror.sh stop MIRROR_DIR
#       stops the server.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

fail() { echo "mirror.sh: ERROR: $*" >&2; exit 1; }

stop_server() {
  local pidfile="$1.pid"
  if [[ -f "$pidfile" ]]; then
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
      echo "mirror.sh: stopped the mirror server (pid $pid)"
    fi
    rm -f "$pidfile"
  fi
}

case "${1:-}" in
  start)
    mirror="${2:?MIRROR_DIR}"; port="${3:?PORT}"; version="${4:?VERSION}"; store="${5:?STORE_DIR}"; java="${6:?JAVA}"
    case "$(uname -s)" in Linux) os=linux ;; Darwin) os=darwin ;; *) fail "unsupported OS $(uname -s)" ;; esac
    case "$(uname -m)" in x86_64|amd64) arch=amd64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
    source_dir="${ENVTEST_SOURCE_BINARIES:-${XDG_DATA_HOME:-$HOME/.local/share}/kubebuilder-envtest/k8s/${version}-${os}-${arch}}"
    for f in etcd kube-apiserver kubectl; do
      [[ -f "$source_dir/$f" ]] || fail "$source_dir/$f is missing: run .ci/build-envtest-binaries $version (or set ENVTEST_SOURCE_BINARIES)"
    done

    stop_server "$mirror"
    # The store this project downloads into starts empty, so the download path is what gets tested.
    if [[ -d "$store" ]]; then chmod -R u+w "$store"; rm -rf "$store"; fi

    name="envtest-v${version}-${os}-${arch}.tar.gz"
    archive="$mirror/v${version}/$name"
    mkdir -p "$mirror/v${version}"
    if [[ ! -f "$archive" || "$source_dir/kube-apiserver" -nt "$archive" ]]; then
      started=$(date +%s%N)
      tar -C "$source_dir" --transform 's,^,controller-tools/envtest/,' --owner=0 --group=0 -cf - etcd kube-apiserver kubectl \
        | gzip -1 > "$archive.tmp"
      mv "$archive.tmp" "$archive"
      echo "mirror.sh: packed $archive ($(( $(stat -c %s "$archive") / 1048576 )) MB) in $(( ($(date +%s%N) - started) / 1000000 )) ms"
    fi
    hash="$(sha512sum "$archive" | cut -d' ' -f1)"
    cat > "$mirror/envtest-releases.yaml" <<YAML
releases:
  v${version}:
    ${name}:
      hash: ${hash}
      selfLink: v${version}/${name}
YAML

    : > "$mirror.log"
    rm -f "$mirror.port"
    starter="$PPID"
    nohup "$java" "$here/MirrorServer.java" "$mirror" "$port" </dev/null >>"$mirror.log" 2>&1 &
    server=$!
    echo "$server" > "$mirror.pid"
    # Stop the server with the process that started it, even if the build fails before post-integration-test.
    ( while kill -0 "$starter" 2>/dev/null && kill -0 "$server" 2>/dev/null; do sleep 1; done; kill "$server" 2>/dev/null ) \
      </dev/null >/dev/null 2>&1 &
    for _ in $(seq 1 300); do
      if [[ -s "$mirror.port" ]] && (exec 3<>"/dev/tcp/127.0.0.1/$(cat "$mirror.port")") 2>/dev/null; then
        echo "mirror.sh: serving $mirror on http://127.0.0.1:$(cat "$mirror.port")/ (pid $server, log $mirror.log)"
        exit 0
      fi
      kill -0 "$server" 2>/dev/null || { cat "$mirror.log" >&2; fail "the mirror server exited"; }
      sleep 0.1
    done
    stop_server "$mirror"
    fail "the mirror server did not listen within 30 s (log: $mirror.log)"
    ;;
  stop)
    stop_server "${2:?MIRROR_DIR}"
    ;;
  *)
    echo "usage: mirror.sh start MIRROR_DIR PORT VERSION STORE_DIR JAVA | mirror.sh stop MIRROR_DIR" >&2
    exit 2
    ;;
esac
