"""`fuwu serve`: the web server (gunicorn) and, unless --no-worker, the background worker beside it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

STOP_GRACE_SECONDS = 10


class Command(BaseCommand):
    help = "Serve the web UI (HOST/PORT, default 127.0.0.1:8000) and run the worker as a child process."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-worker", action="store_true", help="serve the web only (run `fuwu worker` apart)"
        )
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument(
            "--web-workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="gunicorn processes",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        web_cmd = [
            sys.executable,
            "-m",
            "gunicorn",
            "fuwu.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["web_workers"]),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--graceful-timeout",
            str(STOP_GRACE_SECONDS),
        ]
        children: list[subprocess.Popen[bytes]] = [subprocess.Popen(web_cmd)]
        if not options["no_worker"]:
            children.append(subprocess.Popen([sys.executable, "-m", "fuwu", "worker"]))
        self.stdout.write(f"Fuwu at http://{options['host']}:{options['port']}/  (Ctrl-C stops)")

        stopping = False

        def request_stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, request_stop)
        signal.signal(signal.SIGTERM, request_stop)
        exit_code = 0
        # If either child dies, stop the other: a web without its worker silently queues forever.
        while not stopping:
            for child in children:
                code = child.poll()
                if code is not None:
                    exit_code = code
                    stopping = True
            time.sleep(0.2)
        self._stop(children)
        if exit_code:
            sys.exit(exit_code)

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
