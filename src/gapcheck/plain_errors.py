"""What the models refuse, said in the words of the person who wrote the file.

pydantic explains a refusal to a programmer ("Input should be a valid dictionary or instance
of PracticeAnswers"); the readers of gapcheck's messages fill in questionnaires. Every error
type pydantic can raise is turned into what is wrong and how to fix it here, once, for YAML
files and workbook cells alike; the messages gapcheck's own validators raise pass through.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from gapcheck.errors import Message, did_you_mean, plain_type, shorten
from gapcheck.errors import shown as _shown

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

Loc = Sequence[str | int]

# What a field holds, for the messages about an empty or wrong value; by the last key name.
_WHAT: dict[str, str] = {
    "state": Message("the State's name, e.g. state: Republic of Arcadia"),
    "name": Message("the name, e.g. name: Kingdom of Norland Prison Service"),
    "not_applicable": Message("why the whole practice does not apply to your State"),
    "reason": Message("the reason, in a few words"),
    "institution": Message("the institution's name"),
    "respondent": Message("the name and role of the person answering"),
    "region": Message("the region's name"),
    "evidence": Message("the laws, decrees or reports that back the answers"),
    "notes": Message("the notes in words"),
    "note": Message("the note in words"),
    "comment": Message("the comment in words"),
    "time_frame": Message("when the help is needed, e.g. within 12 months"),
    "contact": Message("how to reach the right person"),
    "catalogue_version": Message('the catalogue version, e.g. "1.0"'),
    "id": Message("an id of lower-case letters, digits and hyphens"),
}
# What else to say about a field.
_AFTER: dict[str, str] = {
    "not_applicable": Message(
        ": a reason, not yes or no (leave it empty when the practice applies)"
    )
}
# What a group of keys looks like, by where it is.
_GROUP_EXAMPLES: dict[str, str] = {
    "practices": Message("the practice's answers as keys under it, e.g. elements: {GP01.1: 3}"),
    "assistance": Message("keys under it, e.g. {wanted: yes, kinds: [training]}"),
    "provider": Message("keys under it, e.g. {name: ..., type: state}"),
    # the keys of a file, never translated
    "window": "{from: 2026-01-01, to: 2026-12-31}",
    "elements": Message("one 'GP01.1: 3' line per element"),
}
# The patterns of the models' constrained text, in words.
_PATTERNS: dict[str, str] = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": Message(
        "lower-case letters, digits and hyphens, e.g. study-visits"
    ),
    r"^GP\d{2}$": Message("a practice id such as GP03"),
    r"^GP\d{2}\.\d+$": Message("an element id such as GP03.2"),
    r"^[A-Z]$": Message("a section letter such as B"),
    r"^[a-z]{2,3}$": Message("a two- or three-letter language code such as en, fr, ar"),
    r"^[0-9a-f]{12}$": Message(
        "the 12 hex digits (0-9, a-f) of the English text's hash, as the `# en:` line's "
        "entry in `gapcheck translations template` gives it"
    ),
}


def explain(err: ErrorDetails) -> str:
    """One pydantic error as a plain sentence (without where it is: the caller says that)."""
    kind = err["type"]
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    value = err.get("input")
    loc = tuple(err["loc"])
    if kind in ("value_error", "assertion_error"):
        error = ctx.get("error")
        if isinstance(error, Exception) and error.args and isinstance(error.args[0], Message):
            return error.args[0]  # said in the reader's language at the error boundary
        msg = str(err["msg"])
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    explainer = _EXPLAINERS.get(kind)
    if explainer is not None:
        return explainer(loc, value, ctx)
    return _fallback(loc, value, ctx)


def _name(loc: Loc) -> str:
    return next((str(p) for p in reversed(loc) if isinstance(p, str)), "")


def _not(value: Any) -> str:
    """`not 'yes please'`, `not a list`: what was found instead."""
    if isinstance(value, bool):
        return Message("not a yes/no value")
    if isinstance(value, (str, int, float)):
        return Message("not %(value)s", value=_shown(value))
    return Message("not a %(kind)s", kind=plain_type(value))


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return Message("found yes/no")
    return Message("found %(value)s", value=_shown(value))


def _text(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    name = _name(loc)
    what, after = _WHAT.get(name, Message("text")), _AFTER.get(name, "")
    if value is None:
        return Message("this is empty; write %(what)s%(after)s", what=what, after=after)
    if after:
        return Message("write %(what)s%(after)s", what=what, after=after)
    return Message("write %(what)s; %(found)s", what=what, found=_found(value))


def _too_short(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    if isinstance(value, str) or value is None:
        what = _WHAT.get(_name(loc), Message("something here"))
        return Message("this is empty; write %(what)s", what=what)
    least = ctx.get("min_length", 1)
    if least == 1:
        return Message("this list is empty; add at least one item")
    return Message("needs at least %(least)s items; add them", least=least)


def _too_long(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    most = ctx.get("max_length")
    if not most:
        return Message("too long; shorten it")
    if isinstance(value, str):
        return Message("too long: at most %(most)s characters; shorten it", most=most)
    return Message("too long: at most %(most)s items; shorten it", most=most)


def _pattern(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    words = _PATTERNS.get(str(ctx.get("pattern", "")), "")
    if words:
        return Message(
            "%(value)s is not written as expected here; use %(words)s",
            value=_shown(value),
            words=words,
        )
    return Message("%(value)s is not written as expected here", value=_shown(value))


def _yes_no(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    if value is None:
        return Message("this is empty; write yes or no")
    return Message("write yes or no, %(found)s", found=_not(value))


def _whole(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message("write a whole number (e.g. 3); %(found)s", found=_found(value))


def _number(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message("write a number (e.g. 3 or 2.5); %(found)s", found=_found(value))


# One whole sentence per bound, so that each language can say it its own way.
_BOUNDS: dict[str, str] = {
    "gt": Message("%(value)s is too small: it must be more than %(bound)s"),
    "ge": Message("%(value)s is too small: it must be at least %(bound)s"),
    "lt": Message("%(value)s is too large: it must be less than %(bound)s"),
    "le": Message("%(value)s is too large: it must be at most %(bound)s"),
}


def _bound(key: str) -> Callable[[Loc, Any, dict[str, Any]], str]:
    def explain_bound(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
        return Message(_BOUNDS[key], value=_shown(value), bound=_shown(ctx.get(key)))

    return explain_bound


def _group(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    parent = next((str(p) for p in loc[:-1] if isinstance(p, str)), "")
    example = _GROUP_EXAMPLES.get(_name(loc)) or _GROUP_EXAMPLES.get(parent)
    colon = _missing_space(value)
    if colon:
        return colon
    how = example or Message("keys and values, one 'key: value' line each, indented under it")
    return Message("write %(how)s; %(found)s", how=how, found=_found(value))


def _list(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message(
        "write a list, e.g. [a, b], or one '- item' line each; %(found)s", found=_found(value)
    )


def _choice(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    expected = str(ctx.get("expected", ""))
    options = re.findall(r"'([^']*)'", expected)
    hint = ""
    if isinstance(value, str) and options:
        hint = did_you_mean(value.strip().lower(), options)
    listed = ", ".join(options) or expected
    if value is None:
        return Message("this is empty; use one of: %(listed)s", listed=listed)
    return Message(
        "%(value)s is not allowed here; %(hint)suse one of: %(listed)s",
        value=_shown(value),
        hint=hint,
        listed=listed,
    )


def _date(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message("write the date as YYYY-MM-DD, e.g. 2026-11-30; %(found)s", found=_found(value))


def _missing(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message("'%(key)s' is missing; add it", key=_name(loc))


def _unknown_key(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message(
        "unknown key '%(key)s'; check its spelling", key=shorten(loc[-1] if loc else "", 40)
    )


def _fallback(loc: Loc, value: Any, ctx: dict[str, Any]) -> str:
    return Message(
        "%(value)s cannot be used here; compare with a blank file made by gapcheck "
        "(e.g. gapcheck questionnaire new), whose comments say what each key holds",
        value=_shown(value),
    )


def _missing_space(value: Any) -> str:
    """`GP01.1:3` written as one word: the space after the colon is what makes it a key."""
    if isinstance(value, str):
        m = re.fullmatch(r"\s*([\w.-]+):(\S.*)", value)
        if m:
            return Message(
                "put a space after the colon: '%(key)s: %(rest)s'",
                key=m[1],
                rest=shorten(m[2], 30),
            )
    return ""


_EXPLAINERS: dict[str, Callable[[Loc, Any, dict[str, Any]], str]] = {
    "missing": _missing,
    "extra_forbidden": _unknown_key,
    "string_type": _text,
    "string_unicode": _text,
    "string_not_ascii": _text,
    "string_too_short": _too_short,
    "string_too_long": _too_long,
    "string_pattern_mismatch": _pattern,
    "too_short": _too_short,
    "too_long": _too_long,
    "bool_type": _yes_no,
    "bool_parsing": _yes_no,
    "int_type": _whole,
    "int_parsing": _whole,
    "int_parsing_size": _whole,
    "int_from_float": _whole,
    "float_type": _number,
    "float_parsing": _number,
    "finite_number": _number,
    "decimal_type": _number,
    "decimal_parsing": _number,
    "greater_than": _bound("gt"),
    "greater_than_equal": _bound("ge"),
    "less_than": _bound("lt"),
    "less_than_equal": _bound("le"),
    "dict_type": _group,
    "mapping_type": _group,
    "model_type": _group,
    "model_attributes_type": _group,
    "dataclass_type": _group,
    "list_type": _list,
    "tuple_type": _list,
    "set_type": _list,
    "iterable_type": _list,
    "enum": _choice,
    "literal_error": _choice,
    "date_type": _date,
    "date_parsing": _date,
    "date_from_datetime_parsing": _date,
    "date_from_datetime_inexact": _date,
    "datetime_type": _date,
    "datetime_parsing": _date,
}
