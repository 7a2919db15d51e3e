#!/usr/bin/env python3
"""The limit for .ci/bench/side-by-side.sh: etcd and kube-apiserver launched at once, with the command lines a plugin
run used (captured from /proc while it ran: same flags, same ports, PKI files copied), then /readyz polled every 10 ms
with the plugin's admin client certificate until it answers 200. Prints the time from the launch to that answer and
how long stopping both took (SIGTERM to the API server, SIGKILL to etcd, as the plugin's stop does).
usage: bare-binaries.py ETCD_CMDLINE_FILE APISERVER_CMDLINE_FILE PKI_DIR LOG_DIR"""
import http.client, os, signal, subprocess, sys, time

from bare_launch import admin_tls, cmdline, launch

etcd_cmd, api_cmd = cmdline(sys.argv[1]), cmdline(sys.argv[2])
pki, logs = sys.argv[3], sys.argv[4]
port = next(a.split("=", 1)[1] for a in api_cmd if a.startswith("--secure-port="))
data = next(a.split("=", 1)[1] for a in etcd_cmd if a.startswith("--data-dir="))
subprocess.run(["rm", "-rf", data], check=True)
ctx = admin_tls(pki)

t0 = time.monotonic()
etcd, api = launch(etcd_cmd, api_cmd, logs)
deadline = t0 + 120
ready = None
while time.monotonic() < deadline and api.poll() is None and etcd.poll() is None:
    try:
        conn = http.client.HTTPSConnection("127.0.0.1", int(port), context=ctx, timeout=2)
        conn.request("GET", "/readyz")
        if conn.getresponse().status == 200:
            ready = time.monotonic() - t0
            break
        conn.close()
    except OSError:
        pass
    time.sleep(0.01)
t1 = time.monotonic()
api.send_signal(signal.SIGTERM)
api.wait()
etcd.kill()
etcd.wait()
stop = time.monotonic() - t1
subprocess.run(["rm", "-rf", data], check=True)
if ready is None:
    sys.exit("not ready within 120 s (exit codes: etcd %s, kube-apiserver %s; logs in %s)" % (etcd.poll(), api.poll(), logs))
print("ready %d ms, stop %d ms" % (ready * 1000, stop * 1000))
