"""How fast a 10,000-entry library loads, cold and from the cache, and how fast ``check`` is.

    .venv/bin/python bench/library_bench.py [--entries 10000] [--runs 7]

Builds a copy of the example campaign with a generated library of ``--entries`` entries
beside its own references (``tests/library/bib_generate.py``), then runs each case in a
fresh interpreter, ``--runs`` times, and prints the median:

- **cold load**: ``load_library`` with an empty cache folder (every file parsed);
- **warm load**: the same with the cache filled by an earlier run and nothing changed;
- **check, cold / warm**: ``LoadedWorkspace.load`` + ``check_workspace`` of the whole
  workspace (blocks, templates, both drafts, integrity), cache empty / filled;
- **`pleitbrief check`**: the command as a user runs it (warm), interpreter start included.

"work" is the time inside the process after the imports; "process" is the whole run as
the shell sees it. The targets are: warm load ≤ 0.3 s, check ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "library"))

from bib_generate import library_text  # noqa: E402

SCRIPT = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from pleitbrief.workspace import load_workspace
if sys.argv[2] == "load":
    from pleitbrief.library.library import load_library
else:
    from pleitbrief.check import check_workspace
    from pleitbrief.pipeline import LoadedWorkspace
imported = time.perf_counter()
workspace = load_workspace(Path(sys.argv[1]))
if sys.argv[2] == "load":
    entries = len(load_library(workspace.library_dirs))
else:
    loaded = LoadedWorkspace.load(workspace)
    check_workspace(loaded)
    entries = len(loaded.library)
done = time.perf_counter()
print(json.dumps({"imports": imported - started, "work": done - imported, "entries": entries}))
"""


def make_workspace(folder: Path, entries: int) -> Path:
    root = folder / "campagne"
    root.mkdir()
    shutil.copy(REPO / "pleitbrief.toml", root / "pleitbrief.toml")
    shutil.copytree(REPO / "references", root / "references")
    shutil.copytree(REPO / "templates", root / "templates")
    (root / "drafts").mkdir()
    for draft in (REPO / "drafts").glob("*.yaml"):  # not the letters exported beside them
        shutil.copy(draft, root / "drafts" / draft.name)
    (root / "references" / "groot.bib").write_text(library_text(entries), encoding="utf-8")
    return root


def run(args: list[str], cache: Path) -> tuple[float, dict[str, float]]:
    env = {**os.environ, "PLEITBRIEF_CACHE_DIR": str(cache)}
    env.pop("PLEITBRIEF_NO_CACHE", None)
    start = time.perf_counter()
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    if result.returncode not in (0, 1) or "Traceback" in result.stderr:
        raise SystemExit(result.stderr)
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else "{}"
    return wall, json.loads(last) if last.startswith("{") else {}


def measure(label: str, args: list[str], cache_for_run, runs: int) -> dict[str, object]:
    walls, works = [], []
    for index in range(runs):
        wall, inside = run(args, cache_for_run(index))
        walls.append(wall)
        if "work" in inside:
            works.append(inside["work"])
    return {
        "case": label,
        "work": statistics.median(works) if works else None,
        "process": statistics.median(walls),
        "runs": runs,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    options = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="pleitbrief-bench-") as tmp:
        folder = Path(tmp)
        root = make_workspace(folder, options.entries)
        warm = folder / "cache-warm"
        run([python, "-c", SCRIPT, str(root), "load"], warm)  # fill the cache once

        def fresh(index: int, kind: str = "") -> Path:
            return folder / f"cache-cold-{kind}{index}"  # a new, empty cache folder each run

        load = [python, "-c", SCRIPT, str(root), "load"]
        check = [python, "-c", SCRIPT, str(root), "check"]
        results = [
            measure("cold load", load, lambda i: fresh(i, "load"), options.runs),
            measure("warm load", load, lambda i: warm, options.runs),
            measure("check, cold", check, lambda i: fresh(i, "check"), options.runs),
            measure("check, warm", check, lambda i: warm, options.runs),
            measure(
                "pleitbrief check (warm)",
                [python, "-m", "pleitbrief", "-w", str(root), "check"],
                lambda i: warm,
                options.runs,
            ),
        ]
    if options.json:
        print(json.dumps(results, indent=2))
        return
    print(
        f"{options.entries:,} generated entries + the example campaign; "
        f"median of {options.runs} runs"
    )
    print(f"{'case':<26}{'work (s)':>10}{'process (s)':>13}")
    for row in results:
        work = f"{row['work']:.3f}" if row["work"] is not None else "–"
        print(f"{row['case']:<26}{work:>10}{row['process']:>13.3f}")


if __name__ == "__main__":
    main()
