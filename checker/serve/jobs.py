"""A bounded process pool for checks and document generation.

- ``workers`` processes (forkserver, so nothing of the server's threads is forked), each with
  an address-space limit and a CPU budget per task (:mod:`checker.serve.worker`);
- at most ``queue`` tasks wait or run at once; beyond that :class:`Busy` is raised (HTTP 503);
- a task that runs past ``timeout`` seconds, or whose worker dies (memory or CPU limit hit,
  crash), ends the pool's processes; the pool is rebuilt and the other tasks that were in it
  are tried once more, so one hostile upload costs its own result only.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from checker.serve import worker


class Busy(Exception):
    """Too many tasks waiting."""


class TaskFailed(Exception):
    """The task hit a resource limit or the time limit; ``str()`` is the Chinese reason."""


class Pool:
    def __init__(self, workers: int = 2, memory_mb: int = 1536, cpu_seconds: int = 60, timeout: float = 90.0,
                 queue: int = 64, env: dict | None = None):
        self.workers = max(1, workers)
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.cpu_seconds = cpu_seconds
        self.timeout = timeout
        self.queue = queue
        self.env = dict(env or {})
        self._pending = 0
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._generation = 0

    def _pool(self) -> tuple[ProcessPoolExecutor, int]:
        with self._lock:
            if self._executor is None:
                context = multiprocessing.get_context("forkserver")
                # the fork server imports these once (not the caller's __main__); workers fork from it
                context.set_forkserver_preload(["checker.serve.warm"])
                self._executor = ProcessPoolExecutor(
                    max_workers=self.workers, mp_context=context, initializer=worker.init_worker,
                    initargs=(self.memory_bytes, self.cpu_seconds, self.env))
                self._generation += 1
            return self._executor, self._generation

    def _discard(self, generation: int) -> None:
        """Stop the pool of ``generation`` (if still current): kill its worker processes."""
        with self._lock:
            if self._executor is None or generation != self._generation:
                return
            executor, self._executor = self._executor, None
        for process in list((getattr(executor, "_processes", None) or {}).values()):
            try:
                process.kill()
            except (OSError, AttributeError):
                pass
        executor.shutdown(wait=False, cancel_futures=True)

    async def run(self, fn, *args):
        with self._lock:
            if self._pending >= self.queue:
                raise Busy("服务器正忙，请稍后再试")
            self._pending += 1
        try:
            for attempt in (1, 2):
                executor, generation = self._pool()
                try:
                    future = executor.submit(worker.limited, fn, *args)
                    return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
                except asyncio.TimeoutError:
                    self._discard(generation)
                    raise TaskFailed(f"处理超过 {int(self.timeout)} 秒仍未完成，已停止（文件可能过大或结构异常）") from None
                except BrokenProcessPool:
                    self._discard(generation)
                    if attempt == 2:
                        raise TaskFailed("处理时超出内存或计算时间限制，已停止（文件可能过大或结构异常）") from None
                except MemoryError:
                    raise TaskFailed("处理时超出内存限制，已停止（文件可能过大或结构异常）") from None
        finally:
            with self._lock:
                self._pending -= 1

    async def warm(self) -> None:
        """Start the workers now rather than on the first upload."""
        try:
            await asyncio.gather(*(self.run(worker.ping) for _ in range(self.workers)))
        except (Busy, TaskFailed):
            pass

    def close(self) -> None:
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))
