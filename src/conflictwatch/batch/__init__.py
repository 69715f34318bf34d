"""Batch coding of archives: inputs -> Parquet shards of reports (local cores or Ray) -> store."""

from conflictwatch.batch.engines import ENGINES, ray_available
from conflictwatch.batch.load import load_shards, missing_shards
from conflictwatch.batch.plan import SHARD_SIZE, make_plan, shard_name
from conflictwatch.batch.run import BatchReport, run_batch
from conflictwatch.batch.shards import build_pipeline, iter_shard_rows
from conflictwatch.records import result_from_json

__all__ = ["ENGINES", "SHARD_SIZE", "BatchReport", "build_pipeline", "iter_shard_rows", "load_shards",
           "make_plan", "missing_shards", "ray_available", "result_from_json", "run_batch", "shard_name"]
