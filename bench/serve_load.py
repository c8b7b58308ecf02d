"""Load test for ``fazhi serve``: N concurrent uploads of real drafts to 127.0.0.1.

    python bench/serve_load.py [--uploads 50] [--workers 2] [--out bench/serve_results.md]

- starts ``fazhi serve`` as a child process on a free port of 127.0.0.1 with a fresh data
  folder and a collection of N bodies (created in its database before start);
- drafts: the shared seed reports as .txt and as .docx in every tests/docxbuild.py shape,
  plus the real Word/WPS files of ../shared/fixtures/docx (cycled to N uploads);
- first a sequential round (one draft at a time: the latency a department sees), then all
  N uploads at once, each to its own body through ``POST /api/collections/{id}/submissions``;
- checks that every request was answered 200 with the check's JSON, and that none was lost:
  the database holds exactly one version per body whose stored SHA-256 is that of the bytes sent;
- writes p50/p95/max latencies and the throughput to the results file.

Only ever talks to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
for _p in (ROOT, ROOT / "tests", ROOT / "bench"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

HOST = "127.0.0.1"


def drafts(folder: Path) -> list[tuple[str, bytes]]:
    """(file name, bytes) of real drafts; the sample report when ../shared is absent."""
    from corpus import SHAPES, real_docx_files, seed_files, seed_lines
    from docxbuild import build

    out = []
    for seed in seed_files():
        out.append((seed.name, seed.read_bytes()))
        for shape in SHAPES:
            path = build(seed_lines(seed), shape, folder / f"{seed.stem[:3]}_{shape}.docx")
            out.append((path.name, path.read_bytes()))
    try:
        out += [(p.name, p.read_bytes()) for p in real_docx_files()]
    except OSError:
        pass
    if not out:
        from servesamples import TEXT, docx_bytes

        out = [("示例.docx", docx_bytes()), ("示例.txt", TEXT.encode("utf-8"))]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def prepare(data_dir: Path, bodies: int) -> tuple[int, list[tuple[int, str]]]:
    from checker.serve import security
    from checker.serve.storage import Store
    from datetime import date

    store = Store(data_dir)
    cid = store.add_collection("负载测试", 2024, date(2025, 3, 1), date(2025, 4, 1), [],
                               [f"单位{i:03d}" for i in range(bodies)], security.new_token)
    return cid, [(b.id, b.token) for b in store.list_bodies(cid)]


def start_server(data_dir: Path, port: int, workers: int) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    cmd = [sys.executable, "-c", "from checker.cli import main; main()", "serve", "--host", HOST,
           "--port", str(port), "--data", str(data_dir), "--workers", str(workers)]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def wait_healthy(client, base: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if (await client.get(f"{base}/healthz")).status_code == 200:
                return
        except Exception:
            pass
        await asyncio.sleep(0.2)
    raise SystemExit("server did not answer /healthz")


async def one(client, url: str, token: str, name: str, data: bytes) -> tuple[float, int, dict | None]:
    start = time.perf_counter()
    r = await client.post(url, files={"file": (name, data)}, headers={"x-fazhi-token": token})
    elapsed = time.perf_counter() - start
    try:
        body = r.json()
    except ValueError:
        body = None
    return elapsed, r.status_code, body


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


async def run(args) -> dict:
    import httpx

    work = Path(tempfile.mkdtemp(prefix="fazhi-load-"))
    files = drafts(work)
    cid, bodies = prepare(work / "data", args.uploads + args.sequential)
    port = free_port()
    base = f"http://{HOST}:{port}"
    server = start_server(work / "data", port, args.workers)
    url = f"{base}/api/collections/{cid}/submissions"
    try:
        limits = httpx.Limits(max_connections=args.uploads + 5, max_keepalive_connections=args.uploads + 5)
        async with httpx.AsyncClient(timeout=300, limits=limits) as client:
            await wait_healthy(client, base)
            await asyncio.sleep(2)  # let the workers finish starting
            sent: dict[int, bytes] = {}
            sequential = []
            for i in range(args.sequential):
                name, data = files[i % len(files)]
                body_id, token = bodies[args.uploads + i]
                elapsed, status, _ = await one(client, url, token, name, data)
                sent[body_id] = data
                sequential.append((elapsed, status))
            jobs = []
            for i in range(args.uploads):
                name, data = files[i % len(files)]
                body_id, token = bodies[i]
                sent[body_id] = data
                jobs.append(one(client, url, token, name, data))
            start = time.perf_counter()
            answers = await asyncio.gather(*jobs)
            wall = time.perf_counter() - start
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
    from checker.serve.storage import Store

    store = Store(work / "data")
    latest = store.latest_by_body(cid)
    lost = [b for b, data in sent.items()
            if b not in latest or latest[b][1] != 1 or latest[b][2]["sha256"] != hashlib.sha256(data).hexdigest()]
    concurrent = [a[0] for a in answers]
    return {
        "files": len(files), "kb": statistics.median(len(d) for _, d in files) / 1024,
        "sequential": [s[0] for s in sequential], "sequential_ok": sum(s[1] == 200 for s in sequential),
        "concurrent": concurrent, "ok": sum(1 for a in answers if a[1] == 200 and a[2] and a[2].get("files")),
        "checked": sum(1 for a in answers if a[2] and a[2].get("files") and a[2]["files"][0]["status"] == "checked"),
        "statuses": sorted({a[1] for a in answers}), "wall": wall, "lost": len(lost), "stored": len(latest),
        "expected": len(sent),
    }


def report(args, result: dict) -> str:
    seq, conc = result["sequential"], result["concurrent"]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    lines = [
        "# `fazhi serve` under load",
        "",
        f"Generated {datetime.now():%Y-%m-%d %H:%M} by `python bench/serve_load.py --uploads {args.uploads} "
        f"--workers {args.workers}`.",
        "",
        f"- Machine: {os.cpu_count()} CPUs, Python {sys.version.split()[0]}; load average {load:.2f} at the end "
        "(the machine is shared: absolute times are noisy).",
        f"- Server: `fazhi serve --host 127.0.0.1 --workers {args.workers}` in its own process, fresh SQLite data folder.",
        f"- Drafts: {result['files']} real drafts (seed reports as .txt and as .docx in every test shape, and the "
        f"real Word/WPS files), median {result['kb']:.0f} KB, cycled; each upload goes to its own body through "
        "`POST /api/collections/{id}/submissions`.",
        "",
        "| run | uploads | answered 200 | p50 s | p95 s | max s |",
        "|---|---:|---:|---:|---:|---:|",
        f"| one at a time (what a department waits) | {len(seq)} | {result['sequential_ok']} | "
        f"{pct(seq, 50):.2f} | {pct(seq, 95):.2f} | {max(seq):.2f} |",
        f"| {args.uploads} at once | {len(conc)} | {result['ok']} | {pct(conc, 50):.2f} | {pct(conc, 95):.2f} | "
        f"{max(conc):.2f} |",
        "",
        f"- {args.uploads} concurrent uploads: all answered: {'yes' if result['ok'] == len(conc) else 'NO'} "
        f"(HTTP statuses {result['statuses']}); {result['checked']} checked, "
        f"{len(conc) - result['checked']} reported unreadable with a reason; wall time {result['wall']:.1f} s ({len(conc) / result['wall']:.1f} drafts/s).",
        f"- None lost: {'yes' if result['lost'] == 0 and result['stored'] == result['expected'] else 'NO'} — the "
        f"database holds {result['stored']} of {result['expected']} bodies' versions, each with the SHA-256 of the "
        "bytes sent.",
        f"- Goal “a typical draft's findings on screen in under 1 s”: one at a time p95 {pct(seq, 95):.2f} s — "
        f"{'met' if pct(seq, 95) < 1 else 'not met'} on this machine.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--uploads", type=int, default=50)
    parser.add_argument("--sequential", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--out", default=str(ROOT / "bench" / "serve_results.md"))
    args = parser.parse_args()
    result = asyncio.run(run(args))
    text = report(args, result)
    Path(args.out).write_text(text, encoding="utf-8")
    print(text)
    if result["ok"] != args.uploads or result["lost"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
