"""How the TUI keeps up, on a 5,000-entry library and a 200-point draft.

``python bench/tui_bench.py`` prints:

- first screen painted, from the moment the process was started (the start screen, and
  ``pleitbrief edit`` on the big draft), and when the library had loaded behind it;
- keystroke → preview updated (median and 90th percentile), typing in a text item of the
  200-point draft, one key every 100 ms as a quick typist types;
- keystroke → citation picker answered (after ``[@``), and the bare search on its own.

Targets: first screen within 1 s; preview within 50 ms (median); picker within 30 ms.
"""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

ENTRIES = 5_000
POINTS = 200
BLOCKS = (
    "mobilisatie/geen-decreet",
    "mobilisatie/mobilisatie-gaat-door",
    "europa/baltische-grenzen",
    "critici/risicogroepen",
)


def make_workspace(root: Path) -> Path:
    """The example campaign, plus ``references/big.bib`` and ``drafts/big.yaml``."""
    from tests.library.bib_generate import library_text

    root.mkdir(parents=True)
    shutil.copy(REPO / "pleitbrief.toml", root)
    for folder in ("references", "templates", "drafts"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "references" / "big.bib").write_text(library_text(ENTRIES), encoding="utf-8")
    lines = [
        "# a long letter for the bench",
        "template: open-brief",
        "fields:",
        "  addressee: de Staatssecretaris van Justitie en Veiligheid",
        "  subject: Een lange brief",
        "  place: Amsterdam",
        "  date: 2023-01-10",
        "  signatories: [Stichting Free Russia NL]",
        "sections:",
        "  points:",
    ]
    for i in range(POINTS):
        if i % 2:
            lines.append(f"    - block: {BLOCKS[i % len(BLOCKS)]}")
        else:
            lines.append(
                f"    - text: Punt {i}, met een bron [@key-{i:05d}, p. {i}] en een "
                f"noot^[Noot bij punt {i}.]."
            )
    (root / "drafts" / "big.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


CHILD = textwrap.dedent("""
    import sys, time
    from pleitbrief import startup_cache

    startup_cache.install()  # as the pleitbrief command does (pleitbrief.launch)
    from pathlib import Path
    from pleitbrief.workspace import load_workspace
    from pleitbrief.tui.app import PleitbriefApp

    root = Path(sys.argv[1])
    draft = Path(sys.argv[2]) if len(sys.argv) > 2 else None
    app = PleitbriefApp(load_workspace(root), draft)

    def loaded():
        if app.session is None:
            app.set_timer(0.01, loaded)
        else:
            app.exit()

    app.call_later(loaded)
    app.run(headless=True, size=(100, 40))
    startup_cache.save()
    print(f"{app.ready_at} {app.session_at}", flush=True)
""")


def first_paint(root: Path, draft: Path | None) -> tuple[float, float]:
    """Seconds from process start to the first screen, and to the library loaded."""
    args = [sys.executable, "-c", CHILD, str(root)] + ([str(draft)] if draft else [])
    started = time.time()
    out = subprocess.run(args, capture_output=True, text=True, timeout=120)
    if out.returncode:
        raise SystemExit(out.stderr)
    ready, loaded = (float(x) for x in out.stdout.split())
    return ready - started, loaded - started


async def workers_done(app: Any) -> None:
    """Every worker finished (one cancelled by a newer one of its group makes Textual's
    ``wait_for_complete`` raise: that one is done too)."""
    from textual.worker import WorkerCancelled

    while True:
        try:
            return await app.workers.wait_for_complete()
        except WorkerCancelled:
            await asyncio.sleep(0.01)  # until the cancelled one has left the list


async def typing(root: Path) -> tuple[list[float], list[float]]:
    """Keystroke → preview updated; keystroke → citation picker answered (seconds)."""
    from textual import events

    from pleitbrief.tui.app import PleitbriefApp
    from pleitbrief.tui.livedraft import ItemRef
    from pleitbrief.tui.widgets.outline import Outline
    from pleitbrief.workspace import load_workspace

    app = PleitbriefApp(load_workspace(root), root / "drafts" / "big.yaml")
    preview: list[float] = []
    picker: list[float] = []
    async with app.run_test(size=(100, 40)) as pilot:
        while app.session is None:
            await asyncio.sleep(0.01)
        await workers_done(app)
        await pilot.pause()
        screen = app.screen
        screen.query_one(Outline).select(ItemRef.item("points", 100))
        await pilot.pause()
        area = screen.query_one("#text")
        area.focus()
        area.move_cursor((0, len(area.document.get_line(0))))
        await pilot.pause()

        async def key(char: str) -> float:
            name = "space" if char == " " else char
            generation = screen.preview_generation
            started = time.perf_counter()
            app.post_message(events.Key(name, char))
            while screen.previewed_generation <= generation:
                await asyncio.sleep(0.0005)
            return screen.preview_shown_at - started

        for char in " Een zin die doorloopt en nog verder gaat":
            preview.append(await key(char))
            await asyncio.sleep(0.1)  # a quick typist: ten keys a second

        keys = {" ": "space", "[": "left_square_bracket", "@": "at"}
        for char in " [@key-042":
            answered = screen.cite_answered_at
            started = time.perf_counter()
            app.post_message(events.Key(keys.get(char, char), char))
            if char in "@key-042":  # from `[@` on, every key asks the picker
                while screen.cite_answered_at == answered:
                    await asyncio.sleep(0.0005)
                picker.append(screen.cite_answered_at - started)
            await asyncio.sleep(0.1)
        screen.settle()
        await workers_done(app)
    return preview, picker


def bare_search(root: Path) -> list[float]:
    from pleitbrief.search import EntryIndex
    from pleitbrief.tui.session import Session
    from pleitbrief.workspace import load_workspace

    session = Session.load(load_workspace(root))
    index: EntryIndex = session.entries
    times = []
    for query in ("k", "ke", "key", "key-0", "key-04", "key-042", "nos", "reut", "mobil"):
        started = time.perf_counter()
        hits = index.search(query, limit=10)
        for hit in hits:
            session.footnote(hit.item.key)
        times.append(time.perf_counter() - started)
    return times


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = make_workspace(Path(tmp) / "ws")
        print(
            f"workspace: {ENTRIES:,} generated entries + the example library; "
            f"a {POINTS}-point draft",
            flush=True,
        )
        for label, draft in (("start screen", None), ("edit big.yaml", root / "drafts/big.yaml")):
            runs = [first_paint(root, draft) for _ in range(3)]
            paint = statistics.median(r[0] for r in runs)
            loaded = statistics.median(r[1] for r in runs)
            print(
                f"first screen painted ({label}): {ms(paint)} after the process started "
                f"(library loaded behind it at {ms(loaded)})  [target 1 s]"
            )
        preview, picker = asyncio.run(typing(root))
        p90 = statistics.quantiles(preview, n=10)[-1]
        print(
            f"keystroke → preview updated: median {ms(statistics.median(preview))}, "
            f"90th percentile {ms(p90)}, max {ms(max(preview))} "
            f"over {len(preview)} keys  [target 50 ms median]"
        )
        print(
            f"keystroke → citation picker answered: median {ms(statistics.median(picker))}, "
            f"max {ms(max(picker))} over {len(picker)} keys  [target 30 ms]"
        )
        search = bare_search(root)
        print(
            f"search + footnotes of 10 hits, alone: median {ms(statistics.median(search))}, "
            f"max {ms(max(search))}"
        )


if __name__ == "__main__":
    main()
