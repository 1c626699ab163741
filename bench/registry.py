"""Every benchmark `python -m bench` runs, in order. Add a module here to plug one in: it needs
KEY and `async def measure(env: bench.env.Env, repeats: int | None) -> bench.rows.Row`."""

BENCHMARKS = [
    "bench.p1_dispatch",
    "bench.p2_task_detail",
    "bench.p3_ddl",
    "bench.p4_validation",
    "bench.p5_tasklog",
    "bench.p6_delete",
    "bench.p7_executors",
    "bench.v1_vector_backup",
    "bench.w_workflow",
]
