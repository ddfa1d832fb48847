"""Run a command as a child process: its wall time and peak memory (max RSS)."""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Sample:
    seconds: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return max(self.peak_kib) / 1024


def paired_ratio(ours: Sample, theirs: Sample) -> float:
    """The median of the ratios of runs taken side by side (``alternate`` runs them in turn).

    On a shared machine the speed drifts over a row's runs; a pair sees the same moment,
    so its ratio carries less of that drift than the ratio of two separate medians.
    """
    return statistics.median(a / b for a, b in zip(ours.seconds, theirs.seconds, strict=True))


def run_once(command: Sequence[str | Path], env: dict[str, str] | None = None,
             cwd: Path | None = None) -> tuple[float, int]:
    """Seconds and peak resident memory (KiB) of one run; fails loudly if the command does."""
    # stderr into a file, not a pipe: a program with many warnings would fill the pipe
    # and wait forever for a reader that only reads after it ends
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            [str(c) for c in command], cwd=cwd, env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL, stderr=errors,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            message = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{message}")
    return seconds, usage.ru_maxrss  # Linux: KiB


def alternate(a: Sequence[str | Path], b: Sequence[str | Path] | None, runs: int,
              env_a: dict[str, str] | None = None, before_a=None) -> tuple[Sample, Sample | None]:
    """Run ``a`` and ``b`` in turn ``runs`` times (after one warm-up each), so both see the
    same machine; ``before_a`` runs before every timed run of ``a`` (e.g. clear a cache)."""
    sample_a, sample_b = Sample(), (Sample() if b is not None else None)
    run_once(a, env_a)
    if b is not None:
        run_once(b)
    for _ in range(runs):
        if before_a:
            before_a()
        seconds, peak = run_once(a, env_a)
        sample_a.seconds.append(seconds)
        sample_a.peak_kib.append(peak)
        if b is not None and sample_b is not None:
            seconds, peak = run_once(b)
            sample_b.seconds.append(seconds)
            sample_b.peak_kib.append(peak)
    return sample_a, sample_b
