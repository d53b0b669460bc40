"""A throw-away database for one run: a SQLite file under a temporary FUWU_VAR_DIR, or a fresh PostgreSQL
database ``fuwu_bench_<pid>`` on 127.0.0.1 (user postgres, trust auth) that is dropped at the end.

Django is set up once per process, so one process benchmarks one database; the environment is set
before ``django.setup()`` and migrations run on the empty scratch database.
"""

from __future__ import annotations

import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgresql://postgres@127.0.0.1:5432"


@dataclass(frozen=True)
class Scratch:
    """Where this run's data lives."""

    engine: str  # "sqlite" or "postgres"
    var_dir: Path
    database_url: str | None  # None: the settings' SQLite file under var_dir
    pg_name: str | None

    @property
    def sqlite_path(self) -> Path:
        return self.var_dir / "fuwu.sqlite3"


def _pg_admin(sql: str) -> None:
    """Run one fixed statement (built from our own pid) on the server's maintenance database."""
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as admin:
        admin.execute(sql)


@contextmanager
def scratch(engine: str) -> Iterator[Scratch]:
    """Make the scratch place, set up Django on it and migrate; remove everything on the way out."""
    var_dir = Path(tempfile.mkdtemp(prefix=f"fuwu_bench_{engine}_"))
    pg_name = f"fuwu_bench_{os.getpid()}" if engine == "postgres" else None
    url = f"{PG_SERVER}/{pg_name}" if pg_name else None
    if pg_name:
        _pg_admin(f"CREATE DATABASE {pg_name}")
    try:
        os.environ["FUWU_VAR_DIR"] = str(var_dir)
        os.environ["DJANGO_SETTINGS_MODULE"] = "fuwu.settings"
        if url:
            os.environ["DATABASE_URL"] = url
        else:
            os.environ.pop("DATABASE_URL", None)
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        # As fuwu.wsgi does once the application is loaded: the measured requests run as they do served.
        gc.freeze()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield Scratch(engine, var_dir, url, pg_name)
    finally:
        if pg_name:
            from django.db import connections

            connections.close_all()
            _pg_admin(f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(var_dir, ignore_errors=True)
