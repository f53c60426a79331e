"""kenpo for many users on one machine: K Streamlit replicas behind nginx.

    .venv/bin/python deploy/serve_shared.py --replicas 2 --listen 0.0.0.0:8080
    make serve-shared REPLICAS=2 LISTEN=0.0.0.0:8080

Starts K replicas of the dashboard (``streamlit run server.py``, as `make run` does) on free
loopback ports, all reading the same store read-only (KENPO_DB), and Debian's nginx in the
foreground in front of them, with session affinity by a cookie and websocket proxying
(deploy/nginx.conf.template; docs/deploy.md explains it). nginx runs as a child of this script with
its configuration, logs and temporary folders in a run folder of its own, not as the system
service. Ctrl-C or SIGTERM stops nginx and every replica; the children also get SIGTERM if this
script dies (Linux's parent-death signal), so no process is left behind.

A store published at the store path (`make publish`: a temporary file beside it, then a rename) is
read by every replica at its next page run (kenpo.connection pins one version per run).

This is operations tooling, not part of the app: it lives in deploy/ beside the nginx template
it fills; tests/deploy and bench/loadtest.py start it through ``shared()``.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path(__file__).with_name("nginx.conf.template")
NGINX = os.environ.get("KENPO_NGINX") or "/usr/sbin/nginx"


def nginx_binary() -> str | None:
    """Debian's nginx (apt-get install nginx), or one on PATH; None when there is none."""
    if Path(NGINX).is_file() and os.access(NGINX, os.X_OK):
        return NGINX
    return shutil.which("nginx")


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _die_with_parent() -> None:
    """In the child, before exec: SIGTERM when the parent (this script) dies, however it dies."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def render_config(run_dir: Path, listen: str, replica_ports: list[int], secure_cookie: bool = False) -> str:
    """The nginx configuration for these replicas (the template's ${name} fields filled)."""
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=5s;" for p in replica_ports)
    # As root, nginx's master keeps root and its worker runs as nobody; unprivileged, nginx runs as
    # the user who started it and ignores "user".
    user = "user nobody nogroup;" if os.geteuid() == 0 else ""
    values = {
        "run_dir": str(run_dir),
        "listen": listen,
        "upstream_servers": servers,
        "user_line": user,
        "cookie_secure": "; Secure" if secure_cookie else "",
    }
    return re.sub(r"\$\{(\w+)\}", lambda m: values[m.group(1)], TEMPLATE.read_text(encoding="utf-8"))


def _wait_http(url: str, proc: subprocess.Popen, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None:
            err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
            raise RuntimeError(f"{what} exited with {proc.returncode}: {err}")
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not answer on {url} within {timeout:.0f} s")
        time.sleep(0.2)


@dataclass
class Shared:
    """A running deployment: nginx's address and the replicas behind it."""

    url: str
    run_dir: Path
    store: Path
    replica_ports: list[int]
    replicas: list[subprocess.Popen] = field(default_factory=list)
    nginx: subprocess.Popen | None = None

    def pids(self) -> dict[str, list[int]]:
        return {"replicas": [p.pid for p in self.replicas], "nginx": [self.nginx.pid] if self.nginx else []}

    base_path: str = ""

    def replica_urls(self) -> list[str]:
        return [f"http://127.0.0.1:{p}{self.base_path}" for p in self.replica_ports]


def start_replica(store: Path, port: int, log: Path, cookie_secret: str, base_path: str = "") -> subprocess.Popen:
    """``streamlit run server.py`` on 127.0.0.1:port against the store (loopback only: nginx is the
    only way in). Every replica gets the same cookie secret (Streamlit signs its XSRF cookie with
    it; each process would otherwise draw its own, and a browser moved to another replica, when
    its replica stopped, would carry a cookie the new one rejects). Passed in the environment, not
    on the command line that every user of the machine can read in ps."""
    env = {**os.environ, "KENPO_DB": str(store), "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret}
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "server.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *(["--server.baseUrlPath", base_path] if base_path else []),
    ]
    out = log.open("ab")
    try:
        return subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, preexec_fn=_die_with_parent
        )
    finally:
        out.close()


def stop(procs: list[subprocess.Popen], sig: int = signal.SIGTERM, timeout: float = 10.0) -> None:
    """Signal every process, wait for all of them, kill what is still there after ``timeout``."""
    for proc in procs:
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(sig)
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextlib.contextmanager
def shared(
    store: Path,
    replicas: int = 2,
    *,
    listen: str | None = None,
    run_dir: Path | None = None,
    secure_cookie: bool = False,
    base_path: str = "",
    timeout: float = 90.0,
) -> Iterator[Shared]:
    """Start ``replicas`` dashboards and nginx in front of them; yield the Shared; stop them all.
    ``base_path``: serve under a prefix (``kenpo`` -> http://host/kenpo/), Streamlit's
    server.baseUrlPath; nginx passes the path through unchanged."""
    base_path = base_path.strip("/")
    prefix = f"/{base_path}" if base_path else ""
    if replicas < 1:
        raise ValueError("at least one replica")
    nginx = nginx_binary()
    if nginx is None:
        raise FileNotFoundError("nginx not found: apt-get install nginx (Debian's package)")
    store = Path(store).resolve()
    if not store.is_file():
        raise FileNotFoundError(f"no store at {store}: build it first (make build)")
    own_dir = run_dir is None
    run_dir = Path(tempfile.mkdtemp(prefix="kenpo-shared-")) if run_dir is None else Path(run_dir).resolve()
    run_dir.mkdir(parents=True, exist_ok=True)
    run_dir.chmod(0o755)  # nginx's worker (nobody, when started as root) reaches its temp folders
    listen = listen or f"127.0.0.1:{free_port()}"
    host, _, port = listen.rpartition(":")
    shown_host = "127.0.0.1" if host in ("", "0.0.0.0", "*") else host  # an address to print
    ports = [free_port() for _ in range(replicas)]
    deployment = Shared(
        url=f"http://{shown_host}:{port}{prefix}", run_dir=run_dir, store=store, replica_ports=ports, base_path=prefix
    )
    cookie_secret = os.environ.get("STREAMLIT_SERVER_COOKIE_SECRET") or secrets.token_hex(32)
    try:
        for p in ports:
            deployment.replicas.append(start_replica(store, p, run_dir / f"replica-{p}.log", cookie_secret, base_path))
        for p, proc in zip(ports, deployment.replicas):
            _wait_http(f"http://127.0.0.1:{p}{prefix}/_stcore/health", proc, f"replica on port {p}", timeout)
        conf = run_dir / "nginx.conf"
        conf.write_text(render_config(run_dir, listen, ports, secure_cookie), encoding="utf-8")
        # -p: prefix for relative paths; -e: the error log before the configuration is read (not
        # /var/log/nginx); -c: this configuration only (no /etc/nginx, no modules, no other sites).
        deployment.nginx = subprocess.Popen(
            [nginx, "-p", str(run_dir), "-e", str(run_dir / "error.log"), "-c", str(conf)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            preexec_fn=_die_with_parent,
        )
        _wait_http(f"{deployment.url}/_stcore/health", deployment.nginx, "nginx", timeout)
        (run_dir / "state.json").write_text(
            json.dumps({"url": deployment.url, "store": str(store), "replica_ports": ports, **deployment.pids()}),
            encoding="utf-8",
        )
        yield deployment
    finally:
        # nginx first (SIGQUIT: finish what it is sending, then exit), then the replicas.
        if deployment.nginx is not None:
            stop([deployment.nginx], signal.SIGQUIT, timeout=5.0)
        stop(deployment.replicas)
        if own_dir:
            shutil.rmtree(run_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(ROOT))
    from kenpo.paths import store_path

    parser = argparse.ArgumentParser(description="K kenpo replicas behind nginx (Ctrl-C stops all of them).")
    parser.add_argument("--replicas", "-k", type=int, default=2, help="Streamlit processes (default 2: one per core)")
    parser.add_argument(
        "--listen",
        default="127.0.0.1:8080",
        help="nginx's address:port (default 127.0.0.1:8080; 0.0.0.0:8080 to share)",
    )
    parser.add_argument("--store", type=Path, default=None, help=f"the store (default: $KENPO_DB or {store_path()})")
    parser.add_argument("--run-dir", type=Path, default=None, help="nginx's configuration, logs and temp folders")
    parser.add_argument("--secure-cookie", action="store_true", help="mark the affinity cookie Secure (behind TLS)")
    parser.add_argument("--base-url-path", default="", help="serve under a prefix, e.g. kenpo -> http://host/kenpo/")
    args = parser.parse_args(argv)

    stopping = {"signal": None}

    def on_signal(signum, _frame):
        stopping["signal"] = signum
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    store = args.store or store_path()
    run_dir = args.run_dir or ROOT / "tmp" / "shared"
    try:
        with shared(
            store,
            args.replicas,
            listen=args.listen,
            run_dir=run_dir,
            secure_cookie=args.secure_cookie,
            base_path=args.base_url_path,
        ) as d:
            print(
                f"kenpo shared: {d.url}  ({args.replicas} replica(s) on 127.0.0.1:"
                f"{', '.join(map(str, d.replica_ports))}; store {d.store}; run folder {d.run_dir})",
                flush=True,
            )
            print("Ctrl-C stops nginx and every replica.", flush=True)
            while True:
                for proc in [d.nginx, *d.replicas]:
                    if proc is not None and proc.poll() is not None:
                        print(f"process {proc.pid} exited with {proc.returncode}: stopping", file=sys.stderr)
                        return 1
                time.sleep(1.0)
    except KeyboardInterrupt:
        print("stopping: nginx and the replicas", flush=True)
        return 0
    except (FileNotFoundError, RuntimeError, TimeoutError) as exc:
        print(f"serve-shared: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
