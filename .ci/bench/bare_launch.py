"""What the scripts that launch the bare binaries share (bare-binaries.py, warm-etcd.py, readyz-trace.py): a plugin
run's command lines as captured from /proc, the admin client's TLS context, and etcd and kube-apiserver launched at
once with their logs."""
import os, ssl, subprocess


def cmdline(path):
    """A /proc/<pid>/cmdline copy: NUL-separated arguments."""
    with open(path, "rb") as f:
        return [a.decode() for a in f.read().split(b"\0") if a]


def admin_tls(pki):
    """Trusts the run's CA and presents its admin client certificate."""
    ctx = ssl.create_default_context(cafile=os.path.join(pki, "ca.crt"))
    ctx.load_cert_chain(os.path.join(pki, "admin.crt"), os.path.join(pki, "admin.key"))
    return ctx


def launch(etcd_cmd, api_cmd, logs):
    """etcd and kube-apiserver at once, each logging to LOG_DIR/<name>.log; returns (etcd, kube-apiserver)."""
    os.makedirs(logs, exist_ok=True)
    etcd = subprocess.Popen(etcd_cmd, stdout=open(os.path.join(logs, "etcd.log"), "w"), stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL)
    api = subprocess.Popen(api_cmd, stdout=open(os.path.join(logs, "kube-apiserver.log"), "w"), stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL)
    return etcd, api
