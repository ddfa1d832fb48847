"""No lost work: the app, killed with SIGKILL in the middle of typing, leaves the draft as
its last autosave wrote it, whole and readable, comments and all."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

from pleitbrief.drafts import load_draft
from tests.conftest import REPO

CHILD = textwrap.dedent("""
    import asyncio, sys
    from pathlib import Path
    from textual import events
    from pleitbrief.workspace import load_workspace
    from pleitbrief.tui.app import PleitbriefApp
    from tests.tui.conftest import workers_done

    async def main(root):
        draft = root / "drafts" / "open-brief-mobilisatie.yaml"
        app = PleitbriefApp(load_workspace(root), draft)
        async with app.run_test(size=(100, 40)) as pilot:
            await workers_done(app)
            await pilot.pause()
            screen = app.screen
            app.post_message(events.Paste("Eerste zin, bewaard. "))
            await pilot.press("x")
            while screen.saves == 0:  # the autosave comes a moment after typing stops
                await pilot.pause(0.05)
            print("SAVED", flush=True)
            app.post_message(events.Paste("Tweede zin, nog niet bewaard. "))
            await pilot.pause()
            print("TYPING", flush=True)
            await asyncio.Event().wait()

    asyncio.run(main(Path(sys.argv[1])))
""")


def test_sigkill_mid_edit_keeps_the_last_autosave(ws: Path) -> None:
    draft = ws / "drafts" / "open-brief-mobilisatie.yaml"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(ws)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    guard = threading.Timer(60, child.kill)  # a hung child must not hang the suite
    guard.start()
    try:
        assert child.stdout is not None
        lines = [child.stdout.readline().strip(), child.stdout.readline().strip()]
        assert lines == ["SAVED", "TYPING"], child.stderr.read() if child.stderr else ""
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        guard.cancel()
        if child.poll() is None:
            child.kill()

    text = draft.read_text(encoding="utf-8")
    assert "Eerste zin, bewaard. x" in text
    assert "Tweede zin" not in text
    parsed, problems = load_draft(draft)
    assert parsed is not None and not problems
    assert "# Elk punt is een argumentblok uit templates/blocks" in text
    assert not [p.name for p in draft.parent.iterdir() if p.name.endswith(".tmp")]
