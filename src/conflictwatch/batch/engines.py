"""Run a plan's missing shards on one machine's cores (`local`) or on a Ray cluster (`ray`).

Both engines run the same `code_shard` on the same ShardSpecs with the same Pipeline, so the
shards they write are identical; the driver alone writes shard files (atomically), so a
cluster's workers need no shared file system for the output.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator, Sequence
from typing import Any

from conflictwatch.batch.plan import ShardSpec
from conflictwatch.errors import ConflictwatchError, InputError
from conflictwatch.settings import Settings

ENGINES = ("local", "ray")
# A worker's BLAS gets one thread: a worker is one core's share, Ray sets the same in its
# actors, and equal thread counts keep float sums (and so parses) equal between engines.
_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")

ShardOut = tuple[bytes, dict[str, Any]]

_PIPELINE: Any = None  # the local engine's per-process Pipeline, built by _init_worker


def _init_worker(settings: Settings) -> None:
    global _PIPELINE
    for var in _THREAD_VARS:
        os.environ.setdefault(var, "1")
    from conflictwatch.batch.shards import build_pipeline

    _PIPELINE = build_pipeline(settings)


def _code_in_worker(spec: ShardSpec) -> ShardOut:
    from conflictwatch.batch.shards import code_shard

    return code_shard(spec, _PIPELINE)


def run_local(pending: Sequence[ShardSpec], *, settings: Settings, workers: int) -> Iterator[ShardOut]:
    """Shards on a process pool, one Pipeline per process; results as each shard finishes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    if not pending:
        return
    # spawn, not fork: the caller may hold threads (DuckDB, Ray, a test runner) a fork would copy.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, min(workers, len(pending))), mp_context=ctx,
                             initializer=_init_worker, initargs=(settings,)) as ex:
        try:
            futures = [ex.submit(_code_in_worker, spec) for spec in pending]
            for fut in as_completed(futures):
                yield fut.result()
        except BrokenProcessPool as exc:
            raise ConflictwatchError(
                "a batch worker process died (out of memory, killed, or a script without an "
                "`if __name__ == '__main__':` guard); finished shards are kept: rerun to go on"
            ) from exc


class ShardCoder:
    """Ray Data's callable class: one actor per worker loads the Pipeline once, then codes shards."""

    def __init__(self, settings: Settings) -> None:
        from conflictwatch.batch.shards import build_pipeline

        self.pipeline = build_pipeline(settings)

    def __call__(self, batch: Any) -> Any:
        import pyarrow as pa  # type: ignore[import-untyped]

        from conflictwatch.batch.shards import code_shard

        data, summaries, index = [], [], []
        for text in batch["spec"].to_pylist():
            spec = ShardSpec.from_json(text)
            out, summary = code_shard(spec, self.pipeline)
            index.append(spec.index)
            data.append(out)
            summaries.append(json.dumps(summary))
        return pa.table({"shard": pa.array(index, pa.int32()), "data": pa.array(data, pa.binary()),
                         "summary": pa.array(summaries, pa.string())})


def ray_available() -> bool:
    try:
        import ray.data  # noqa: F401
    except ImportError:
        return False
    return True


def run_ray(pending: Sequence[ShardSpec], *, settings: Settings, workers: int | None,
            address: str | None = None) -> Iterator[ShardOut]:
    """Shards as a Ray Dataset (one block a shard) mapped by an actor pool of `workers` actors.

    With `address`, joins that cluster (workers default to its CPUs); otherwise starts a local
    Ray with `workers` CPUs and stops it at the end. A Ray already initialised is reused."""
    if not pending:
        return
    if not ray_available():
        raise InputError('the ray engine needs Ray: pip install "ray[data]==2.60.0"')
    import ray
    import ray.data

    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False,
                     logging_level=logging.WARNING)
        started = True
    try:
        if workers is None:
            workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = False
        ds = ray.data.from_items([{"shard": s.index, "spec": s.to_json()} for s in pending],
                                 override_num_blocks=len(pending))
        coded = ds.map_batches(
            ShardCoder,
            fn_constructor_kwargs={"settings": settings},
            batch_size=1,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=max(1, min(workers, len(pending)))),
            num_cpus=1,
        )
        for row in coded.iter_rows():
            yield bytes(row["data"]), json.loads(row["summary"])
    finally:
        if started:
            ray.shutdown()
