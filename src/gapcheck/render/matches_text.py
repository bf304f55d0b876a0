"""matches.md and matches.json written line by line, without a template engine.

A clearing house may match 20,000 requests at once: a template loop costs more than the
lines it writes, and the JSON encoder of the standard library falls back to pure Python as
soon as it indents. Here every row is one line (Markdown) or one compact JSON object on its
own line, so both stay readable, and both are made in a fraction of the time (measured in
bench/bench_matching.py). The words are those of the old template, capacity/matches.md.j2,
translated with the catalogues like the templates' (render/capacity_words.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from gapcheck.capacity.confidentiality import WITHHELD
from gapcheck.i18n.messages import PSEUDO_LANGUAGES
from gapcheck.models.base import N_
from gapcheck.outputs import MatchesData
from gapcheck.render.capacity_words import Words
from gapcheck.render.tables import md_row
from gapcheck.render.text import md

# the `priorities` key of matches.json and the CSV's `priority_source` column
AS_STATED = "as stated by the requesting State"
PRIORITY_NOTE = N_(
    "Priorities are as stated by the requesting State in its requests file: gapcheck "
    "computed them from the State's questionnaire, but cannot check that the file was not "
    "edited since. The Administrative Unit should check a priority against the State's "
    "questionnaire or letter before it decides who gets a scarce place."
)


def matches_md(data: MatchesData, words: Words | None = None) -> str:
    """matches.md in the language of `words` (English by default); `data` made with the
    same words (render/capacity.matches_data), so that its explanations match."""
    return "\n".join(_md_lines(data, words or Words())) + "\n"


def _md_lines(data: MatchesData, w: Words) -> Iterator[str]:
    yield from _md_intro(data, w)
    yield from _md_rows(data, w)


def _md_intro(data: MatchesData, w: Words) -> Iterator[str]:
    matched, unmatched = data["matches"], data["unmatched"]
    _ = w.gettext
    yield "# " + _("Requests for assistance matched with offers")
    yield ""
    if data["view"] == "admin":
        yield _(
            "**Administrative Unit's view**: shows who is behind every request, confidential ones\n"
            "included. Do not forward it to providers or members."
        )
    elif data["view"] == "donors":
        yield _("Providers' view: requests made in confidence appear only under their reference.")
    n, left = len(matched), len(unmatched)
    yield w.ngettext("%(num)d request matched,", "%(num)d requests matched,", n) % {"num": n}
    if data["date"]:
        yield w.ngettext(
            "%(num)d without an offer, offers open on %(date)s.",
            "%(num)d without an offer, offers open on %(date)s.",
            left,
        ) % {"num": left, "date": w.iso_date(data["date"])}
    else:
        yield w.ngettext("%(num)d without an offer.", "%(num)d without an offer.", left) % {
            "num": left
        }
    yield from _wrapped(
        _(
            "The matching gives the largest total score ((0.1 + priority) x fit, so that every "
            "request counts a little) that the offers' capacities allow; ties are broken by id. "
            "There is no obligation on any State to provide or receive assistance: a match is a "
            "suggestion for the Administrative Unit to follow up."
        )
    )
    yield ""
    yield from _wrapped(f"**{_(PRIORITY_NOTE)}**")
    yield ""


def _md_rows(data: MatchesData, w: Words) -> Iterator[str]:
    matched, unmatched = data["matches"], data["unmatched"]
    _ = w.gettext
    yield "## " + _("Matches")
    yield ""
    if matched:
        head = (
            _("Request"),
            _("State"),
            _("Practice"),
            _("Priority, as stated by the State"),
            _("Offer"),
            _("Provider"),
            _("Score"),
        )
        yield md_row(head)
        yield "|---|---|---|---:|---|---|---:|"
        withheld = _(WITHHELD)
        for m in matched:
            state = md(m["state"]) if m["state"] is not None else withheld
            score = w.number(m["score"], 2) if m["score"] is not None else "–"
            priority = w.short_number(m["priority"])
            yield (
                f"| {m['request']} | {state} | {m['practice']} | {priority} "
                f"| {m['offer']} | {md(m['provider'])} | {score} |"
            )
        yield ""
        for m in matched:
            yield f"- **{m['request']} -> {m['offer']}**: {md(m['why'])}{_stop(w)}"
    else:
        yield _("No request could be matched.")
    yield ""
    yield "## " + _("Without an offer")
    yield ""
    if unmatched:
        for u in unmatched:
            state = f", {md(u['state'])}" if u["state"] is not None else ""
            yield f"- **{u['request']}** ({u['practice']}{state}): {md(u['why'])}{_stop(w)}"
    else:
        yield _("Every request has an offer.")
    yield ""
    yield "## " + _("Offers")
    yield ""
    offers_head = (_("Offer"), _("Provider"), _("Capacity"), _("Taken"), _("Requests"))
    yield md_row(offers_head)
    yield "|---|---|---:|---:|---|"
    for o in data["offers"]:
        held = ", ".join(o["requests"]) or "–"
        yield f"| {o['id']} | {md(o['provider'])} | {o['capacity']} | {o['taken']} | {held} |"
    if data["under_way"]:
        yield ""
        yield "## " + _("Already under way (not matched again)")
        yield ""
        for r in data["under_way"]:
            yield f"- {r['request']} ({r['practice']}): {w.status(r['status'])}"


def _stop(w: Words) -> str:
    # Translators: the full stop that ends a sentence; 。 in Chinese
    return "." if w.language in ("en", *PSEUDO_LANGUAGES) else w.gettext(".")


def _wrapped(text: str, width: int = 92) -> Iterator[str]:
    line = ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            yield line
            line = word
        else:
            line = f"{line} {word}" if line else word
    yield line


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


# allow_nan=False: a score is always finite (priorities are bounded); never write NaN. One
# encoder for the tens of thousands of rows, not one made per row by json.dumps.
_ENCODER = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(", ", ": "))


def _dumps(value: object) -> str:
    return _ENCODER.encode(value)
