"""``python -m bench.csl_bench``: a letter in a CSL style, pleitbrief against pandoc.

The letter: N numbered points (default 1,000), each citing two entries of the CSL oracle
library (``tests/fixtures/csl``: news, reports, articles, books, laws, parliamentary
papers) in two groups, one with a page locator, and a plain footnote every 25 points, so
first, subsequent and ibid positions all occur. pleitbrief exports the draft
(``pleitbrief export --style STYLE``); pandoc converts the same letter's Markdown with
``--citeproc`` and the same style, reading the ``.bib`` itself. Both run alternately,
each ``--runs`` times after a warm-up; the table gives the medians.

pandoc's answer is not reused between runs: the bench keeps pleitbrief's caches in a
folder of its own and empties its citeproc answers before each run (``docs/csl.md``, "The
answer cache"), so every run formats its citations; the parsed library stays cached.

``--compare N`` runs pleitbrief's processor and pandoc on the same random letter of
citation groups in N random styles of the collection (``--seed``) and prints each style
where a group differs (docs/csl-engine.md).

``--engines`` instead counts, per oracle style, how many of the oracle's citation
footnotes citeproc-py (if installed) gets the same as pandoc, from the same CSL-JSON:
the measurement behind choosing pandoc as the engine (``docs/csl.md``).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
from pathlib import Path

from bench.measure import alternate

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "csl"
STYLES = ("leidraad-voor-juridische-auteurs", "chicago-notes-bibliography")


def keys() -> list[str]:
    text = (FIXTURES / "library.bib").read_text() + (FIXTURES / "parliament.bib").read_text()
    return re.findall(r"^@(?!string)\w+\{([^,\s]+),", text, re.M)


def letter(points: int, seed: int = 1) -> list[str]:
    """The points' Markdown: two citation groups each, one plain footnote every 25."""
    rng = random.Random(seed)
    cited = keys()
    out = []
    for n in range(1, points + 1):
        a, b = rng.choice(cited), rng.choice(cited)
        note = "^[Zie ook de bijlage bij deze brief.]" if n % 25 == 0 else ""
        out.append(
            f"Punt {n}: het kabinet stelt dat de situatie is veranderd [@{a}, p. {n % 9 + 1}],"
            f" maar uit berichten blijkt iets anders [@{b}].{note}"
        )
    return out


def workspace(root: Path, points: int) -> tuple[Path, Path]:
    """A pleitbrief workspace with the letter as a draft, and the same letter for pandoc."""
    ws = root / "ws"
    (ws / "references").mkdir(parents=True)
    (ws / "drafts").mkdir()
    (ws / "pleitbrief.toml").write_text('[workspace]\nlang = "nl"\n', encoding="utf-8")
    for name in ("library.bib", "parliament.bib"):
        (ws / "references" / name).write_text((FIXTURES / name).read_text(), encoding="utf-8")
    texts = letter(points)
    items = "\n".join(f"    - text: {text!r}" for text in texts).replace("'", '"')
    draft = ws / "drafts" / "letter.yaml"
    draft.write_text(
        "template: open-brief\nfields:\n  addressee: de Staatssecretaris\n"
        "  subject: Een lange brief\n  place: Amsterdam\n  date: 2023-01-10\n"
        "  signatories: [Stichting Free Russia NL]\nsections:\n  points:\n" + items + "\n",
        encoding="utf-8",
    )
    markdown = root / "letter.md"
    numbered = "\n".join(f"{n}. {text}" for n, text in enumerate(texts, 1))
    markdown.write_text(
        "# Open brief aan de Staatssecretaris\n\n**Een lange brief**\n\n"
        "Amsterdam, 10 januari 2023\n\n" + numbered + "\n\nHoogachtend,\n\n"
        "Stichting Free Russia NL\n",
        encoding="utf-8",
    )
    return draft, markdown


def engines() -> None:
    """citeproc-py against pandoc on the oracle: matching citation footnotes per style."""
    import time
    import warnings

    from citeproc import (  # type: ignore[import-untyped]
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        Locator,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

    sys.path.insert(0, str(FIXTURES.parent.parent / "cite"))
    import test_csl_oracle as oracle

    from pleitbrief.cite.csl_json import to_csl_items
    from pleitbrief.cite.resolve import _Resolver
    from pleitbrief.cite.styles import get_style
    from pleitbrief.library.bibtex import parse_bib_file
    from pleitbrief.markup import model as m
    from pleitbrief.markup.parse import parse_markdown

    warnings.filterwarnings("ignore")
    labels = {"p.": "page", "pp.": "page", "art.": "article-locator", "hoofdstuk": "chapter"}
    for name, lang in oracle.STYLES:
        style = get_style(name, lang)
        entries = {}
        for file in ("library.bib", "parliament.bib"):
            entries.update({e.key: e for e in parse_bib_file(FIXTURES / file)[0]})
        items = to_csl_items(list(entries.values()), style.locale)  # type: ignore[attr-defined]
        for item in items:  # citeproc-py wants lower-case ids and a type
            item["id"], item["type"] = item["id"].lower(), item["type"] or "document"
        csl_style = CitationStylesStyle(
            str(style.file.path),  # type: ignore[attr-defined]
            locale=style.locale,  # type: ignore[attr-defined]
            validate=False,
        )
        bibliography = CitationStylesBibliography(csl_style, CiteProcJSON(items), formatter.plain)
        doc = m.Document(parse_markdown((FIXTURES / "sequence.md").read_text(encoding="utf-8")))
        collector = _Resolver(entries, style, collected=[])
        for block in doc.blocks:
            collector.block(block, in_note=False)
        own = [g for g in collector.collected or [] if not g.in_note]
        citations = []
        for placed in own:
            cites = []
            for c in placed.group.citations:
                label, _, value = c.locator.partition(" ")
                locator = {}
                if label in labels:
                    locator = {"locator": Locator(labels[label], value)}
                elif label.replace("-", "").isdigit():
                    locator = {"locator": Locator("page", label)}
                cites.append(CitationItem(c.key.lower(), **locator))
            citation = Citation(cites)
            bibliography.register(citation)
            citations.append(citation)
        start, texts, crashes = time.perf_counter(), [], 0
        for citation in citations:
            try:
                texts.append(" ".join(str(bibliography.cite(citation, lambda _: None)).split()))
            except Exception:
                texts.append("")
                crashes += 1
        seconds = time.perf_counter() - start
        theirs = oracle.pandoc_footnotes(style)  # type: ignore[arg-type]
        plain = [re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", t).replace("_", "") for t in theirs]
        same = sum(plain[g.note - 1] == t for g, t in zip(own, texts, strict=True))
        print(f"| {name} ({style.locale}) | {same} / {len(own)} | {crashes} | {seconds:.2f} |")  # type: ignore[attr-defined]


def compare(count: int, seed: int) -> int:
    """pleitbrief's processor against pandoc, group by group, in ``count`` random styles of
    the collection: the letter of ``tests/cite/citeproc/test_engine_vs_pandoc.py``."""
    import os
    import random
    import time

    sys.path.insert(0, str(FIXTURES.parent.parent / "cite" / "citeproc"))
    import test_engine_vs_pandoc as differential

    from pleitbrief.cite import csl
    from pleitbrief.cite.csl_json import to_csl_items

    os.environ["PLEITBRIEF_NO_CACHE"] = "1"
    library = differential.entries()
    names = random.Random(seed).sample(csl.csl_style_names(), count)
    differ = crashed = 0
    spent = {"": 0.0, "pandoc": 0.0}
    for name in names:
        style = csl.find_csl_style(name, "en")
        if style is None:
            continue
        groups = differential.letter(sorted(library), seed=sum(map(ord, name)))
        keys = list(dict.fromkeys(c.key for g in groups for c in g.group.citations))
        refs = to_csl_items([library[k] for k in keys], style.locale)
        texts = {}
        for engine in ("", "pandoc"):
            os.environ[csl.ENGINE_VARIABLE] = engine
            start = time.perf_counter()
            try:
                texts[engine] = csl._format(groups, refs, style.file.path, style.locale, set())
            except Exception as exc:  # a crash is what this looks for
                print(f"{name}: {engine or 'processor'} failed: {exc!r}")
                crashed += 1
                break
            spent[engine] += time.perf_counter() - start
        else:
            pairs = zip(texts[""], texts["pandoc"], strict=True)
            wrong = [i for i, (a, b) in enumerate(pairs) if a != b]
            if wrong:
                differ += 1
                i = wrong[0]
                print(f"{name}: {len(wrong)} of {len(groups)} groups differ; group {i}:")
                print(f"  pandoc:    {texts['pandoc'][i]}\n  processor: {texts[''][i]}")
    print(
        f"{len(names)} styles (seed {seed}): {differ} differ, {crashed} failed; "
        f"processor {spent['']:.1f} s, pandoc {spent['pandoc']:.1f} s"
    )
    return 1 if differ or crashed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.csl_bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per program (median)")
    parser.add_argument("--points", type=int, default=1000)
    parser.add_argument("--styles", default=",".join(STYLES))
    parser.add_argument("--to", default="md,docx", help="output formats, e.g. md,docx")
    parser.add_argument("--engines", action="store_true", help="citeproc-py against pandoc")
    parser.add_argument(
        "--compare", type=int, metavar="N", help="the processor against pandoc in N random styles"
    )
    parser.add_argument("--seed", type=int, default=2, help="which random styles (--compare)")
    args = parser.parse_args(argv)
    if args.compare:
        return compare(args.compare, args.seed)
    if args.engines:
        print("| style | citeproc-py same as pandoc | crashes | citeproc-py s |")
        print("|---|---:|---:|---:|")
        engines()
        return 0

    from pleitbrief.cite.csl import find_csl_style, pandoc_path

    pandoc = pandoc_path()
    if pandoc is None:
        print("pandoc is not installed (pip install pypandoc-binary)", file=sys.stderr)
        return 2
    pleitbrief = Path(sys.executable).parent / "pleitbrief"
    rows = []
    with tempfile.TemporaryDirectory(prefix="pleitbrief-csl-bench-") as tmp:
        root = Path(tmp)
        env = {"PLEITBRIEF_CACHE_DIR": str(root / "cache")}

        def forget_citeproc() -> None:
            shutil.rmtree(root / "cache" / "citeproc", ignore_errors=True)

        draft, markdown = workspace(root, args.points)
        for name in args.styles.split(","):
            style = find_csl_style(name, "nl")
            assert style is not None, f"no CSL style {name!r}"
            for fmt in args.to.split(","):
                ours = [pleitbrief, "-w", draft.parent.parent, "export", draft, "--to", fmt,
                        "-o", root / f"pleitbrief.{fmt}", "--style", name]  # fmt: skip
                theirs = [pandoc, markdown, "--citeproc", "--csl", style.file.path,
                          "--bibliography", FIXTURES / "library.bib",
                          "--bibliography", FIXTURES / "parliament.json",
                          "-M", "lang=nl-NL", "-t", "markdown" if fmt == "md" else fmt,
                          "-o", root / f"pandoc.{fmt}"]  # fmt: skip
                print(f"running {name} → {fmt} …", file=sys.stderr)
                a, b = alternate(ours, theirs, args.runs, env_a=env, before_a=forget_citeproc)
                assert b is not None
                rows.append((name, fmt, a.median, b.median, a.peak_mib, b.peak_mib))
    print(f"{args.points} points, {2 * args.points} citations; median of {args.runs} runs\n")
    print("| style | to | pleitbrief s | pandoc s | ratio | pleitbrief MiB | pandoc MiB |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, fmt, ours_s, theirs_s, ours_m, theirs_m in rows:
        print(f"| {name} | {fmt} | {ours_s:.3f} | {theirs_s:.3f} | {ours_s / theirs_s:.2f} "
              f"| {ours_m:.0f} | {theirs_m:.0f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
