"""The one YAML loader and the one atomic writer.

Every YAML file gapcheck reads goes through `load_yaml`: libyaml's C parser when present,
duplicate keys rejected, only plain data (no Python-object tags), bounded size, depth and
alias expansion, and a 1-based line and column remembered for every key and value so that a
later validation error can say where it is.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from gapcheck.errors import (
    MAX_PROBLEMS,
    MORE_PROBLEMS,
    InputError,
    Message,
    Problem,
    at_most,
    closest,
    shorten,
)
from gapcheck.filekind import refuse_as_yaml, sniff
from gapcheck.plain_errors import explain
from gapcheck.writes import Target, write_all

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

# Limits for hand-edited files; a real questionnaire is about 40 KB with depth 5.
# Every limit is documented in docs/limits.md.
MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 250_000
MAX_STRING = 100_000
MAX_KEY = 200
# All text once aliases are expanded: without it, 5 MB of `*a` pointing at one long string
# becomes gigabytes of copies during validation (an alias bomb made of text, not of nodes).
MAX_TEXT = 2 * MAX_BYTES

_CORE_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
}
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_STR_TAG = "tag:yaml.org,2002:str"

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Loader(_Base):  # type: ignore[valid-type, misc]
    """libyaml's parser, with a resolver that remembers each plain scalar's tag.

    libyaml calls back into Python to resolve the tag of every node; PyYAML's resolver tries
    its regular expressions each time. A plain scalar's tag depends on its text alone (there
    are no path resolvers in a safe loader), and a file repeats the same few words thousands
    of times (`requested`, `en`, `training`): half of the parsing time of a large requests
    file went there.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._tags: dict[str, str] = {}

    def resolve(self, kind: type[Node], value: Any, implicit: tuple[bool, bool]) -> str:
        if kind is not ScalarNode:
            return _SEQ_TAG if kind is SequenceNode else _MAP_TAG
        if not implicit[0]:
            return _STR_TAG
        tag = self._tags.get(value)
        if tag is None:
            tag = self._tags[value] = super().resolve(kind, value, implicit)
        return tag


Loc = tuple[str | int, ...]
Position = tuple[int, int]


@dataclass
class Document:
    """Plain data parsed from one file, with where each part of it was written."""

    path: str
    data: Any
    values: dict[Loc, Position] = field(default_factory=dict)
    keys: dict[Loc, Position] = field(default_factory=dict)

    def position(self, loc: Sequence[str | int], at_key: bool = False) -> Position | None:
        """Where `loc` was written, or its nearest written ancestor."""
        loc = tuple(loc)
        if at_key and loc in self.keys:
            return self.keys[loc]
        for n in range(len(loc), -1, -1):
            pos = self.values.get(loc[:n])
            if pos is not None:
                return pos
        return None

    def problem(self, loc: Sequence[str | int], message: str, at_key: bool = False) -> Problem:
        line, col = self.position(loc, at_key) or (None, None)
        return Problem(self.path, line, col, message)


def _mark(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def read_text(path: str | Path) -> str:
    """Read a file as UTF-8 text, or explain in plain words why it cannot be."""
    p = Path(path)
    name = str(path)
    if p.is_dir():
        raise InputError.at(
            name, Message("this is a folder, not a file; give the path of a YAML file")
        )
    if p.exists() and not p.is_file():
        # a named pipe or a device would block or never end
        raise InputError.at(
            name, Message("this is not a regular file; give the path of a YAML file")
        )
    try:
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise InputError.at(name, Message("file not found; check the path")) from None
    except OSError as e:
        raise InputError.at(
            name, Message("cannot read the file: %(why)s", why=str(e.strerror))
        ) from None
    if len(raw) > MAX_BYTES:
        raise InputError.at(
            name,
            Message(
                "file is larger than %(mb)s MB; this is not a gapcheck file",
                mb=MAX_BYTES // (1024 * 1024),
            ),
        )
    refuse_as_yaml(sniff(raw), name)
    return decode(raw, name)


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        raise InputError.at(
            name,
            Message("file is saved as UTF-16; save it again as UTF-8 (Save As, Encoding: UTF-8)"),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte-order mark, as Windows editors add: harmless
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw.count(b"\n", 0, e.start) + 1
        col = e.start - (raw.rfind(b"\n", 0, e.start) + 1) + 1
        raise InputError.at(
            name,
            Message(
                "file is not UTF-8 (byte 0x%(byte)s here, perhaps Latin-1 or Windows-1252);"
                " save it again as UTF-8",
                byte=format(raw[e.start], "02x"),
            ),
            line,
            col,
        ) from None


def load_yaml(path: str | Path, positions: bool = True) -> Document:
    """Parse one YAML file whose top level is a mapping.

    `positions=False` is the fast path for large files: the same checks and the same data,
    without remembering where each value was written (about a third of the building time).
    Its problems have no line and column: read the file again with positions to report them.
    """
    return parse_yaml(read_text(path), str(path), positions)


def parse_yaml(text: str, name: str, positions: bool = True) -> Document:
    try:
        root = yaml.compose(text, Loader=Loader)
    except yaml.MarkedYAMLError as e:
        raise InputError([_yaml_problem(e, name, text)]) from None
    except yaml.reader.ReaderError as e:
        line = text.count("\n", 0, e.position) + 1
        col = e.position - (text.rfind("\n", 0, e.position) + 1) + 1
        raise InputError.at(
            name,
            Message(
                "control character #x%(code)s is not allowed; delete it",
                code=format(e.character, "04x"),
            ),
            line,
            col,
        ) from None
    except yaml.YAMLError as e:
        # (what PyYAML says is its own English)
        raise InputError.at(name, Message("invalid YAML: %(what)s", what=str(e))) from None
    if root is None:
        raise InputError.at(
            name, Message("the file is empty; it should hold a YAML mapping (key: value)")
        )
    doc = Document(name, None)
    builder = _Builder(doc) if positions else _Unplaced(doc)
    doc.data = builder.build(root, (), 0)
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(doc.data, dict):
        glued = _GLUED.match(doc.data) if isinstance(doc.data, str) else None
        hint = (
            Message(
                "; put a space after the colon: '%(key)s: %(rest)s'",
                key=glued[2],
                rest=shorten(glued[3], 30),
            )
            if glued
            else ""
        )
        message = Message(
            "the file should hold a YAML mapping (key: value lines)%(hint)s", hint=hint
        )
        raise InputError([doc.problem((), message)])
    return doc


def _yaml_problem(e: yaml.MarkedYAMLError, name: str, text: str) -> Problem:
    mark = e.problem_mark or e.context_mark
    what = e.problem or "invalid YAML"
    hint: str = ""
    at = mark.index if mark is not None else -1
    if "maximum nesting depth" in what and mark is not None:
        # libyaml stops at its own depth (1,000) before ours is checked: the same refusal
        return Problem(
            name,
            mark.line + 1,
            mark.column + 1,
            Message("nested more than %(most)s levels deep; file refused", most=MAX_DEPTH),
        )
    glued = _glued_key(text, e)
    if glued is not None:
        # `date:2026-03-16` is one word to YAML, so the parser trips a line or two later:
        # the line to correct is the one with the colon
        line, col, key, rest = glued
        return Problem(
            name,
            line,
            col,
            Message(
                "invalid YAML: put a space after the colon: '%(key)s: %(rest)s'",
                key=key,
                rest=rest,
            ),
        )
    if "\t" in what or "'\\t'" in what or (0 <= at < len(text) and text[at] == "\t"):
        hint = Message("; indent with spaces, not tabs")
    elif "mapping values are not allowed" in what:
        hint = Message("; put text that contains ': ' in quotes")
    elif "could not find expected ':'" in what:
        hint = Message("; each line should read 'key: value'")
    elif "flow sequence" in str(e.context) or "flow mapping" in str(e.context):
        hint = Message("; close the [ or { it opens, or put the text in quotes")
    if e.context and e.context not in what:
        what = f"{what} ({e.context})"
    # (what PyYAML says is its own English; the hint is ours)
    message = Message("invalid YAML: %(what)s%(hint)s", what=what, hint=hint)
    if mark is None:
        return Problem(name, None, None, message)
    return Problem(name, mark.line + 1, mark.column + 1, message)


_GLUED = re.compile(r"^(\s*(?:-\s+)?)([\w.-]+):([^\s:/].*)$")


def _glued_key(text: str, e: yaml.MarkedYAMLError) -> tuple[int, int, str, str] | None:
    """The nearest `key:value` line without the space after the colon, from the line where
    the parser tripped back to where the construct it was reading began."""
    end = e.problem_mark.line if e.problem_mark else None
    if end is None:
        return None
    start = e.context_mark.line if e.context_mark else max(0, end - 2)
    lines = text.splitlines()
    for n in range(min(end, len(lines) - 1), max(start, end - 3) - 1, -1):
        m = _GLUED.match(lines[n])
        if m:
            return n + 1, len(m[1]) + len(m[2]) + 2, m[2], shorten(m[3].strip(), 30)
    return None


class _Builder:
    """Turns a composed node tree into plain data, checking what SafeLoader would not."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.budget = MAX_NODES
        self.text_budget = MAX_TEXT
        self.constructor = yaml.constructor.SafeConstructor()

    def fail(self, node: Node, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(self.doc.path, *_mark(node), message))
        elif len(self.problems) == MAX_PROBLEMS:
            self.problems.append(Problem(self.doc.path, *_mark(node), MORE_PROBLEMS))

    def build(self, node: Node, loc: Loc, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            if self.budget == -1:
                self.fail(
                    node,
                    Message(
                        "more than %(most)s values (an alias bomb?); file refused",
                        most=MAX_NODES,
                    ),
                )
            return None
        if depth > MAX_DEPTH:
            self.fail(
                node,
                Message("nested more than %(most)s levels deep; file refused", most=MAX_DEPTH),
            )
            self.budget = -2
            return None
        self._place(loc, node)
        if isinstance(node, MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, SequenceNode):
            if node.tag != _SEQ_TAG:
                self.fail(
                    node,
                    Message("YAML tag %(tag)s is not allowed; remove it", tag=_short(node.tag)),
                )
                return None
            return [self.build(v, self._at(loc, i), depth + 1) for i, v in enumerate(node.value)]
        return self._scalar(node)

    def _place(self, loc: Loc, node: Node) -> None:
        self.doc.values.setdefault(loc, _mark(node))

    def _place_key(self, loc: Loc, node: Node) -> None:
        self.doc.keys[loc] = _mark(node)

    def _at(self, loc: Loc, part: str | int) -> Loc:
        return (*loc, part)

    def _mapping(self, node: MappingNode, loc: Loc, depth: int) -> dict[str, Any] | None:
        if node.tag != _MAP_TAG:
            self.fail(
                node, Message("YAML tag %(tag)s is not allowed; remove it", tag=_short(node.tag))
            )
            return None
        out: dict[str, Any] = {}
        first: dict[str, Node] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
                self.fail(knode, Message("a key must be plain text, not a list or mapping"))
                continue
            if knode.tag == "tag:yaml.org,2002:merge":
                self.fail(knode, Message("merge keys (<<) are not supported; write the keys out"))
                continue
            key = str(knode.value)
            if len(key) > MAX_KEY:
                self.fail(
                    knode,
                    Message(
                        "a key longer than %(most)s characters; keys are short names",
                        most=MAX_KEY,
                    ),
                )
                continue
            if key in first:
                line = first[key].start_mark.line + 1
                self.fail(
                    knode,
                    Message(
                        "duplicate key '%(key)s' (first given on line %(line)s); keep one",
                        key=key,
                        line=line,
                    ),
                )
                continue
            first[key] = knode
            at = self._at(loc, key)
            self._place_key(at, knode)
            out[key] = self.build(vnode, at, depth + 1)
        return out

    def _scalar(self, node: Node) -> Any:
        if node.tag not in _CORE_TAGS:
            self.fail(
                node, Message("YAML tag %(tag)s is not allowed; remove it", tag=_short(node.tag))
            )
            return None
        if len(node.value) > MAX_STRING:
            self.fail(
                node,
                Message("text longer than %(most)s characters; shorten it", most=MAX_STRING),
            )
            return None
        self.text_budget -= len(node.value)
        if self.text_budget < 0:
            self.fail(
                node,
                Message(
                    "more than %(most)s characters of text once aliases (*name) are expanded "
                    "(an alias bomb?); file refused",
                    most=format(MAX_TEXT, ","),
                ),
            )
            self.budget = -2  # stop here: one problem is enough
            return None
        tag = node.tag
        if tag == _STR_TAG:
            return node.value  # what SafeConstructor makes of it, without its bookkeeping
        try:
            # the tag's own constructor: construct_object's recursion bookkeeping is for
            # collections, and cost more than the construction at a million scalars
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        # PyYAML's constructors assume well-formed values: an explicit tag on the wrong text
        # (!!bool maybe, !!int "", !!timestamp soon) fails with KeyError, IndexError, ...
        except (yaml.YAMLError, ValueError, OverflowError, LookupError, AttributeError):
            if node.tag == _TIMESTAMP and _looks_like_a_date(node):
                # 2026-13-45 is written like a date but is none: the text goes on to the
                # model, whose date reader says what is wrong with it in plain words
                return str(node.value)
            self.fail(
                node,
                Message(
                    "cannot read the value %(value)s as %(tag)s",
                    value=repr(node.value[:40]),
                    tag=_short(node.tag),
                ),
            )
            return None


class _Unplaced(_Builder):
    """The same checks and data, without the positions: where a value was written is
    needed only to report a problem, and a file with one is read again with positions."""

    def _place(self, loc: Loc, node: Node) -> None:
        pass

    def _place_key(self, loc: Loc, node: Node) -> None:
        pass

    def _at(self, loc: Loc, part: str | int) -> Loc:  # noqa: ARG002 (the same signature)
        return loc


_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_RESOLVER = yaml.resolver.Resolver()


def _looks_like_a_date(node: Node) -> bool:
    resolved = _RESOLVER.resolve(ScalarNode, node.value, (True, False))  # type: ignore[no-untyped-call]
    return bool(resolved == _TIMESTAMP)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def validate_document(
    doc: Document, model: type[BaseModel], context: dict[str, Any] | None = None
) -> Any:
    """Validate a document against a pydantic model; every error becomes a positioned Problem."""
    from pydantic import ValidationError

    try:
        return model.model_validate(doc.data, context=context)
    except ValidationError as e:
        raise InputError(problems_from(e, doc, model)) from None


def problems_from(e: ValidationError, doc: Document, model: type[BaseModel]) -> list[Problem]:
    return at_most(_explained(e, doc, model))


def _explained(e: ValidationError, doc: Document, model: type[BaseModel]) -> Iterator[Problem]:
    for err in e.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        where = _dotted(loc[:-1]) if loc else ""
        if kind == "extra_forbidden":
            allowed = _allowed_keys(model, loc[:-1])
            hint = _suggest(str(loc[-1]), allowed)
            message = Message("unknown key '%(key)s'%(hint)s", key=loc[-1], hint=hint)
            yield doc.problem(loc, _under(where, message), at_key=True)
        elif kind == "missing":
            message = Message("'%(key)s' is missing; add it", key=loc[-1])
            yield doc.problem(loc[:-1], _under(where, message))
        else:
            yield doc.problem(
                loc,
                Message(
                    "%(field)s: %(problem)s",
                    field=_dotted(loc) or Message("file"),
                    problem=explain(err),
                ),
            )


def _dotted(loc: Iterable[str | int]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _allowed_keys(model: type[BaseModel], loc: Loc) -> list[str]:
    """Best effort: the keys allowed at `loc`, found by walking the model's annotations."""
    current: Any = model
    for part in loc:
        current = _step(current, part)
        if current is None:
            return []
    current = _unwrap(current)
    if _is_model(current):
        return [f.alias or name for name, f in current.model_fields.items()]
    return []


def _is_model(tp: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(tp, type) and issubclass(tp, BaseModel)


def _unwrap(tp: Any) -> Any:
    """Strip Annotated and Optional."""
    from typing import Annotated, Union, get_args, get_origin

    origin = get_origin(tp)
    if origin is Annotated:
        return _unwrap(get_args(tp)[0])
    if origin is Union or type(tp).__name__ == "UnionType":
        args = [a for a in get_args(tp) if a is not type(None)]
        return _unwrap(args[0]) if len(args) == 1 else tp
    return tp


def _step(tp: Any, part: str | int) -> Any:
    from typing import get_args, get_origin

    tp = _unwrap(tp)
    if _is_model(tp):
        field = tp.model_fields.get(part) if isinstance(part, str) else None
        return field.annotation if field is not None else None
    origin = get_origin(tp)
    if origin is dict:
        return get_args(tp)[1]
    if origin is list:
        return get_args(tp)[0]
    return None


def _under(where: str, message: Message) -> Message:
    """`where: message`, or the message alone at the top of a file."""
    return Message("%(field)s: %(problem)s", field=where, problem=message) if where else message


def _suggest(key: str, allowed: list[str]) -> str:
    if not allowed:
        return Message("; check its spelling")
    close = closest(key, allowed)
    if close is not None:
        return Message("; did you mean '%(close)s'?", close=close)
    return Message("; allowed keys: %(keys)s", keys=", ".join(allowed))


def within_read_limit(text: str, source: str | Path, what: str, hint: str) -> str:
    """`text`, if `load_yaml` could read it back; else InputError at `source`, its input.

    gapcheck never writes a file it would refuse to read (docs/limits.md).
    """
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise InputError.at(
            source,
            Message(
                "%(what)s would be larger than %(mb)s MB, which gapcheck could not read back; "
                "%(hint)s",
                what=what,
                mb=MAX_BYTES // (1024 * 1024),
                hint=hint,
            ),
        )
    return text


def write_atomic(path: str | Path, content: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over: all or nothing."""
    if Path(path).is_dir():
        raise InputError.at(
            path, Message("this is a folder; give the path of a file to write (-o)")
        )
    write_all([Target(str(path), content)])


def refuse_overwrite(output: str | Path, inputs: Iterable[str | Path]) -> None:
    """Refuse to write an output over one of the files it was made from.

    Files are compared by identity (device and inode), so a hard link, a bind mount, a
    case-insensitive file system or a `../` spelling cannot make an input look like another file.
    """
    for src in inputs:
        try:
            same = os.path.samefile(output, src)
        except OSError:
            continue  # one of them does not exist: they cannot be the same file
        if same:
            raise InputError.at(
                output,
                Message("this is an input file; choose another output path (-o) to keep it intact"),
            )
