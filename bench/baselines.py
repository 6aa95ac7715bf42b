"""The baselines the import and POST rows run in processes of their own: the store alone, validation alone."""

from __future__ import annotations

import subprocess
import sys

from bench.harness import ROOT


def store_alone(*args: str) -> float:
    """The store alone writing the same articles, prepared off the clock (bench/store_only.py): art/s."""
    return _rate_printed_by("bench.store_only", *args)


def validation_alone(*args: str) -> float:
    """Validation and indexing alone, with nothing stored (bench/validation_only.py): art/s."""
    return _rate_printed_by("bench.validation_only", *args)


def _rate_printed_by(module: str, *args: str) -> float:
    done = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, check=True, text=True)
    return float(done.stdout.strip())
