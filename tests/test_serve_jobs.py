"""The check pool: time, memory and CPU limits end the task, not the server; the queue is bounded."""

from __future__ import annotations

import asyncio
import time

import pytest
from click.testing import CliRunner

from checker.cli import main
from checker.serve import worker
from checker.serve.jobs import Busy, Pool, TaskFailed


def _run(pool, *calls):
    async def go():
        return await asyncio.gather(*(pool.run(*c) for c in calls), return_exceptions=True)

    return asyncio.run(go())


@pytest.fixture
def pool():
    p = Pool(workers=1, memory_mb=768, cpu_seconds=1, timeout=40)
    yield p
    p.close()


def test_time_limit_stops_the_task_and_the_pool_recovers(pool):
    pool.timeout = 1.5
    start = time.monotonic()
    [outcome] = _run(pool, (time.sleep, 30))
    assert isinstance(outcome, TaskFailed) and "秒" in str(outcome)
    assert time.monotonic() - start < 20
    pool.timeout = 60
    assert _run(pool, (worker.ping,)) == [0]


def test_memory_limit(pool):
    [outcome] = _run(pool, (bytearray, 2 * 1024 ** 3))
    assert isinstance(outcome, TaskFailed) and "内存" in str(outcome)
    assert _run(pool, (worker.ping,)) == [0]


def test_cpu_limit(pool):
    [outcome] = _run(pool, (sum, range(10 ** 13)))
    assert isinstance(outcome, TaskFailed) and "限制" in str(outcome)
    assert _run(pool, (worker.ping,)) == [0]


def test_queue_is_bounded():
    p = Pool(workers=1, queue=1, timeout=30)
    try:
        outcomes = _run(p, (time.sleep, 1), (worker.ping,))
        assert outcomes[0] is None and isinstance(outcomes[1], Busy)
    finally:
        p.close()


def test_serve_command_help_and_bad_database(tmp_path):
    r = CliRunner().invoke(main, ["serve", "--help"])
    assert r.exit_code == 0 and "--max-upload" in r.output and "127.0.0.1" in r.output
    r = CliRunner().invoke(main, ["serve", "--data", str(tmp_path), "--db", "nosuchdb://x"])
    assert r.exit_code == 2 and "数据库" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(main, ["serve", "--data", str(tmp_path), "--port", "0"])
    assert r.exit_code == 2


def test_fazhi_serve_starts_prints_its_address_and_answers(tmp_path):
    import os
    import re
    import socket
    import subprocess
    import sys

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, os.environ.get("PYTHONPATH", "")]), PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-c", "from checker.cli import main; main()", "serve", "--port", str(port),
                             "--data", str(tmp_path / "data"), "--workers", "1"],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        lines = [proc.stdout.readline() for _ in range(4)]
        assert lines[0].strip() == f"fazhi serve：http://127.0.0.1:{port}"
        setup = re.search(r"(http://127\.0\.0\.1:\d+/setup\?key=\S+)", "".join(lines))
        assert setup, lines
        deadline = time.monotonic() + 60
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, proc.stderr.read() if proc.poll() is not None else "no answer"
                time.sleep(0.2)
        assert r.status_code == 200
        assert httpx.get(setup.group(1), timeout=10).status_code == 200
        assert (tmp_path / "data" / "fazhi.sqlite3").exists()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
