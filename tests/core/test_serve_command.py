"""`fuwu serve` runs the web and the worker together, and one Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(line) for line in out.split()]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited but not been reaped yet; it no longer runs.
    state = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}/stat").exists() else "X"
    return state != "Z"


def test_serve_answers_and_ctrl_c_stops_web_and_worker(tmp_path: Path) -> None:
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env = {**clean, "FUWU_TESTING": "0", "DEBUG": "1", "FUWU_VAR_DIR": str(tmp_path), "WEB_CONCURRENCY": "1"}
    fuwu = [sys.executable, "-m", "fuwu"]
    subprocess.run([*fuwu, "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=120)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen([*fuwu, "serve", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=log)
    try:
        body = b""
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    body = response.read()
                    break
            except OSError:
                time.sleep(0.2)
        assert body == b'{"status": "ok", "database": "ok"}', (tmp_path / "serve.log").read_text()
        children = _children(serve.pid)
        assert len(children) == 2  # gunicorn and the worker
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=30) == 0
        for _ in range(50):
            if not any(_alive(pid) for pid in children):
                break
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in children)
    finally:
        if serve.poll() is None:
            serve.kill()
        log.close()
