"""matches.md and matches.json written line by line, without a template engine.

A clearing house may match 20,000 requests at once: a template loop costs more than the
lines it writes, and the JSON encoder of the standard library falls back to pure Python as
soon as it indents. Here every row is one line (Markdown) or one compact JSON object on its
own line, so both stay readable, and both are made in a fraction of the time (measured in
bench/bench_matching.py). The words are those of the old template, capacity/matches.md.j2.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gapcheck.outputs import MatchesData
from gapcheck.render.text import md

# the `priorities` key of matches.json and the CSV's `priority_source` column
AS_STATED = "as stated by the requesting State"
PRIORITY_NOTE = (
    "Priorities are as stated by the requesting State in its requests file: gapcheck "
    "computed them from the State's questionnaire, but cannot check that the file was not "
    "edited since. The Administrative Unit should check a priority against the State's "
    "questionnaire or letter before it decides who gets a scarce place."
)


def matches_md(data: MatchesData) -> str:
    return "\n".join(_md_lines(data)) + "\n"


def _md_lines(data: MatchesData) -> Iterator[str]:
    matched, unmatched = data["matches"], data["unmatched"]
    yield "# Requests for assistance matched with offers"
    yield ""
    if data["view"] == "admin":
        yield "**Administrative Unit's view**: shows who is behind every request, confidential ones"
        yield "included. Do not forward it to providers or members."
    elif data["view"] == "donors":
        yield "Providers' view: requests made in confidence appear only under their reference."
    on = f", offers open on {data['date']}" if data["date"] else ""
    yield f"{len(matched)} request{_s(matched)} matched,"
    yield f"{len(unmatched)} without an offer{on}."
    yield from _wrapped(
        "The matching gives the largest total score ((0.1 + priority) x fit, so that every "
        "request counts a little) that the offers' capacities allow; ties are broken by id. "
        "There is no obligation on any State to provide or receive assistance: a match is a "
        "suggestion for the Administrative Unit to follow up."
    )
    yield ""
    yield from _wrapped(f"**{PRIORITY_NOTE}**")
    yield ""
    yield "## Matches"
    yield ""
    if matched:
        yield (
            "| Request | State | Practice | Priority, as stated by the State | Offer | Provider "
            "| Score |"
        )
        yield "|---|---|---|---:|---|---|---:|"
        for m in matched:
            state = md(m["state"]) if m["state"] is not None else "(confidential)"
            score = f"{m['score']:.2f}" if m["score"] is not None else "–"
            yield (
                f"| {m['request']} | {state} | {m['practice']} | {m['priority']:g} "
                f"| {m['offer']} | {md(m['provider'])} | {score} |"
            )
        yield ""
        for m in matched:
            yield f"- **{m['request']} -> {m['offer']}**: {md(m['why'])}."
    else:
        yield "No request could be matched."
    yield ""
    yield "## Without an offer"
    yield ""
    if unmatched:
        for u in unmatched:
            state = f", {md(u['state'])}" if u["state"] is not None else ""
            yield f"- **{u['request']}** ({u['practice']}{state}): {md(u['why'])}."
    else:
        yield "Every request has an offer."
    yield ""
    yield "## Offers"
    yield ""
    yield "| Offer | Provider | Capacity | Taken | Requests |"
    yield "|---|---|---:|---:|---|"
    for o in data["offers"]:
        held = ", ".join(o["requests"]) or "–"
        yield f"| {o['id']} | {md(o['provider'])} | {o['capacity']} | {o['taken']} | {held} |"
    if data["under_way"]:
        yield ""
        yield "## Already under way (not matched again)"
        yield ""
        for w in data["under_way"]:
            yield f"- {w['request']} ({w['practice']}): {w['status']}"


def _wrapped(text: str, width: int = 92) -> Iterator[str]:
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            yield line
            line = word
        else:
            line = f"{line} {word}" if line else word
    yield line


def _s(items: Sequence[object]) -> str:
    return "s" if len(items) != 1 else ""


def matches_json(data: MatchesData) -> str:
    """The JSON document: scalars indented as usual, each row of a list on a line of its own
    (compact, by the C encoder)."""
    return "\n".join(_json_lines(data)) + "\n"


def _json_lines(data: Mapping[str, Any]) -> Iterator[str]:
    yield "{"
    last = len(data) - 1
    for n, (key, value) in enumerate(data.items()):
        comma = "," if n < last else ""
        name = _dumps(key)
        if isinstance(value, list) and value:
            yield f"  {name}: ["
            rows = len(value) - 1
            for i, row in enumerate(value):
                yield f"    {_dumps(row)}{',' if i < rows else ''}"
            yield f"  ]{comma}"
        else:
            yield f"  {name}: {_dumps(value)}{comma}"
    yield "}"


def _dumps(value: object) -> str:
    # allow_nan=False: a score is always finite (priorities are bounded); never write NaN
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(", ", ": "))
