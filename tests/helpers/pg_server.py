"""The test PostgreSQL + PostGIS server the tests start themselves (scripts/start_test_postgis.sh: cluster
15/main on 127.0.0.1:5432, role lc/lc, database lc_test), a fresh table per test, and psql to read back what the
database holds independently of QGIS."""

from __future__ import annotations

import gc
import itertools
import os
import subprocess
from pathlib import Path

import pytest
from qgis.core import QgsProject

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "start_test_postgis.sh"
CONN = "dbname='lc_test' host=127.0.0.1 port=5432 user='lc' password='lc'"
_names = itertools.count(1)


# ------------------------------------------------------------------------------------------------------------
# the server


def run_script(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, timeout=180)


@pytest.fixture(scope="session")
def postgis():
    """Start the server if it is not running (and stop it at the end if this session started it)."""
    result = run_script()
    if result.returncode != 0:
        pytest.fail("The PostGIS tests need a local PostgreSQL 15 + PostGIS server: "
                    + (result.stderr.strip() or result.stdout.strip()), pytrace=False)
    started = result.stdout.strip().splitlines()[-1] == "started"
    yield CONN
    if started:
        run_script("--stop")


def psql(sql: str, user: str = "lc", password: str = "lc") -> list[list[str]]:
    env = dict(os.environ, PGPASSWORD=password)
    out = subprocess.run(["psql", "-h", "127.0.0.1", "-p", "5432", "-U", user, "-d", "lc_test", "-v", "ON_ERROR_STOP=1",
                          "-qtA", "-F", "\t", "-c", sql], capture_output=True, text=True, env=env, timeout=60)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip())
    return [line.split("\t") for line in out.stdout.splitlines() if line]


@pytest.fixture()
def table(postgis):
    """A fresh table name; the table and its stored styles are dropped afterwards."""
    name = f"projects_t{os.getpid()}_{next(_names)}"
    yield name
    QgsProject.instance().removeAllMapLayers()
    gc.collect()
    if run_script().returncode == 0:  # (a test may have stopped the server)
        psql(f'DROP TABLE IF EXISTS public."{name}", public."{name}_targets"')
        if psql("SELECT 1 FROM pg_tables WHERE tablename = 'layer_styles'"):
            psql(f"DELETE FROM public.layer_styles WHERE f_table_name = '{name}'")


