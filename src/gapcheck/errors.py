"""The library's exceptions. No click here: the CLI maps these to exit codes at one boundary."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import ParamSpec, TypeVar


class Message(str):
    """A message that can be said in the reader's language.

    Its text is the English, so that everything handling messages as text (sorting, tests,
    the English terminal) is unchanged; `msgid` and `params` let the error boundary say it
    in another language (`said`). Babel extracts `Message("...")` like `_("...")`. A
    parameter may be a Message too (a hint inside a message): it is said in the same
    language. Joining a Message into other text (an f-string) leaves plain English text.
    """

    msgid: str
    params: Mapping[str, object]

    def __new__(cls, msgid: str, /, **params: object) -> Message:
        self = super().__new__(cls, msgid % params if params else msgid)
        self.msgid = msgid
        self.params = params
        return self

    def said(self, gettext: Callable[[str], str]) -> str:
        """The message in the language of `gettext`."""
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {k: said(v, gettext) for k, v in self.params.items()}


class Listed(Message):
    """Messages (or plain texts) joined by `separator`, each said in the reader's language:
    the scale's words in a hint, say."""

    parts: tuple[object, ...]
    separator: str

    def __new__(cls, parts: Iterable[object], separator: str = ", ") -> Listed:
        parts = tuple(parts)
        self = str.__new__(cls, separator.join(str(p) for p in parts))
        self.msgid, self.params = str(self), {}
        self.parts, self.separator = parts, separator
        return self

    def said(self, gettext: Callable[[str], str]) -> str:
        return self.separator.join(str(said(p, gettext)) for p in self.parts)


def message_of(error: Exception) -> str:
    """What `error` says: its Message, kept so to be said in the reader's language, else its
    text (`str(error)` would make a Message plain English text)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Message) else str(error)


def said(message: object, gettext: Callable[[str], str]) -> object:
    """`message` in the language of `gettext` if it is a Message; as it is otherwise."""
    return message.said(gettext) if isinstance(message, Message) else message


# Problems reported per file and check. A file with thousands of mistakes (a spreadsheet
# pasted in the wrong place) would otherwise take seconds to explain, line by line, and bury
# the first mistakes under the rest. See docs/limits.md.
MAX_PROBLEMS = 100
MORE_PROBLEMS = Message(
    "more problems than these %(most)s; correct these and check again to see the rest",
    most=MAX_PROBLEMS,
)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input file, with a 1-based position when there is one."""

    path: str
    line: int | None
    col: int | None
    message: str

    def __str__(self) -> str:
        return self.said(str)

    def said(self, gettext: Callable[[str], str]) -> str:
        """`path:line:col: message`, the message in the language of `gettext`."""
        path, message = printable(self.path), printable(str(said(self.message, gettext)))
        if self.line is None:
            return f"{path}: {message}"
        return f"{path}:{self.line}:{self.col}: {message}"


# Line breaks, terminal escapes and bidirectional overrides, as a file may hold them in a key
# or value that a message quotes: shown as escapes, so each problem stays one honest line.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def printable_lines(text: str) -> str:
    """`printable`, line by line: what goes to a terminal keeps its lines and loses its
    escapes (a State's name that sets the window title or writes the clipboard, say)."""
    return "\n".join(printable(line) for line in text.split("\n"))


def shorten(value: object, limit: int = 60) -> str:
    """A value quoted in a message, cut to `limit` characters: a message stays one line."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def describe_character(char: str) -> str:
    """A character as a reader can look it up: `U+200B (ZERO WIDTH SPACE)`."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name})" if name else f"U+{ord(char):04X}"


def plain_type(value: object) -> str:
    """What kind of value a file holds, in a non-programmer's words."""
    if value is None:
        return Message("empty value")
    if isinstance(value, bool):
        return Message("yes/no value")
    if isinstance(value, (int, float)):
        return Message("number")
    if isinstance(value, str):
        return Message("text")
    if isinstance(value, (list, tuple)):
        return Message("list")
    if isinstance(value, dict):
        return Message("group of keys and values")
    if isinstance(value, (dt.date, dt.time)):
        return Message("date")
    return Message("value of another kind")


def shown(value: object) -> str:
    """A value as a message quotes it: text in quotes, numbers as written, the rest by kind."""
    if isinstance(value, str):
        return f"'{shorten(value, 40)}'"
    if isinstance(value, bool):
        return Message("yes") if value else Message("no")
    if isinstance(value, float):
        return shorten(f"{value:g}", 40)
    if isinstance(value, int):
        return shorten(value, 40)
    if value is None:
        return Message("nothing")
    return Message("a %(kind)s", kind=plain_type(value))


def closest(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The choice a mistyped `value` most likely meant, for "did you mean ...?"; None if
    none is close enough (`cutoff` as difflib's: 0 takes anything, 1 only the same)."""
    found = difflib.get_close_matches(value, list(choices), n=1, cutoff=cutoff)
    return found[0] if found else None


def did_you_mean(value: str, choices: Iterable[str], cutoff: float = 0.6) -> str:
    """`did you mean 'x'? ` (with its trailing space, to go before the rest of a message),
    or nothing."""
    close = closest(value, choices, cutoff)
    return Message("did you mean '%(close)s'? ", close=close) if close is not None else ""


def unknown(what: str, value: str, allowed: Iterable[str]) -> str:
    """`unknown X 'v'; did you mean 'w'?`, or the allowed values when none is close.

    `what` is a Message (a kind of thing, said in the reader's language)."""
    allowed = list(allowed)
    close = closest(value, allowed)
    if close is not None:
        return Message(
            "unknown %(what)s '%(value)s'; did you mean '%(close)s'?",
            what=what,
            value=shorten(value),
            close=close,
        )
    return Message(
        "unknown %(what)s '%(value)s'; use one of: %(allowed)s",
        what=what,
        value=shorten(value),
        allowed=", ".join(allowed),
    )


class GapcheckError(Exception):
    """Something went wrong that is not the user's input (exit status 1)."""

    exit_code = 1


class InputError(GapcheckError):
    """The user's input is wrong; carries every problem found (exit status 2)."""

    exit_code = 2

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        self.problems = sorted(set(problems), key=_problem_order)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(
        cls, path: str | Path, message: str, line: int | None = None, col: int | None = None
    ) -> InputError:
        return cls([Problem(str(path), line, col, message)])


_P = ParamSpec("_P")
_T = TypeVar("_T")


class Problems:
    """Every problem of every file, gathered as files are read, then raised at once: one run
    tells the user all there is to correct, not one file at a time."""

    def __init__(self) -> None:
        self.found: list[Problem] = []

    def attempt(self, load: Callable[_P, _T], *args: _P.args, **kwargs: _P.kwargs) -> _T | None:
        """`load(...)`; None when it raised InputError, whose problems are kept."""
        try:
            return load(*args, **kwargs)
        except InputError as e:
            self.found.extend(e.problems)
            return None

    def add(self, *problems: Problem) -> None:
        self.found.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.found)

    def raise_any(self) -> None:
        if self.found:
            raise InputError(self.found)


def _problem_order(p: Problem) -> tuple[list[str | int], int, int, str]:
    # natural order, so that a workbook's cell C9 comes before C10
    path: list[str | int] = [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", p.path)]
    return (path, p.line or 0, p.col or 0, p.message)


def at_most(problems: Iterable[Problem]) -> list[Problem]:
    """The first MAX_PROBLEMS problems and, when there are more, a note saying so, placed
    where the first one left out is (so that it is listed after those shown).

    Stops drawing from `problems` there, so that explaining them costs no more than that.
    """
    out: list[Problem] = []
    for problem in problems:
        if len(out) == MAX_PROBLEMS:
            out.append(replace(problem, message=MORE_PROBLEMS))
            break
        out.append(problem)
    return out
