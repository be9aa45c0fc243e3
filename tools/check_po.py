"""Check the Korean edition: the .po catalogues, the Korean figure text and the table data.

    python tools/check_po.py                       # every catalogue and every source below
    python tools/check_po.py FILE [FILE ...]       # only these files
    python tools/check_po.py --sources             # only the figure text and the table data

FILE may be a catalogue (``docs/locales/ko/LC_MESSAGES/**/*.po``), a script with figure text
(``gallery/*/*.py``, ``docs/_figures/*.py``) or a data file (``docs/_data/tools.toml``,
``docs/_data/glossary.toml``). Each problem is printed on one line naming the file, the
message (the start of its msgid, or the figure string or table field) and the fix; the exit
status is 1 when anything is flagged. The rules are those of the Korean style sheet,
docs/locales/ko/STYLE.md; the forms it forbids, the 문체 endings and the readings of Latin
words are data in docs/_data/ko_style.toml.

Every msgstr of a catalogue:

- is there and not fuzzy;
- keeps every inline literal, maths, substitution and cross-reference target of the msgid
  (role targets such as ``{term}`합성곱 <convolution>``` keep the ``<convolution>`` target;
  the text may change);
- uses no non-preferred Korean variant listed in docs/_data/glossary.toml;
- markup: in a reST catalogue (``is_rest``: gallery pages, API pages) no inline markup is
  directly followed or preceded by Hangul (write ``code``\\ 로); in a MyST catalogue no
  emphasis or strong has its closing ``*`` between punctuation and Hangul (or its opening
  ``*`` between Hangul and punctuation), which CommonMark does not render, and no reST
  backslash-space appears (MyST shows the backslash);
- link particles: the particle (은/는, 이/가, 을/를, 와/과, 으로/로) right after a
  ``{doc}``/``{ref}``/``:doc:``/``:ref:`` link, a ``{term}`` with its own text or a Markdown
  link agrees with the last sound of the text the reader sees: the link's own text, or the
  Korean title of its target (the title message of the target's catalogue; for a label, the
  heading it precedes in the English source, as translated in the target's catalogue;
  ``sphx_glr_auto_examples_<dir>_<script>.py`` is the title of that gallery page); the same
  after inline code whose reading is certain (``LSTM``, ``1``, ``(N, K)``, names in
  ko_style.toml [reading]; a lower-case name such as ``fit`` is not judged);
- parenthesis particles: a particle right after ``)`` agrees with the word before ``(``
  (``Goodfellow 외(2014)가``, ``인공지능(artificial intelligence, AI)은``), or for a shape
  standing alone with its last element (``(N, K)는``);
- style list (ko_style.toml): term choices, calques, citation forms (no ``et al.``, no ``&``),
  no lead-in ending in ``다:``, no doubled gloss ``)(``;
- 문체: no 합니다체/해요체 ending (…습니다, …합니다, …세요, …해요).

The figure text (the Korean argument of each ``tr(english, korean)`` call, found with ``ast``)
and the table data (the ``*_ko`` fields and ``[kind_ko]`` of tools.toml; ``ko`` and
``def_ko`` of glossary.toml) get the 문체, style-list, glossary and parenthesis checks.
Code, maths and web addresses are left out of the prose checks. A particle counts only when
nothing but a space, punctuation or the end follows it (로는, 로서, 과의 included), so 이다,
이며, 이고 or 로그 after a link are not judged. Latin words are read as acronyms when their
last letter is upper case (CNN [씨엔엔]), numbers in Sino-Korean (2014 [이천십사], 10 [십]),
other words by an unambiguous ending (-m, -n, -ng, -l; -a, -o, -r, -s ...) or not at all.
"""

from __future__ import annotations

import ast
import posixpath
import re
import sys
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "_ext"))

from glossary_data import load_glossary  # noqa: E402

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CATALOGS = ROOT / "docs" / "locales" / "ko" / "LC_MESSAGES"
STYLE_DATA = ROOT / "docs" / "_data" / "ko_style.toml"
FIGURE_SOURCES = ("gallery/*/*.py", "docs/_figures/*.py")
TABLE_SOURCES = ("docs/_data/tools.toml", "docs/_data/glossary.toml")

LITERAL = re.compile(r"``[^`]+``|(?<![`}])`[^`<>]+`(?!`)|\$[^$]+\$")
ROLE = re.compile(r"(\{[a-z:-]+\}|:[a-z:-]+:)`([^`]*)`")


def role_targets(text: str) -> Counter[str]:
    targets: Counter[str] = Counter()
    for role, body in ROLE.findall(text):
        match = re.search(r"<([^<>]+)>\s*$", body)
        target = match.group(1) if match else body
        if role in ("{term}", ":term:"):
            target = target.lower()
        targets[f"{role}{target}"] += 1
    return targets


def literals(text: str) -> Counter[str]:
    return Counter(LITERAL.findall(ROLE.sub(" ", text)))


def is_rest(path: Path) -> bool:
    """Whether the catalogue's document is reStructuredText (gallery pages, API pages).

    Sphinx parses a translation with the parser of its document, so a docstring shown on an
    ``.rst`` page is translated in reST, like the gallery pages sphinx-gallery writes.
    """
    try:
        doc = path.resolve().relative_to(CATALOGS.resolve()).with_suffix(".rst")
    except ValueError:
        return "auto_examples" in path.parts
    return doc.parts[0] == "auto_examples" or (ROOT / "docs" / doc).is_file()


# ---------------------------------------------------------------------------------------------
# Korean sounds: the particle after a word follows the last sound of the word as it is read.

HANGUL = re.compile(r"[\uac00-\ud7a3]")
RIEUL = 8  # index of the final consonant ㄹ
LETTERS = dict(
    A="에이", B="비", C="씨", D="디", E="이", F="에프", G="지", H="에이치", I="아이", J="제이",
    K="케이", L="엘", M="엠", N="엔", O="오", P="피", Q="큐", R="알", S="에스", T="티", U="유",
    V="브이", W="더블유", X="엑스", Y="와이", Z="제트",
)  # fmt: skip
DIGITS = "영일이삼사오육칠팔구"
# A lower-case ending whose sound is clear: "-m" [음], "-n" [은], "-ng" [응], "-l" [을] end in
# a final consonant; vowels and "-r", "-s", "-x", "-z", "-f", "-h" (PyTorch, Keras) do not.
# Endings such as "-t", "-d", "-e" are read either way (fit [핏], code [코드]): not judged.
NO_FINAL = "aiouywrsxzfh"
QUOTES_CLOSE = "\"'”’」』»"
# particle -> (form after a final consonant, form after none); 으로/로: 로 also after ㄹ.
PAIRS = {
    "은": ("은", "는"), "는": ("은", "는"), "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"), "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
}  # fmt: skip
PARTICLE = re.compile(r"(?:\\ )?(으로|로|은|는|이|가|을|를|과|와)")
# What may follow a particle and still leave it clearly a particle (로는, 와의); anything else
# Hangul or alphanumeric after it makes another word (이다, 이며, 로그, 가장): not judged.
PARTICLE_TAIL = {"으로": "는|도|서|써|의|부터|만", "로": "는|도|서|써|의|부터|만",
                 "과": "는|도|의|만", "와": "는|도|의|만"}  # fmt: skip


def final(syllable: str) -> int:
    """Index of the final consonant (받침) of a Hangul syllable: 0 for none, 8 for ㄹ."""
    return (ord(syllable) - 0xAC00) % 28


@cache
def style_data() -> dict:
    with STYLE_DATA.open("rb") as fh:
        return tomllib.load(fh)


def readings() -> dict[str, str]:
    return style_data().get("reading", {})


def number_sound(digits: str, digit_by_digit: bool) -> str:
    """The last syllable of a number read in Sino-Korean (2014 -> 사, 10 -> 십, 2500 -> 백)."""
    if digit_by_digit or (len(digits) > 1 and digits[0] == "0"):
        return DIGITS[int(digits[-1])]
    n = int(digits)
    if n == 0:
        return "영"
    for unit, name in ((10**8, "억"), (10**4, "만"), (1000, "천"), (100, "백"), (10, "십")):
        if n % unit == 0:
            return name
    return DIGITS[n % 10]


def latin_sound(text: str, *, strict: bool = False) -> str | None:
    """The last syllable of the Latin word or number ending ``text``, or None if unclear.

    ``strict`` (for code): only the readings table, numbers and acronyms count, not the
    spelling of a lower-case ending (``tr`` is read [티알], not [트]).
    """
    token = re.search(r"[A-Za-z0-9][A-Za-z0-9+#._-]*$", text)
    if not token:
        return None
    for key in (token.group(), re.split(r"[._]", token.group())[-1]):
        if key in readings():
            return readings()[key][-1]
    word = re.search(r"[A-Za-z0-9]+$", token.group())
    if not word:
        return None  # C++, ends in a symbol
    word = word.group()
    if word in readings():
        return readings()[word][-1]
    digits = re.search(r"[0-9]+$", word)
    if digits:
        start = len(text) - len(digits.group())
        decimal = start >= 2 and text[start - 1] == "." and text[start - 2].isdigit()
        return number_sound(digits.group(), decimal)
    last = word[-1]
    acronym = re.search(r"[A-Z]+$", word)
    if acronym and not (strict and re.search("[AEIOU]", acronym.group())):
        return LETTERS[last][-1]  # an acronym, read letter by letter: CNN [씨엔엔]
    if strict:
        return None  # LANG, DIR: words, not acronyms; tr [티알]: not [트]
    lower = word.lower()
    if lower.endswith("ng"):
        return "응"
    if lower[-1] in "mnl":
        return {"m": "음", "n": "은", "l": "을"}[lower[-1]]
    if lower[-1] in NO_FINAL:
        return "어"
    return None


def code_sound(code: str) -> str | None:
    """The last syllable of code as it is read, when certain: ``(N, K)`` [케이], ``x[0]`` [영].

    Call parentheses are not read (``RNN()`` [알엔엔]); a lower-case name is not judged.
    """
    code = re.sub(r"\(\)$", "", code.strip())
    code = code.rstrip(")]} ,")
    return latin_sound(code, strict=True) if code else None


def match_open(text: str, close: int) -> int | None:
    """Index of the ``(`` matching the ``)`` at ``close``."""
    depth = 0
    for i in range(close, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return None


def last_sound(text: str) -> str | None:
    """The syllable a particle after ``text`` follows, or None when it cannot be told.

    A closing quote is skipped; a trailing parenthesis is a gloss or a citation, so the word
    before it counts (``합성곱 신경망(convolutional neural network, CNN)`` -> 망).
    """
    text = text.rstrip()
    while text and text[-1] in QUOTES_CLOSE:
        text = text[:-1].rstrip()
    if text.endswith(")"):
        start = match_open(text, len(text) - 1)
        return last_sound(text[:start]) if start else None
    if not text:
        return None
    if HANGUL.match(text[-1]):
        return text[-1]
    if text.endswith("%"):
        return "트"  # 퍼센트
    return latin_sound(text)


def right_particle(particle: str, syllable: str) -> str:
    with_final, without = PAIRS[particle]
    consonant = final(syllable)
    if with_final == "으로":
        return without if consonant in (0, RIEUL) else with_final
    return with_final if consonant else without


def particle_at(text: str, pos: int) -> tuple[str, int] | None:
    """The particle starting at ``pos`` (after an optional reST ``\\ ``) and its end."""
    match = PARTICLE.match(text, pos)
    if not match:
        return None
    particle, end = match.group(1), match.end()
    tail = re.match(f"(?:{PARTICLE_TAIL.get(particle, '')})", text[end:])
    end += len(tail.group()) if tail else 0
    if end < len(text) and (HANGUL.match(text[end]) or text[end].isalnum()):
        return None  # part of a longer word: 이다, 이며, 로그, 가장
    return particle, end


# ---------------------------------------------------------------------------------------------
# Prose: the text a reader sees, with code, maths and addresses taken out.

PLACEHOLDER = "⟨…⟩"  # what the messages show for code and maths; no Hangul, no Latin
PROSE_ROLES = {"term", "doc", "ref", "numref", "std:term", "std:doc", "std:ref"}
TOKEN = re.compile(
    r"(?P<role>(?:\{[a-z:-]+\}|:[a-z:-]+:)`[^`]*`)"
    r"|(?P<literal>``.+?``)"
    r"|(?P<code>`[^`]+`_{0,2})"
    r"|(?P<math>\$\$.+?\$\$|\$[^$\s](?:[^$]*[^$\s])?\$)"
    r"|(?P<url>https?://[^\s)>\]]+)"
    r"|(?P<link>\[(?P<linktext>[^\]]+)\]\([^)\s]+\))",
    re.S,
)
EXPLICIT = re.compile(r"(.*\S)\s*<([^<>]+)>\s*", re.S)


def role_parts(token: str) -> tuple[str, str]:
    match = ROLE.fullmatch(token)
    assert match
    return match.group(1).strip("{}:"), match.group(2)


def prose(text: str, *, keep_links: bool = True) -> str:
    """``text`` with code, maths and addresses replaced by a placeholder.

    With ``keep_links``, the text of {term}, {doc} and {ref} roles written out in the message
    and of Markdown links stays (it is prose the reader sees); without, it goes too.
    """

    def replace(match: re.Match[str]) -> str:
        if match.lastgroup == "role" and keep_links:
            name, body = role_parts(match.group())
            explicit = EXPLICIT.fullmatch(body)
            if name in PROSE_ROLES and explicit:
                return explicit.group(1)
        if match.lastgroup == "link" and keep_links:
            return match.group("linktext")
        return PLACEHOLDER

    return TOKEN.sub(replace, text)


def excerpt(text: str, start: int, end: int, margin: int = 12) -> str:
    left, right = max(0, start - margin), min(len(text), end + margin)
    return ("…" if left else "") + text[left:right] + ("…" if right < len(text) else "")


# ---------------------------------------------------------------------------------------------
# Titles of pages and sections, for the particle after a link.


def rst_title(text: str) -> str | None:
    """The first section title of a reST text."""
    lines = text.splitlines()
    underline = re.compile(r"([=\-~^\"'`#*+<>:._])\1{2,}\s*")
    for i in range(len(lines) - 1):
        title, below = lines[i].strip(), lines[i + 1]
        if title and not underline.fullmatch(title) and underline.fullmatch(below):
            return title
    return None


def md_title(text: str) -> str | None:
    fence = False
    for line in text.splitlines():
        if line.startswith(("```", "~~~")):
            fence = not fence
        match = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", line)
        if match and not fence:
            return match.group(1)
    return None


def english_title(doc: str) -> str | None:
    """The English title of a document, from its source."""
    if doc == "auto_examples/index":
        return rst_title((ROOT / "gallery" / "README.rst").read_text("utf-8"))
    if doc.startswith("auto_examples/"):
        rest = doc[len("auto_examples/") :]
        if rest.endswith("/index"):
            path = ROOT / "gallery" / rest[: -len("/index")] / "README.rst"
            return rst_title(path.read_text("utf-8")) if path.is_file() else None
        path = ROOT / "gallery" / f"{rest}.py"
        if not path.is_file():
            return None
        docstring = ast.get_docstring(ast.parse(path.read_text("utf-8"))) or ""
        return rst_title(docstring)
    for suffix, title in ((".md", md_title), (".rst", rst_title)):
        path = ROOT / "docs" / f"{doc}{suffix}"
        if path.is_file():
            return title(path.read_text("utf-8"))
    return None


@cache
def catalog_strings(doc: str) -> tuple[tuple[str, str], ...]:
    """(msgid, msgstr) of the Korean catalogue of ``doc``, in order; empty if there is none."""
    path = CATALOGS / f"{doc}.po"
    if not path.is_file():
        return ()
    with path.open("rb") as fh:
        catalog = read_po(fh)
    return tuple((str(m.id), str(m.string or "")) for m in catalog if m.id and not m.fuzzy)


def korean_heading(doc: str, english: str | None) -> str | None:
    strings = catalog_strings(doc)
    if english is not None:
        for msgid, msgstr in strings:
            if msgid == english:
                return msgstr or None
    return (strings[0][1] or None) if strings and english is None else None


@cache
def korean_title(doc: str) -> str | None:
    """The Korean title of a document: its title message, else its first message."""
    title = english_title(doc)
    found = korean_heading(doc, title)
    if found is None and title is not None:
        found = korean_heading(doc, None)  # the English title moved: the first message
    return found


def rst_heading_at(lines: list[str]) -> str | None:
    """The section title that starts ``lines`` (after blank lines), if one does."""
    lines = [ln for ln in lines if ln.strip()][:3]
    underline = re.compile(r"([=\-~^\"'`#*+<>:._])\1{2,}\s*")
    if len(lines) >= 2 and underline.fullmatch(lines[0]) and not underline.fullmatch(lines[1]):
        lines = lines[1:]  # an overline
    if len(lines) >= 2 and not underline.fullmatch(lines[0]) and underline.fullmatch(lines[1]):
        return lines[0].strip()
    return None


@cache
def labels() -> dict[str, tuple[str, str | None]]:
    """Label -> (document, English heading the label precedes; None for the page title).

    Only labels of sections count: a label before a figure or a table is not shown as a title.
    """
    found: dict[str, tuple[str, str | None]] = {}
    docs = ROOT / "docs"
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs)
        if rel.parts[0] == "locales" or rel.parts[0].startswith("_"):
            continue
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            match = re.fullmatch(r"\(([^()\s]+)\)=\s*", line)
            heading = next((ln for ln in lines[i + 1 :] if ln.strip()), "") if match else ""
            title = re.match(r"#{1,6}\s+(.+?)\s*#*\s*$", heading)
            if match and title:
                found[match.group(1)] = (rel.with_suffix("").as_posix(), title.group(1))
    rst_files = [(p, p.relative_to(docs).with_suffix("").as_posix()) for p in docs.rglob("*.rst")]
    for readme in sorted((ROOT / "gallery").rglob("README.rst")):
        folder = readme.parent.relative_to(ROOT / "gallery").as_posix()
        rst_files.append((readme, posixpath.normpath(f"auto_examples/{folder}/index")))
    label = re.compile(r"\.\. _([^:]+):\s*")
    for path, doc in rst_files:
        if doc.startswith(("locales/", "_")):
            continue
        lines = path.read_text("utf-8").splitlines()
        for i, line in enumerate(lines):
            match = label.fullmatch(line)
            if match:
                rest = [ln for ln in lines[i + 1 :] if not label.fullmatch(ln)]
                title = rst_heading_at(rest)
                if title:
                    found[match.group(1)] = (doc, title)
    for script in sorted((ROOT / "gallery").glob("*/*.py")):
        doc = f"auto_examples/{script.parent.name}/{script.stem}"
        found[f"sphx_glr_{doc.replace('/', '_')}.py"] = (doc, None)
    return found


def ref_title(label: str) -> str | None:
    if label not in labels():
        return None
    doc, heading = labels()[label]
    return korean_title(doc) if heading is None else korean_heading(doc, heading)


def doc_title(target: str, docname: str | None) -> str | None:
    target = re.sub(r"\.(md|rst)$", "", target.strip())
    if target.startswith("/"):
        doc = target[1:]
    elif docname is None:
        return None
    else:
        doc = posixpath.normpath(posixpath.join(posixpath.dirname(docname), target))
    return korean_title(doc)


def shown_text(token: str, docname: str | None) -> str | None:
    """The text a reader sees for a link token (a role or a Markdown link), if it is prose."""
    if token.startswith("["):
        return token[1 : token.index("](")]
    name, body = role_parts(token)
    explicit = EXPLICIT.fullmatch(body)
    short = name.split(":")[-1]
    if explicit:
        return explicit.group(1) if short in ("term", "doc", "ref", "numref") else None
    if short == "doc":
        return doc_title(body, docname)
    if short == "ref":
        return ref_title(body.strip())
    return None


# ---------------------------------------------------------------------------------------------
# The checks on one Korean text. Each returns messages without the location.

LINK = re.compile(
    r"(?:\{[a-z:-]+\}|:[a-z:-]+:)`[^`]*`|\[[^\]]+\]\([^)\s]+\)|``[^`]+``|(?<![`}])`[^`]+`"
)
CODE_ROLES_SKIPPED = {"math", "eq"}  # maths is read as maths: not judged


def link_sound(token: str, docname: str | None) -> tuple[str, str] | None:
    """(what the reader sees, its last syllable) for a link, role or inline literal."""
    if token.startswith("[") or ROLE.fullmatch(token):
        shown = shown_text(token, docname)
        if shown is not None:
            written = token.startswith("[") or EXPLICIT.fullmatch(role_parts(token)[1])
            if written and shown.rstrip().endswith(")"):
                return None  # a gloss in the link's own text: the parenthesis check's
            sound = last_sound(shown)
            return (shown, sound) if sound else None
        if token.startswith("["):
            return None
        name, body = role_parts(token)
        short = name.split(":")[-1]
        if short in CODE_ROLES_SKIPPED | {"term", "doc", "ref", "numref"}:
            return None
        explicit = EXPLICIT.fullmatch(body)
        code = explicit.group(1) if explicit else body.lstrip("~!")
    else:
        code = token.strip("`")
    sound = code_sound(code)
    return (code, sound) if sound else None


def link_particle_problems(text: str, docname: str | None) -> list[str]:
    """The particle after a link (its shown text or its target's Korean title) or code."""
    problems = []
    for match in LINK.finditer(text):
        found = particle_at(text, match.end())
        if not found:
            continue
        sound = link_sound(match.group(), docname)
        if sound is None:
            continue
        (shown, syllable), (particle, end) = sound, found
        right = right_particle(particle, syllable)
        if right != particle:
            problems.append(
                f"particle {particle!r} after {match.group()!r}, which reads {shown!r} "
                f"(last sound {syllable!r}): write {right!r} "
                f"[{excerpt(text, match.start(), end, 0)}]"
            )
    return problems


def word_before(text: str) -> str:
    """``text`` without emphasis marks and closing quotes at its end."""
    return re.sub(r"[*_\"'”’」』»]+$", "", text)


TUPLE = re.compile(r"\s*[A-Za-z0-9_]+(?:\s*,\s*[A-Za-z0-9_]*)+\s*")


def paren_particle_problems(text: str) -> list[str]:
    """A particle right after ``)`` agrees with the word before the ``(``."""
    plain = prose(text)
    problems = []
    for match in re.finditer(r"\)", plain):
        found = particle_at(plain, match.end())
        start = match_open(plain, match.start())
        if not found or start is None:
            continue
        before = word_before(plain[:start])
        content = plain[start + 1 : match.start()]
        if re.fullmatch(r"\s*[A-Za-z0-9]\s*", content):
            continue  # an item label, 3(a), 단계(1): part of the name, not a gloss
        if (not before or before[-1].isspace()) and TUPLE.fullmatch(content):
            syllable, word = code_sound(content), ""  # a shape: (N, K) [엔 케이]
        elif before and (HANGUL.match(before[-1]) or re.match("[A-Za-z0-9]", before[-1])):
            syllable, word = last_sound(before), re.search(r"[^\s(]*$", before).group()
        else:
            continue  # maths, code, a placeholder: not judged
        if syllable is None:
            continue
        particle, end = found
        right = right_particle(particle, syllable)
        if right != particle and not word:
            problems.append(
                f"particle {particle!r} after the shape ({content}) follows its last sound "
                f"{syllable!r}: write {right!r} [{excerpt(plain, start, end, 0)}]"
            )
        elif right != particle:
            problems.append(
                f"particle {particle!r} after a parenthesis agrees with {word!r} before it "
                f"(last sound {syllable!r}): write {right!r} "
                f"[{excerpt(plain, start - len(word), end, 0)}]"
            )
    return problems


def is_punct(ch: str) -> bool:
    """CommonMark's (and markdown-it-py's) punctuation: Unicode categories P* and S*."""
    return unicodedata.category(ch).startswith(("P", "S"))


def myst_markup_problems(text: str) -> list[str]:
    """Emphasis delimiters CommonMark cannot match; a reST backslash-space."""
    masked = [(m.start(), m.end()) for m in TOKEN.finditer(text) if m.lastgroup != "link"]

    def hidden(pos: int) -> bool:
        return any(a <= pos < b for a, b in masked)

    runs = [
        m
        for m in re.finditer(r"(?<!\\)\*+", text)
        if not hidden(m.start())
        and not (
            (m.start() == 0 or text[m.start() - 1].isspace())
            and (m.end() == len(text) or text[m.end()].isspace())
        )
    ]
    problems = []
    stack: list[re.Match[str]] = []
    for run in runs:
        before = text[run.start() - 1] if run.start() else " "
        if stack and len(stack[-1].group()) == len(run.group()) and not before.isspace():
            opener = stack.pop()
            problems += emphasis_flanking(text, opener, run)
        else:
            stack.append(run)
    plain = prose(text, keep_links=False)
    if "\\ " in plain:
        i = plain.index("\\ ")
        problems.append(
            f"reST backslash-space in a MyST catalogue shows a backslash; write ``code``를 "
            f"directly [{excerpt(plain, i, i + 2)}]"
        )
    return problems


def emphasis_flanking(text: str, opener: re.Match[str], closer: re.Match[str]) -> list[str]:
    def char(i: int) -> str:
        return text[i] if 0 <= i < len(text) else " "

    span = excerpt(text, opener.start(), closer.end(), 4)
    after_open, before_open = char(opener.end()), char(opener.start() - 1)
    before_close, after_close = char(closer.start() - 1), char(closer.end())
    problems = []
    if is_punct(before_close) and not (after_close.isspace() or is_punct(after_close)):
        problems.append(
            f"emphasis closing {closer.group()!r} between {before_close!r} and "
            f"{after_close!r} does not render in MyST; rephrase, or move the parenthesis or "
            f"punctuation outside the emphasis [{span}]"
        )
    if is_punct(after_open) and not (before_open.isspace() or is_punct(before_open)):
        problems.append(
            f"emphasis opening {opener.group()!r} between {before_open!r} and {after_open!r} "
            f"does not render in MyST; put a space or punctuation before it, or rephrase "
            f"[{span}]"
        )
    return problems


REST_INLINE = re.compile(
    r"``.+?``|(?::[a-z:-]+:)?`[^`]+`(?::[a-z:-]+:)?_{0,2}|\*\*[^*\s](?:[^*]*[^*\s])?\*\*"
    r"|\*[^*\s](?:[^*]*[^*\s])?\*"
)


def rest_markup_problems(text: str) -> list[str]:
    """reST ends inline markup only before a space or punctuation, starts it only after one."""
    problems = []
    for match in REST_INLINE.finditer(text):
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        if HANGUL.match(after) or HANGUL.match(before):
            problems.append(
                "reST markup directly followed by Hangul; write ``code``\\ 로 (backslash-space)"
                if HANGUL.match(after)
                else "reST markup directly after Hangul; write a space or backslash-space "
                "before it (값\\ ``x``)"
            )
            problems[-1] += f" [{excerpt(text, match.start(), match.end(), 4)}]"
    return problems


@cache
def style_rules() -> tuple[tuple[str, re.Pattern[str], str, str], ...]:
    """(text, pattern, use, why) of every [[avoid]], [[calque]], [[citation]] and [[form]]."""
    rules = []
    for table in ("avoid", "calque", "citation", "form"):
        for entry in style_data().get(table, []):
            pattern = re.compile(entry.get("pattern") or re.escape(entry["text"]))
            rules.append((entry["text"], pattern, entry["use"], entry["why"]))
    return tuple(rules)


@cache
def register_pattern() -> re.Pattern[str]:
    b_final = "".join(chr(c) for c in range(0xAC00, 0xD7A4) if final(chr(c)) == 17)  # ㅂ
    endings = [
        f"[{b_final}]" + re.escape(e[1:]) if e.startswith("ㅂ") else re.escape(e)
        for e in style_data()["register"]["endings"]
    ]
    return re.compile(f"(?:{'|'.join(endings)})(?![\uac00-\ud7a3])")


def style_problems(text: str) -> list[str]:
    """The style list of ko_style.toml and the 문체 endings, on the prose of ``text``."""
    plain = prose(text)
    problems = []
    for shown, pattern, use, why in style_rules():
        for match in pattern.finditer(plain):
            problems.append(
                f"{why}: {shown!r} [{excerpt(plain, match.start(), match.end())}]; write {use}"
            )
    register = style_data()["register"]
    for match in register_pattern().finditer(plain):
        word = re.search(r"[\uac00-\ud7a3]*$", plain[: match.start()]).group() + match.group()
        problems.append(
            f"{register['why']}: {word!r} [{excerpt(plain, match.start(), match.end())}]; "
            f"write {register['use']}"
        )
    return problems


@cache
def glossary_variants() -> dict[str, str]:
    return {v: r["ko"] for r in load_glossary() for v in r.get("variants", [])}


def variant_problems(text: str, variants: dict[str, str] | None = None) -> list[str]:
    variants = glossary_variants() if variants is None else variants
    return [
        f"uses {variant!r}; the glossary term is {preferred!r}"
        for variant, preferred in variants.items()
        if variant in text
    ]


def message_problems(
    source: str, target: str, *, docname: str | None = None, rest: bool = False
) -> list[str]:
    """Every problem of one translated message (without its location)."""
    problems = []
    if role_targets(source) != role_targets(target):
        missing = role_targets(source) - role_targets(target)
        extra = role_targets(target) - role_targets(source)
        problems.append(f"cross-references differ: missing {dict(missing)}, "
                        f"extra {dict(extra)}")  # fmt: skip
    if literals(source) != literals(target):
        missing = literals(source) - literals(target)
        problems.append(f"code/maths changed or missing: {dict(missing)}")
    problems += rest_markup_problems(target) if rest else myst_markup_problems(target)
    problems += link_particle_problems(target, docname)
    problems += paren_particle_problems(target)
    problems += style_problems(target)
    return problems


def text_problems(text: str) -> list[str]:
    """The problems of a Korean text without markup: figure text, a table cell."""
    return style_problems(text) + paren_particle_problems(text) + variant_problems(text)


# ---------------------------------------------------------------------------------------------
# Files.


def display(path: Path) -> str:
    for base in (CATALOGS, ROOT):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


def check(path: Path, variants: dict[str, str] | None = None) -> list[str]:
    """The problems of one catalogue."""
    with path.open("rb") as fh:
        catalog = read_po(fh)
    variants = glossary_variants() if variants is None else variants
    try:
        docname = path.resolve().relative_to(CATALOGS.resolve()).with_suffix("").as_posix()
    except ValueError:
        docname = None
    rest = is_rest(path)
    problems = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{display(path)}: {str(message.id)[:60]!r}"
        if message.fuzzy:
            problems.append(f"{where}: fuzzy")
        if not message.string:
            problems.append(f"{where}: untranslated")
            continue
        source, target = str(message.id), str(message.string)
        found = message_problems(source, target, docname=docname, rest=rest)
        found += variant_problems(target, variants)
        problems += [f"{where}: {problem}" for problem in found]
    return problems


def figure_strings(path: Path) -> list[tuple[int, str, str]]:
    """(line, English, Korean) of every ``tr(english, korean)`` call in a Python file.

    The formatted parts of an f-string count as ``{}``.
    """

    def text(node: ast.expr) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(text(v) or "{}" if isinstance(v, ast.Constant) else "{}"
                           for v in node.values)  # fmt: skip
        return None

    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        args = list(node.args) + [k.value for k in node.keywords if k.arg in ("en", "ko")]
        if name == "tr" and len(args) >= 2:
            en, ko = text(args[0]), text(args[1])
            if ko is not None:
                found.append((node.lineno, en or "", ko))
    return sorted(found)


def check_figure_text(path: Path) -> list[str]:
    problems = []
    for line, en, ko in figure_strings(path):
        where = f"{display(path)}:{line}: tr({en[:40]!r}, {ko[:40]!r})"
        problems += [f"{where}: {problem}" for problem in text_problems(ko)]
    return problems


def table_cells(path: Path) -> list[tuple[str, str]]:
    """(field, Korean text) of the table data in tools.toml or glossary.toml."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    cells = []
    for kind, ko in data.get("kind_ko", {}).items():
        cells.append((f"[kind_ko] {kind!r}", ko))
    for tool in data.get("tool", []):
        for field, value in tool.items():
            if field.endswith("_ko") and isinstance(value, str):
                cells.append((f"[[tool]] {tool.get('name')} {field}", value))
    for term in data.get("term", []):
        for field in ("ko", "def_ko"):
            if isinstance(term.get(field), str):
                cells.append((f"[[term]] {term.get('en')!r} {field}", term[field]))
    return cells


def check_table(path: Path) -> list[str]:
    problems = []
    for field, text in table_cells(path):
        where = f"{display(path)}: {field}"
        problems += [f"{where}: {problem}" for problem in text_problems(text)]
    return problems


def sources() -> list[Path]:
    """The scripts with figure text and the table data files."""
    found = [p for pattern in FIGURE_SOURCES for p in sorted(ROOT.glob(pattern))]
    return found + [ROOT / p for p in TABLE_SOURCES]


def catalogues() -> list[Path]:
    return sorted(CATALOGS.rglob("*.po"))


def check_file(path: Path) -> list[str]:
    if path.suffix == ".po":
        return check(path)
    if path.suffix == ".py":
        return check_figure_text(path)
    if path.suffix == ".toml":
        return check_table(path)
    return [f"{path}: not a catalogue, a Python file or a TOML data file"]


def main(argv: list[str]) -> int:
    args = [a for a in argv if a != "--sources"]
    if args:
        files = [Path(a) for a in args]
    elif "--sources" in argv:
        files = sources()
    else:
        files = catalogues() + sources()
    problems = [p for f in files for p in check_file(f)]
    print("\n".join(problems) if problems else f"OK: {len(files)} file(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
