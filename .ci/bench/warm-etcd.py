#!/usr/bin/env python3
"""Cold start against a start on a seeded etcd data directory, for .ci/bench/warm-etcd.sh.

The command lines are a plugin run's (captured from /proc, as for bare-binaries.py). "cold" launches etcd on an empty
data directory and kube-apiserver at once and polls /readyz every 10 ms until 200. "seed" does the same, then stops the
API server (SIGTERM, waited for), deletes every key outside what each start reconciles (KEPT, the same list as the
plugin's EtcdSeeder: the API server's identity lease and the extension-apiserver-authentication ConfigMap go) through
etcd's JSON gateway, compacts and defragments, stops etcd
cleanly (SIGTERM) and saves its data directory, with the WAL's preallocated zero tail cut off (frames are walked to the
first zero length), as SEED_DIR. "warm" copies SEED_DIR into a fresh data directory (the copy is part of the time),
then launches both and polls as "cold". Stop as the plugin does (SIGTERM to the API server, SIGKILL to etcd).
With a nonzero OTHER_PORTS, etcd's peer and client ports are free ports chosen afresh, so that a warm start runs on
other ports than the seed's run did.
usage: warm-etcd.py cold|seed|warm ETCD_CMDLINE APISERVER_CMDLINE PKI_DIR LOG_DIR SEED_DIR [OTHER_PORTS]
prints: "<mode> ready N ms (copy M ms)" """
import base64, http.client, json, os, re, shutil, signal, socket, struct, subprocess, sys, time

from bare_launch import admin_tls, cmdline, launch


KEPT = tuple("/registry/" + p + "/" for p in (
    "apiregistration.k8s.io/apiservices", "clusterrolebindings", "clusterroles", "flowschemas", "namespaces",
    "prioritylevelconfigurations", "priorityclasses", "rolebindings", "roles", "servicecidrs"))


mode = sys.argv[1]
etcd_cmd, api_cmd = cmdline(sys.argv[2]), cmdline(sys.argv[3])
pki, logs, seed = sys.argv[4], sys.argv[5], sys.argv[6]
offset = int(sys.argv[7]) if len(sys.argv) > 7 else 0  # OTHER_PORTS


fresh = {}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shift(cmd):
    # with a nonzero OTHER_PORTS, every 127.0.0.1:PORT (etcd's client and peer ports, the API server's etcd URL) becomes
    # a free port of its own, the same one wherever it occurs: a warm start on other ports than the seed's run
    if not offset:
        return cmd
    return [re.sub(r"127\.0\.0\.1:(\d+)", lambda m: "127.0.0.1:%d" % fresh.setdefault(m.group(1), free_port()), a)
            for a in cmd]


etcd_cmd, api_cmd = shift(etcd_cmd), shift(api_cmd)
flag = lambda cmd, name: next(a.split("=", 1)[1] for a in cmd if a.startswith("--" + name + "="))
port = int(flag(api_cmd, "secure-port"))
data = flag(etcd_cmd, "data-dir")
etcd_url = flag(api_cmd, "etcd-servers")
subprocess.run(["rm", "-rf", data], check=True)
os.makedirs(logs, exist_ok=True)
ctx = admin_tls(pki)

copy_ms = 0
t0 = time.monotonic()
if mode == "warm":
    shutil.copytree(seed, data)
    copy_ms = (time.monotonic() - t0) * 1000
etcd, api = launch(etcd_cmd, api_cmd, logs)
deadline = t0 + 120
ready = None
while time.monotonic() < deadline and api.poll() is None and etcd.poll() is None:
    try:
        conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=2)
        conn.request("GET", "/readyz")
        if conn.getresponse().status == 200:
            ready = time.monotonic() - t0
            break
        conn.close()
    except OSError:
        pass
    time.sleep(0.01)


def gateway(path, body):
    host, p = etcd_url.split("//")[1].split(":")
    conn = http.client.HTTPConnection(host, int(p), timeout=10)
    conn.request("POST", path, json.dumps(body))
    answer = conn.getresponse()
    text = answer.read()
    if answer.status != 200:
        sys.exit("etcd %s: %s %s" % (path, answer.status, text))
    return json.loads(text)


b64 = lambda s: base64.b64encode(s.encode()).decode()


def cut_wal_tail(directory):
    # etcd preallocates each WAL segment to 64 MB of zeros; the records end at the first frame whose length is zero
    for name in os.listdir(directory):
        path = os.path.join(directory, name)
        with open(path, "r+b") as f:
            pos = 0
            while True:
                f.seek(pos)
                header = f.read(8)
                if len(header) < 8:
                    break
                (value,) = struct.unpack("<Q", header)
                length = value & ~(0xff << 56)
                if length == 0:
                    break
                pad = (value >> 56) & 0x7 if value & (1 << 63) else 0
                pos += 8 + length + pad
            f.truncate(pos)


if ready is not None and mode == "seed":
    api.send_signal(signal.SIGTERM)
    api.wait()
    keys = gateway("/v3/kv/range", {"key": b64("\0"), "range_end": b64("\0"), "keys_only": True}).get("kvs", [])
    names = [base64.b64decode(k["key"]).decode() for k in keys]
    with open(os.path.join(logs, "keys.txt"), "w") as f:
        f.write("\n".join(names) + "\n")
    doomed = [n for n in names if not n.startswith(KEPT)]
    for n in doomed:
        gateway("/v3/kv/deleterange", {"key": b64(n)})
    revision = gateway("/v3/kv/range", {"key": b64("/"), "limit": 1})["header"]["revision"]
    gateway("/v3/kv/compaction", {"revision": revision, "physical": True})
    gateway("/v3/maintenance/defragment", {})
    etcd.send_signal(signal.SIGTERM)
    etcd.wait()
    subprocess.run(["rm", "-rf", seed], check=True)
    shutil.copytree(data, seed)
    cut_wal_tail(os.path.join(seed, "member", "wal"))
    print("seed: %d keys, deleted %s; %s" % (len(names), doomed,
          subprocess.run(["du", "-sh", "--apparent-size", seed], capture_output=True, text=True).stdout.split()[0]))
else:
    api.send_signal(signal.SIGTERM)
    api.wait()
    etcd.kill()
    etcd.wait()
subprocess.run(["rm", "-rf", data], check=True)
if ready is None:
    sys.exit("not ready within 120 s (exit codes: etcd %s, kube-apiserver %s; logs in %s)" % (etcd.poll(), api.poll(), logs))
print("%s ready %d ms (copy %d ms)" % (mode, ready * 1000, copy_ms))
