"""Baselines: what the project is compared with, written the plain way."""
