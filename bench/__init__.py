"""The project's speed against its baselines, measured side by side in the same run.

`python -m bench` runs every benchmark and writes docs/performance.md; each row also runs on its
own (`python -m bench.p2_task_detail --repeats 5`). See bench/registry.py for the rows."""
