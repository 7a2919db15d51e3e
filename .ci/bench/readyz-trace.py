#!/usr/bin/env python3
"""When each of kube-apiserver's /readyz checks first passes, and when the admin can first create a ServiceAccount:
the evidence for starting the identities when the API server serves (ControlPlane.SERVING) rather than at /readyz.
etcd and kube-apiserver are launched at once with the command lines of a plugin run (the files bare-binaries.py uses:
etcd.cmdline, kube-apiserver.cmdline and pki/ under BARE_DIR, e.g. target/bench-containers/bare after
containers.sh), on an empty etcd or on a copy of SEED (a saved bootstrap, ~/.cache/envtest-maven-plugin/etcd-seeds/
<key>). /readyz?verbose is polled every 20 ms; a ServiceAccount create is tried with each poll until it succeeds.
usage: readyz-trace.py BARE_DIR [SEED]"""
import http.client, json, os, shutil, signal, sys, tempfile, time

from bare_launch import admin_tls, cmdline, launch

bare = sys.argv[1]
seed = sys.argv[2] if len(sys.argv) > 2 else None
etcd_cmd, api_cmd = cmdline(os.path.join(bare, "etcd.cmdline")), cmdline(os.path.join(bare, "kube-apiserver.cmdline"))
pki = os.path.join(bare, "pki")
port = int(next(a.split("=", 1)[1] for a in api_cmd if a.startswith("--secure-port=")))
data = next(a.split("=", 1)[1] for a in etcd_cmd if a.startswith("--data-dir="))
shutil.rmtree(data, ignore_errors=True)
if seed:
    shutil.copytree(seed, data)
logs = tempfile.mkdtemp(prefix="readyz-trace-")
ctx = admin_tls(pki)

def request(method, path, body=None):
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=2)
    conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
    response = conn.getresponse()
    text = response.read().decode()
    conn.close()
    return response.status, text

t0 = time.monotonic()
etcd, api = launch(etcd_cmd, api_cmd, logs)
first_ok, created, ready, attempt = {}, None, None, 0
try:
    while time.monotonic() - t0 < 60 and ready is None:
        try:
            status, text = request("GET", "/readyz?verbose")
            now = int((time.monotonic() - t0) * 1000)
            for line in text.splitlines():
                if line.startswith("[+]"):
                    first_ok.setdefault(line[3:].split(" ")[0], now)
            if created is None:
                attempt += 1
                body = json.dumps({"metadata": {"name": "trace-%d" % attempt}})
                if request("POST", "/api/v1/namespaces/default/serviceaccounts", body)[0] == 201:
                    created = int((time.monotonic() - t0) * 1000)
            if status == 200:
                ready = now
        except OSError:
            pass
        time.sleep(0.02)
finally:
    api.send_signal(signal.SIGTERM)
    api.wait()
    etcd.kill()
    etcd.wait()
    shutil.rmtree(data, ignore_errors=True)
print("%s etcd: /readyz 200 at %s ms; a ServiceAccount created at %s ms (from the launch)"
      % ("seeded" if seed else "empty", ready, created))
for check, ms in sorted(first_ok.items(), key=lambda item: item[1]):
    print("  %5d ms  %s" % (ms, check))
