"""LaTeX in BibTeX field values → plain Unicode text.

Most values in a real library are plain text, or plain text with braces protecting case
(Better BibTeX writes ``{{Out}} of the {{Box}}``). Running pylatexenc on every value is
about 18 times slower than this module (measured on 80,000 generated values), so
:func:`decode` takes four paths:

1. nothing LaTeX-like at all: only whitespace is normalised;
2. braces and TeX ligatures (``--``, ``~``, ````` `` `````) but no macro: done with
   ``str.replace``;
3. only accents (``{\\"o}``, ``\\'{e}``), letters (``{\\ss}``, ``\\o``) and escapes
   (``\\&``): done with regular expressions that give what pylatexenc gives;
4. anything else with a backslash or ``$``: pylatexenc, with a context that knows the
   biblatex macros.

An unescaped ``%`` inside a value is kept as a percent sign (as BibTeX and biber do),
not read as a LaTeX comment (as pandoc does): ``{50% of people}`` stays whole.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from typing import Any

_WHITESPACE = re.compile(r"[ \t\r\n]+")
_TEXT_LIGATURES = (
    ("---", "\u2014"),
    ("--", "\u2013"),
    ("``", "\u201c"),
    ("''", "\u201d"),
    ("`", "\u2018"),
)
_NBSP = "\u00a0"
_SIMPLE_MARKUP = re.compile(r"[{}~`]|--|''")
# `\url{…}` is verbatim in LaTeX: its `%`, `_`, `#`, `~` are characters, not markup.
_URL_MACRO = re.compile(r"\\(?:url|nolinkurl)\s*\{([^{}]*)\}")
# … but hyperref's escapes (`\#`, `\%`) in it stand for the character.
_URL_ESCAPE = re.compile(r"\\([#%&_~$])")
_UNESCAPED_PERCENT = re.compile(r"(?<!\\)%")
_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Path 3. Accents made of a symbol attach directly (`\'e`); those named by a letter need
# a brace or a space (`\c{c}`, `\c c`), or `\cite` would be a c with a cedilla.
_ACCENTS = {
    **{"'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303"},
    **{"=": "\u0304", ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b"},
    **{"c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323", "b": "\u0331"},
}
# The spaces a control word eats (`Stra\ss e` is Straße): up to one newline, not a blank line.
_EATEN = r"[ \t]*(?:\n[ \t]*)?"
# The accented letter; `\i` eats the spaces after it, like any control word.
_BASE = rf"(\\[ij](?![A-Za-z]){_EATEN}|[A-Za-z])"
_ACCENT = re.compile(
    rf"\\(['`^\"~=.])\s*(?:\{{\s*{_BASE}\s*\}}|{_BASE})"
    rf"|\\([uvHckrdb])(?:\s*\{{\s*{_BASE}\s*\}}|\s+{_BASE})"
)
_LETTERS = {
    **{"ss": "ß", "o": "ø", "O": "Ø", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ"},
    **{"oe": "œ", "OE": "Œ", "l": "ł", "L": "Ł", "i": "\u0131", "j": "\u0237"},
}
_LETTER = re.compile(rf"\\(ss|aa|AA|ae|AE|oe|OE|o|O|l|L|i|j)(?![A-Za-z])(?:\{{\}}|{_EATEN})")
# Font and emphasis commands print their argument (`\emph{x}`, `{\em x}`): drop the name.
_FONT_COMMAND = re.compile(
    r"\\(?:emph|textit|textbf|textsc|textsl|textup|textmd|textnormal|textrm|textsf|texttt"
    r"|mkbibemph|mkbibitalic|mkbibbold|mkbibacro|textsuperscript|textsubscript|mbox"
    rf"|NoCaseChange|autocap){_EATEN}(?=\{{)"
    rf"|\\(?:em|it|bf|sc|sl|rm|sf|tt|up|itshape|bfseries|scshape|upshape|relax)(?![A-Za-z]){_EATEN}"
)
_ESCAPE = re.compile(r"\\([&%_#$])")
_OTHER_LATEX = re.compile(r"\\(?![&%_#$])|(?<!\\)\$")
# Fallback when pylatexenc fails on a value: drop macro names, keep their arguments.
_MACRO_NAME = re.compile(r"\\([A-Za-z]+)\s*|\\(.)")


# --- markup kept: CSL-JSON's rich text ------------------------------------------------
# What pandoc keeps of LaTeX's font commands when it writes CSL-JSON, by the tags it uses.
_RICH_TAGS = {
    "i": ("<i>", "</i>"),
    "b": ("<b>", "</b>"),
    "sc": ('<span style="font-variant:small-caps;">', "</span>"),
    "sup": ("<sup>", "</sup>"),
    "sub": ("<sub>", "</sub>"),
}
_RICH_COMMANDS = {
    **dict.fromkeys(("emph", "textit", "mkbibemph", "mkbibitalic", "textsl"), "i"),
    **dict.fromkeys(("textbf", "mkbibbold"), "b"),
    "textsc": "sc",
    **dict.fromkeys(("textsuperscript", "mkbibsuperscript"), "sup"),
    **dict.fromkeys(("textsubscript", "mkbibsubscript"), "sub"),
}
_RICH_SWITCHES = {
    **dict.fromkeys(("em", "it", "itshape", "sl", "slshape"), "i"),
    **dict.fromkeys(("bf", "bfseries"), "b"),
    **dict.fromkeys(("sc", "scshape"), "sc"),
}
_RICH_COMMAND = re.compile(r"\\(" + "|".join(_RICH_COMMANDS) + r")\s*\{")
_RICH_SWITCH = re.compile(r"\{\s*\\(" + "|".join(_RICH_SWITCHES) + r")(?![A-Za-z])\s*")
# Each kind's opening and closing mark while the text is decoded: characters of Unicode's
# private use area, which no decoder touches.
_MARKS = {kind: (chr(0xE010 + 2 * n), chr(0xE011 + 2 * n)) for n, kind in enumerate(_RICH_TAGS)}
_MARK_TAGS = {
    mark: tag
    for kind, marks in _MARKS.items()
    for mark, tag in zip(marks, _RICH_TAGS[kind], strict=True)
}


def decode_rich(value: str) -> str | None:
    """A value with font commands (``\\emph{…}``, ``{\\bf …}``, ``\\textsuperscript{…}``) as
    CSL-JSON rich text, the way pandoc writes it (``<i>…</i>``, ``<b>``, ``<sup>`` …);
    None for a value without them (its text is all there is)."""
    if "\\" not in value or not (_RICH_COMMAND.search(value) or _RICH_SWITCH.search(value)):
        return None
    marked = decode(_mark_groups(value))
    rich = "".join(_MARK_TAGS.get(char, char) for char in marked)
    for opening, closing in _RICH_TAGS.values():
        rich = rich.replace(opening + closing, "")
    return rich if rich != decode(value) else None


def _mark_groups(value: str) -> str:
    """Each font command's group between its kind's marks, the command itself gone."""
    out: list[str] = []
    i = 0
    while i < len(value):
        command = _RICH_COMMAND.match(value, i)
        switch = None if command else _RICH_SWITCH.match(value, i)
        found = command or switch
        if found is None or (i and value[i - 1] == "\\"):
            out.append(value[i])
            i += 1
            continue
        kind = _RICH_COMMANDS[found[1]] if command else _RICH_SWITCHES[found[1]]
        end = _group_end(value, found.end() - 1 if command else i)
        if end is None:  # unbalanced: leave it to the decoder
            out.append(value[i])
            i += 1
            continue
        opening, closing = _MARKS[kind]
        inner = value[found.end() : end]
        out.append(f"{opening}{{{_mark_groups(inner)}}}{closing}")
        i = end + 1
    return "".join(out)


def _group_end(value: str, start: int) -> int | None:
    """The index of the ``}`` that closes the ``{`` at ``start`` (escaped braces skipped)."""
    depth = 0
    i = start
    while i < len(value):
        char = value[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None


def needs_latex(value: str) -> bool:
    """Whether ``value`` holds a macro or math, i.e. needs the (slow) LaTeX parser."""
    return "\\" in value or "$" in value


def decode(value: str) -> str:
    """Decode a BibTeX field value (outer delimiters already removed) to Unicode text.

    Case-protecting braces go, accents and symbols become characters, ``--``/``---``
    become en/em dashes and ``~`` a no-break space; whitespace runs become one space.
    """
    if needs_latex(value):
        accented = _decode_accents(value)
        text = accented if accented is not None else _decode_with_pylatexenc(value)
    elif _SIMPLE_MARKUP.search(value):
        text = _decode_simple(value)
    else:
        text = value
    if "\n" in text or "  " in text or "\t" in text or "\r" in text:
        text = _WHITESPACE.sub(" ", text)
    return text.strip()


def _decode_simple(value: str) -> str:
    text = value
    # Ligatures before braces go: `-{}-` is two hyphens in TeX, not a dash.
    for tex, char in _TEXT_LIGATURES:
        if tex in text:
            text = text.replace(tex, char)
    return text.replace("{", "").replace("}", "").replace("~", _NBSP)


def _decode_accents(value: str) -> str | None:
    """Path 3: accents, foreign letters, font commands and escapes; None if there is more."""
    text = _FONT_COMMAND.sub("", _accents_and_letters(value))
    if _OTHER_LATEX.search(text):
        return None
    text = _decode_simple(text)
    return _ESCAPE.sub(r"\1", text) if "\\" in text else text


def _accents_and_letters(value: str) -> str:
    text = _ACCENT.sub(_accented, value)
    return _LETTER.sub(lambda m: _LETTERS[m.group(1)], text)


def _accented(match: re.Match[str]) -> str:
    accent = match.group(1) or match.group(4)
    base = (match.group(2) or match.group(3) or match.group(5) or match.group(6)).strip()
    # An accent over a dotless i (`\\'{\\i}`) is an accented i: í.
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    return unicodedata.normalize("NFC", base + _ACCENTS[accent])


@lru_cache(maxsize=4096)
def _decode_with_pylatexenc(value: str) -> str:
    verbatim: list[str] = []

    def hide(match: re.Match[str]) -> str:
        verbatim.append(_URL_ESCAPE.sub(r"\1", match.group(1)))
        return f"\ue000{len(verbatim) - 1}\ue001"

    latex = _URL_MACRO.sub(hide, value)
    latex = _UNESCAPED_PERCENT.sub(r"\\%", latex)
    # An accent over nothing is the accent character itself.
    latex = latex.replace("\\^{}", "\\textasciicircum{}").replace("\\~{}", "\\textasciitilde{}")
    try:
        text = _to_text(latex)
    except Exception:  # pylatexenc raises assorted errors on odd input; never let one out
        text = _accents_and_letters(latex)
        text = _decode_simple(_MACRO_NAME.sub(lambda m: m.group(2) or "", text))
    if "`" in text:  # pylatexenc knows ``…'' but not the single opening quote
        text = text.replace("`", "\u2018")
    if verbatim:
        text = _PLACEHOLDER.sub(lambda m: verbatim[int(m.group(1))], text)
    return text


def _to_text(latex: str) -> str:
    from pylatexenc.latexwalker import LatexWalker  # type: ignore[import-untyped]

    walker_context, converter = _pylatexenc()
    nodes = LatexWalker(latex, latex_context=walker_context, tolerant_parsing=True)
    return str(converter.nodelist_to_text(nodes.get_latex_nodes()[0]))


@cache
def _pylatexenc() -> tuple[Any, Any]:
    """The walker context and converter, built once: pylatexenc's defaults plus biblatex."""
    from pylatexenc import latex2text, latexwalker  # type: ignore[import-untyped]
    from pylatexenc.macrospec import MacroSpec  # type: ignore[import-untyped]

    # Macros whose arguments the walker must know, or pylatexenc would not pair them up.
    one_arg = [
        *("mkbibemph", "mkbibitalic", "mkbibbold", "mkbibquote", "mkbibparens"),
        *("mkbibbrackets", "mkbibacro", "mkbibsuperscript", "mkbibsubscript", "enquote"),
        *("textsuperscript", "textsubscript", "mbox", "hbox", "textnormal", "textup"),
        *("textmd", "textsf", "texttt", "textsc", "textsl", "emph", "textit", "textbf"),
        *("noopsort", "autocap", "NoCaseChange", "ensuremath"),
    ]
    walker = latexwalker.get_default_latex_context_db()
    walker.add_context_category(
        "pleitbrief-biblatex",
        prepend=True,
        macros=[
            *(MacroSpec(name, "{") for name in [*one_arg, "t"]),
            MacroSpec("href", "{{"),
        ],
    )

    text_context = latex2text.get_default_latex_context_db()
    quoted = "\u201c%s\u201d"
    repl: dict[str, Any] = {name: "%s" for name in one_arg}
    repl |= {"mkbibquote": quoted, "enquote": quoted, "mkbibparens": "(%s)"}
    repl |= {"mkbibbrackets": "[%s]", "noopsort": "", "href": "%(2)s", "t": _tie}
    # Text-mode symbols pylatexenc drops or turns into look-alikes (U+02C6 for ^).
    repl |= {"textbar": "|", "textasciicircum": "^", "textasciitilde": "~"}
    repl |= {"textbraceleft": "{", "textbraceright": "}", "textquotedbl": '"'}
    repl |= {"textless": "<", "textgreater": ">", "textunderscore": "_"}
    text_context.add_context_category(
        "pleitbrief-biblatex",
        prepend=True,
        macros=[latex2text.MacroTextSpec(name, simplify_repl=r) for name, r in repl.items()],
        # pylatexenc turns `&` into tabular spacing; in a title it is just an ampersand.
        specials=[latex2text.SpecialsTextSpec("&", "&")],
    )
    converter = latex2text.LatexNodes2Text(
        latex_context=text_context, math_mode="text", strict_latex_spaces=True
    )
    return walker, converter


def _tie(node: Any, l2tobj: Any) -> str:
    """``\\t{ia}``: the tie accent joins two letters (i͡a)."""
    text = str(l2tobj.nodelist_to_text([node.nodeargd.argnlist[0]]))
    return text[:1] + "\u0361" + text[1:] if text else ""
