"""Every library test keeps its parse cache in its own temporary folder."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("PLEITBRIEF_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLEITBRIEF_NO_CACHE", raising=False)
    return folder / "library"
