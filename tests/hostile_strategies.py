"""Hypothesis strategies that break valid gapcheck files the way people, editors and tools do.

Every mutant starts from a file gapcheck ships or writes (the example questionnaires and
offers, requests made by `build_requests`, the practice files) and is then damaged at one of
two levels:

- text: truncated at a byte, re-encoded (Latin-1, UTF-16...), given byte-order marks, tabs,
  control characters, duplicated or swapped lines, YAML tags that would construct Python
  objects, alias bombs, deep nesting, huge strings, or replaced by an empty file;
- data: parsed, then a value somewhere is given the wrong type, an out-of-range level, an
  unknown id, a huge or deeply nested value, or a key is removed, added or misspelt, and the
  result written back as YAML.

Some mutants are harmless (a comment truncated); gapcheck must read those as valid.
"""

from __future__ import annotations

import datetime as dt
import os
import pickle
import re
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from hypothesis import strategies as st

from gapcheck.yamlio import MAX_BYTES, MAX_DEPTH, MAX_STRING
from tests.conftest import EXAMPLES, PRACTICES, ROOT

Draw = Callable[[st.SearchStrategy[Any]], Any]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
KINDS = ("questionnaire", "offers", "requests", "practice")

# A file that must never appear: the YAML tags below would create it if gapcheck ever
# constructed Python objects from a file.
PWNED = Path(tempfile.gettempdir()) / f"gapcheck-hostile-pwned-{os.getpid()}"


class Mutant:
    """A damaged file: its kind, the file it was made from, its bytes and the damage done.

    A plain class, not a dataclass: hypothesis prints dataclasses field by field, which for
    megabytes of bytes is no use to anyone.
    """

    def __init__(self, kind: str, source: str, raw: bytes) -> None:
        self.kind = kind
        self.source = source
        self.raw = raw
        self.steps: list[str] = []

    def describe(self) -> str:
        return f"{self.kind} from {self.source}: " + "; ".join(self.steps)

    def __repr__(self) -> str:  # the bytes can be megabytes: name the damage instead
        return f"<{self.describe()[:300]} ({len(self.raw):,} bytes)>"


# ------------------------------------------------------------------------- the sources


@cache
def sources(kind: str) -> tuple[tuple[str, bytes], ...]:
    """Valid files of one kind, as (name, bytes)."""
    if kind == "questionnaire":
        paths = sorted(EXAMPLES.glob("*.yaml"))
    elif kind == "offers":
        paths = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
    elif kind == "practice":  # the migration map is part of the knowledge base too
        paths = sorted(PRACTICES.glob("GP*.yaml")) + sorted(PRACTICES.glob("migrations/*.yaml"))
        return tuple((str(p.relative_to(PRACTICES)), p.read_bytes()) for p in paths)
    elif kind == "requests":
        return _requests_sources()
    else:
        raise ValueError(kind)
    return tuple((p.name, p.read_bytes()) for p in paths)


def _requests_sources() -> tuple[tuple[str, bytes], ...]:
    """Requests as `gapcheck request new` writes them, one file with a long history."""
    from gapcheck.capacity.requests import build_requests, dump_requests
    from gapcheck.catalogue import load_catalogue
    from gapcheck.models.capacity import Event, RequestStatus
    from gapcheck.questionnaire_files import load_questionnaire_file

    catalogue = load_catalogue(PRACTICES)
    day = dt.date(2026, 6, 1)
    out = []
    for name in ("arcadia-2026.yaml", "norland-2026.yaml"):
        q = load_questionnaire_file(EXAMPLES / name, catalogue)
        drafted = build_requests(q, catalogue, today=day, secret="hostile")
        text = dump_requests(drafted.requests, catalogue.version)
        out.append((f"requests of {name}", text.encode()))
        if name.startswith("arcadia"):
            first, *rest = drafted.requests
            history = [
                *first.history,
                Event(status=RequestStatus.MATCHED, date=day, offer="valdoria-staff-training"),
                Event(status=RequestStatus.AGREED, date=day),
                Event(status=RequestStatus.DELIVERED, date=day, note="two courses held"),
            ]
            moved = first.model_copy(update={"status": RequestStatus.DELIVERED, "history": history})
            text = dump_requests([moved, *rest], catalogue.version)
            out.append((f"delivered requests of {name}", text.encode()))
    return tuple(out)


# ------------------------------------------------------------------ hostile snippets

PYTHON_TAGS = (
    f'!!python/object/apply:os.system ["touch {PWNED}"]',
    f'!!python/object/apply:subprocess.check_output [["touch", "{PWNED}"]]',
    f'!<tag:yaml.org,2002:python/object/apply:os.system> ["touch {PWNED}"]',
    "!!python/name:os.system",
    "!!python/object:builtins.dict {}",
    "!!python/module:os",
    "!!python/tuple [1, 2]",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!!omap [a: 1]",
    "!!pairs [a: 1]",
    "!custom 3",
    "!!str 3",
    '!!int "three"',
    '!!float "x"',
    '!!timestamp "2026-13-45"',
    '!!bool "maybe"',
    "!!null ''",
)


def _billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels + 1):
        lines.append(f"lol{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]")
    return "\n".join(lines) + "\n"


def _text_bomb() -> str:
    """Few bytes, but 200 copies of a 90,000-character string once aliases are expanded."""
    return f"big: &big {'x' * 90_000}\nmany: [{', '.join(['*big'] * 200)}]\n"


def _nested_block(depth: int) -> str:
    return "".join(f"{'  ' * i}k{i}:\n" for i in range(depth)) + f"{'  ' * depth}leaf\n"


BLOCKS = (  # appended as new top-level keys
    _billion_laughs(),
    _text_bomb(),
    "loop: &loop [*loop]\n",
    "loop: &loop {self: *loop}\n",
    "deep: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "deep: " + "[" * 1500 + "]" * 1500 + "\n",
    "deep: " + "{a: " * 60 + "x" + "}" * 60 + "\n",
    "deep:\n" + _nested_block(60).replace("\n", "\n  ").rstrip(" "),
    f"huge: {'x' * (MAX_STRING + 1)}\n",
    f'huge: "{"é" * (MAX_STRING + 1)}"\n',
    f"{'k' * 300}: 1\n",
    "base: &b {a: 1}\nmerged:\n  <<: *b\n",
    "dup: 1\ndup: 2\n",
    "undefined: *nowhere\n",
    "---\nsecond: document\n",
    "...\n",
    "? [complex, key]\n: value\n",
    "? {a: b}\n: value\n",
    "1: numeric key\n",
    "null: null key\n",
    "tab:\t value\n",
    "\tindented: with a tab\n",
    "many:\n" + "".join(f"  k{i}: {i}\n" for i in range(5000)),
    "anchors: &a [1, 2]\nagain: *a\n",
)

VALUE_SNIPPETS = (
    *PYTHON_TAGS,
    "*undefined",
    "&anchor",
    "&a [*a]",
    "[unclosed",
    "{a: b",
    "'unterminated",
    '"\\x"',
    '"\\uZZZZ"',
    "|",
    ">-",
    "@reserved",
    "`backtick",
    "%percent",
    "- listed",
    "a: b: c",
    "\x07",
    "\x1b[2J",
    "\u202e",
    "\ufeff",
    "2026-02-30",
    "0x1F",
    ".inf",
    "-.inf",
    ".nan",
    "1e400",
    "9" * 5000,
    "~",
    "yes",
    "[]",
    "{}",
    "x" * (MAX_STRING + 1),
)

WHOLE_FILES: tuple[bytes, ...] = (
    b"",
    b" ",
    b"\n\n\n",
    b"# only a comment\n",
    b"---\n",
    b"...\n",
    b"~\n",
    b"null\n",
    b"[]\n",
    b"{}\n",
    b"- a\n- b\n",
    b"just some text\n",
    b"\x00",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"key: [unclosed\n",
    b"!!python/object/apply:os.system [true]\n",
    _billion_laughs().encode(),
    _text_bomb().encode(),
    b"a: " + b"[" * 1500 + b"]" * 1500 + b"\n",
    b"\t",
    b"\r\n",
    b"\x85",
    "state: Arcadia\n".encode("utf-16"),
    "state: Arcadia\n".encode("utf-32"),
    b"PK\x03\x04 not really a zip",
    b"%PDF-1.7\n",
    b"{\\rtf1\\ansi state: Arcadia}",
)


@cache
def oversized() -> bytes:
    """A file just over the size limit (built once: 5 MB)."""
    line = b"# " + b"x" * 98 + b"\n"
    return b"state: Arcadia\n" + line * (MAX_BYTES // len(line) + 1)


INSERTS: tuple[bytes, ...] = (
    b"\x00",
    b"\x07",
    b"\x1b",
    b"\x7f",
    b"\x85",
    b"\x9b",
    b"\t",
    b"\r",
    b"\x0b",
    b"\x0c",
    b"\xc3",
    b"\xe2\x80",
    b"\xff",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    "\u2028".encode(),
    "\u2029".encode(),
    "\ufeff".encode(),
    "\u202e".encode(),
    "\U0001f600".encode(),
    b": ",
    b"- ",
    b"#",
    b"&a ",
    b"*a",
    b"!",
    b"'",
    b'"',
    b"{",
    b"[",
    b"\n",
    b"    ",
)

ENCODINGS = ("latin-1", "cp1252", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "mac-roman")
BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf\xef\xbb\xbf", b"\x00\x00\xfe\xff")

# ------------------------------------------------------------------ text-level damage

_KEY_VALUE = re.compile(rb"^( *(?:- )?[A-Za-z_][\w.\- ]*:) (\S.*)$", re.MULTILINE)


def _lines(raw: bytes) -> list[bytes]:
    return raw.split(b"\n")


def t_truncate(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    # mostly past the opening comments: a file cut inside them is only an empty file
    body = re.search(rb"(?m)^[^#\s]", raw)
    start = body.start() if body and draw(st.integers(0, 4)) else 0
    k = draw(st.integers(start, max(start, len(raw) - 1)))
    return raw[:k], f"truncated at byte {k}"


def t_insert(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    k = draw(st.integers(0, len(raw)))
    what = draw(st.sampled_from(INSERTS) | st.binary(min_size=1, max_size=6))
    return raw[:k] + what + raw[k:], f"inserted {what!r} at byte {k}"


def t_flip(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    if not raw:
        return raw, "nothing to flip"
    k = draw(st.integers(0, len(raw) - 1))
    b = draw(st.integers(0, 255))
    return raw[:k] + bytes([b]) + raw[k + 1 :], f"byte {k} set to {b:#04x}"


def t_cut(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    k = draw(st.integers(0, len(raw)))
    n = draw(st.integers(1, 400))
    return raw[:k] + raw[k + n :], f"deleted {n} bytes at {k}"


def t_line(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    lines = _lines(raw)
    i = draw(st.integers(0, len(lines) - 1))
    how = draw(st.sampled_from(["duplicate", "delete", "swap", "tab", "dedent", "indent"]))
    if how == "duplicate":  # the usual source of duplicate keys
        lines.insert(i, lines[i])
    elif how == "delete":
        del lines[i]
    elif how == "swap":
        j = draw(st.integers(0, len(lines) - 1))
        lines[i], lines[j] = lines[j], lines[i]
    elif how == "tab":
        stripped = lines[i].lstrip(b" ")
        lines[i] = b"\t" * max(1, (len(lines[i]) - len(stripped)) // 2) + stripped
    elif how == "dedent":
        lines[i] = lines[i].lstrip(b" ")
    else:
        lines[i] = b"   " + lines[i]
    return b"\n".join(lines), f"line {i + 1}: {how}"


def t_all_tabs(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    return re.sub(rb"(?m)^((?:  )+)", lambda m: b"\t" * (len(m[1]) // 2), raw), "tabs for indents"


def t_newlines(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    how = draw(st.sampled_from([b"\r\n", b"\r", b"\n\n", b"\x85", "\u2028".encode()]))
    return raw.replace(b"\n", how), f"line ends {how!r}"


def t_bom(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    bom = draw(st.sampled_from(BOMS))
    return bom + raw, f"byte-order mark {bom!r}"


def t_encode(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    encoding = draw(st.sampled_from(ENCODINGS))
    text = raw.decode("utf-8", errors="replace")
    if draw(st.booleans()):  # make sure there is something a re-encoding changes
        text = text.replace("Republic", "República").replace("Kingdom", "Königreich")
    return text.encode(encoding, errors="replace"), f"re-encoded as {encoding}"


def t_block(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    block = draw(st.sampled_from(BLOCKS))
    at_end = draw(st.booleans())
    body = block.encode()
    if at_end:
        return raw.rstrip(b"\n") + b"\n" + body, f"appended {block[:40]!r}"
    return body + raw, f"prepended {block[:40]!r}"


def t_value(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    found = list(_KEY_VALUE.finditer(raw))
    if not found:
        return raw, "no key: value line"
    m = draw(st.sampled_from(found))
    snippet = draw(st.sampled_from(VALUE_SNIPPETS))
    new = m.group(1) + b" " + snippet.encode()
    return raw[: m.start()] + new + raw[m.end() :], f"{m.group(1)!r} set to {snippet[:40]!r}"


def t_whole(draw: Draw, raw: bytes) -> tuple[bytes, str]:
    if draw(st.integers(0, 40)) == 0:
        return oversized(), "a file over the size limit"
    new = draw(st.sampled_from(WHOLE_FILES))
    return new, f"whole file replaced by {new[:30]!r}"


TEXT_OPS = (
    t_truncate,
    t_truncate,
    t_insert,
    t_insert,
    t_flip,
    t_cut,
    t_line,
    t_line,
    t_all_tabs,
    t_newlines,
    t_bom,
    t_encode,
    t_block,
    t_value,
    t_value,
    t_whole,
)

# ------------------------------------------------------------------ data-level damage

SPECIAL_STRINGS = (
    "",
    " ",
    "n/a",
    "N/A",
    "na",
    "not applicable",
    "in place",
    "In  Place ",
    "3 - in place",
    "5",
    "-1",
    "2.5",
    "2,5",
    "4.0000001",
    "yes",
    "true",
    "GP99",
    "GP00",
    "gp3",
    "GP01.99",
    "GP1.1",
    "Z",
    "b",
    "trainig",
    "expert deployment",
    "requested",
    "delivered",
    "followed-up",
    "unknown-status",
    "2026-13-45",
    "2026-02-30",
    "31/12/2026",
    "9999-12-31",
    "0001-01-01",
    "en",
    "EN, fr",
    "english",
    "c-abcdefghijkl",
    "Not An Id!",
    "\u202eevil",
    # lookalike names and ids (issue #10): refused where they name a State or an id
    "Republic of Arcadia\u200b",
    "arcadia\u2066-2026\u2069",
    "Arc\u00adadia",
    "\x1b[31mred",
    "line one\nline two",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    '=HYPERLINK("http://x.example")',
    "../../etc/passwd",
    "\\\\server\\share",
)

KEYS = (
    "extra",
    "State",
    "stat",
    "practice",
    "practises",
    "level",
    "levels",
    "reason",
    "comment",
    "wanted",
    "kind",
    "id",
    "GP99",
    "GP01.9",
    "GP01",
    "from",
    "to",
    "history",
    "",
    " ",
    "<<",
)

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([0, 1, 3, 4, 5, -1, 99, 2**63, -(2**63), 10_001]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([2.5, -0.0, 4.0000001, 1e308, 0.1]),
    st.dates(),
    st.datetimes(),
    st.text(max_size=30),
    st.sampled_from(SPECIAL_STRINGS),
    st.builds(
        lambda n, c: c * n,
        st.sampled_from([1_000, MAX_STRING - 1, MAX_STRING + 1]),
        st.sampled_from(["x", "é", " ", "\u202e", "ab "]),
    ),
)

HOSTILE_VALUES: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda kids: (
        st.lists(kids, max_size=4)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=12), kids, max_size=4)
    ),
    max_leaves=8,
)

Loc = tuple[Any, ...]


def _locations(data: Any, loc: Loc = ()) -> list[Loc]:
    out = [loc]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _locations(v, (*loc, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _locations(v, (*loc, i))
    return out


def _get(data: Any, loc: Loc) -> Any:
    for part in loc:
        data = data[part]
    return data


def _set(data: Any, loc: Loc, value: Any) -> Any:
    if not loc:
        return value
    _get(data, loc[:-1])[loc[-1]] = value
    return data


def _nest(value: Any, depth: int, as_list: bool) -> Any:
    for _ in range(depth):
        value = [value] if as_list else {"a": value}
    return value


def _rename(key: Any, how: str) -> Any:
    text = str(key)
    return {
        "upper": text.upper(),
        "plural": text + "s",
        "chop": text[:-1] or "x",
        "space": f" {text} ",
        "unknown": "GP99" if text.startswith("GP") else f"{text}_extra",
        "dash": text.replace("_", "-") if "_" in text else text + "-x",
    }[how]


DATA_OPS = (
    *("replace", "replace", "replace", "delete", "extra", "rename"),
    *("wrap", "nest", "unwrap", "retype", "stringify"),
)


@st.composite
def data_damage(draw: Draw, data: Any) -> tuple[Any, str]:
    locs = _locations(data)
    loc = locs[draw(st.integers(0, len(locs) - 1))]
    op = draw(st.sampled_from(DATA_OPS))
    current = _get(data, loc)
    if op == "replace" or (op in ("delete", "rename") and not loc):
        value = draw(HOSTILE_VALUES)
        return _set(data, loc, value), f"{list(loc)} = {value!r:.60}"
    if op == "delete":
        parent = _get(data, loc[:-1])
        del parent[loc[-1]]
        return data, f"deleted {list(loc)}"
    if op == "extra":
        target = current if isinstance(current, dict) else _get(data, loc[:-1]) if loc else data
        key = draw(st.sampled_from(KEYS))
        if isinstance(target, dict):
            target[key] = draw(HOSTILE_VALUES)
            return data, f"added key {key!r} at {list(loc)}"
        return data, "no mapping to add a key to"
    if op == "rename":
        parent = _get(data, loc[:-1])
        if not isinstance(parent, dict):
            return data, "not a key"
        how = draw(st.sampled_from(["upper", "plural", "chop", "space", "unknown", "dash"]))
        new = _rename(loc[-1], how)
        parent[new] = parent.pop(loc[-1])
        return data, f"renamed {list(loc)} to {new!r}"
    if op == "wrap":
        return _set(data, loc, [current]), f"{list(loc)} wrapped in a list"
    if op == "nest":
        depth = draw(st.sampled_from([2, MAX_DEPTH - 8, MAX_DEPTH + 2, 60]))
        as_list = draw(st.booleans())
        return _set(data, loc, _nest(current, depth, as_list)), f"{list(loc)} nested {depth} deep"
    if op == "unwrap":
        if isinstance(current, list):
            return _set(data, loc, current[0] if current else None), f"{list(loc)} unwrapped"
        if isinstance(current, dict):
            first = next(iter(current.values()), None)
            return _set(data, loc, first), f"{list(loc)} replaced by its first value"
        return data, "nothing to unwrap"
    if op == "retype":
        if isinstance(current, dict):
            return _set(data, loc, list(current.items())), f"{list(loc)} mapping -> list"
        if isinstance(current, list):
            new = {str(i): v for i, v in enumerate(current)}
            return _set(data, loc, new), f"{list(loc)} list -> mapping"
        return _set(data, loc, {"value": current}), f"{list(loc)} -> mapping"
    return _set(data, loc, str(current)), f"{list(loc)} -> {str(current)!r:.40}"


def dump(data: Any) -> bytes:
    text = yaml.dump(data, Dumper=Dumper, allow_unicode=True, sort_keys=False, width=120)
    return str(text).encode("utf-8")


# ---------------------------------------------------------------------- the mutants


@st.composite
def text_mutants(draw: Draw, kind: str, max_steps: int = 3) -> Mutant:
    name, raw = draw(st.sampled_from(sources(kind)))
    mutant = Mutant(kind, name, raw)
    for _ in range(draw(st.integers(1, max_steps))):
        op = draw(st.sampled_from(TEXT_OPS))
        mutant.raw, step = op(draw, mutant.raw)
        mutant.steps.append(step)
    return mutant


@cache
def _parsed(raw: bytes) -> bytes:
    """A source file's data, pickled: unpickling gives a fresh copy to damage, equal to what
    parsing the file again would give (shared aliases stay shared) in a fiftieth of the time
    (0.05 ms against 3 ms for an example questionnaire: parsing was half of what making a
    data mutant cost)."""
    return pickle.dumps(yaml.load(raw, Loader=Loader), protocol=pickle.HIGHEST_PROTOCOL)


@st.composite
def data_mutants(draw: Draw, kind: str, max_steps: int = 3) -> Mutant:
    name, raw = draw(st.sampled_from(sources(kind)))
    data = pickle.loads(_parsed(raw))
    mutant = Mutant(kind, name, raw)
    for _ in range(draw(st.integers(1, max_steps))):
        data, step = draw(data_damage(data))
        mutant.steps.append(step)
    mutant.raw = dump(data)
    return mutant


def mutants(kind: str) -> st.SearchStrategy[Mutant]:
    return text_mutants(kind) | data_mutants(kind)
