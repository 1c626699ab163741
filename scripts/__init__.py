"""Developer tools, run as `python -m scripts.NAME` (beside the shell scripts)."""
