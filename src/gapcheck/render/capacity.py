"""Requests, matches and follow-ups as Markdown, CSV and JSON, for one audience at a time.

Everything about a request goes through `gapcheck.capacity.confidentiality` first: this
module never reads a request's free text itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import islice

from gapcheck.capacity.confidentiality import (
    SHARE_WORDS,
    WITHHELD,
    Shown,
    View,
    reference,
    show,
    shown_all,
    visible,
)
from gapcheck.capacity.fit import is_open
from gapcheck.capacity.lifecycle import FollowUp
from gapcheck.capacity.matching import Match, MatchOutcome, Reason, Unmatched
from gapcheck.catalogue import Catalogue
from gapcheck.models.capacity import Offer, Request
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.outputs import (
    SCHEMA_VERSION,
    MatchesData,
    MatchRow,
    OfferRow,
    RequestCells,
    UnderWay,
    UnmatchedRow,
)
from gapcheck.render.matches_text import AS_STATED, matches_json, matches_md
from gapcheck.render.tables import Row, render_rows
from gapcheck.render.text import level, md

# render_template brings jinja2 (about 90 ms, python -X importtime): it is imported inside
# the functions that write Markdown, so CSV and JSON outputs never pay for it.

LANGUAGES = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "id": "Indonesian",
    "it": "Italian",
    "nl": "Dutch",
    "pt": "Portuguese",
    "ru": "Russian",
    "sw": "Swahili",
    "tr": "Turkish",
    "ur": "Urdu",
    "zh": "Chinese",
}


def language_names(codes: list[str] | tuple[str, ...]) -> str:
    return ", ".join(LANGUAGES.get(c, c) for c in codes)


def _kinds(kinds: tuple[str, ...] | list[str], catalogue: Catalogue) -> str:
    return ", ".join(catalogue.assistance.get(k, k).lower() for k in kinds)


def _places(n: int) -> str:
    return f"{n} place{'s' if n != 1 else ''}"


def _names(ids: list[str], limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    return shown + (f" and {len(ids) - limit} more" if len(ids) > limit else "")


# ----------------------------------------------------------------- the members' list


def request_rows(shown: list[Shown], catalogue: Catalogue) -> list[Row]:
    return [
        {
            "id": s.id,
            "state": s.who,
            "practice": s.practice,
            "title": catalogue.by_id[s.practice].title,
            "level": s.level,
            "target": s.target,
            "priority": s.priority,
            "kinds": " ".join(s.kinds),
            "languages": " ".join(s.languages),
            "region": s.region if s.region is not None else WITHHELD,
            "time_frame": s.time_frame if s.time_frame is not None else WITHHELD,
            "status": str(s.status),
        }
        for s in shown
    ]


def render_share(requests: list[Request], catalogue: Catalogue, fmt: str, today: dt.date) -> str:
    """The list the Administrative Unit shares with members: no confidential request."""
    shown = shown_all(requests, View.MEMBERS)
    if fmt in ("csv", "json"):
        return render_rows(request_rows(shown, catalogue), fmt)
    from gapcheck.render.environment import render_template

    withheld = len(requests) - len(shown)
    return render_template(
        "capacity/share.md.j2",
        shown=shown,
        withheld=withheld,
        catalogue=catalogue,
        today=today.isoformat(),
        num=level,
        kinds=lambda k: _kinds(k, catalogue),
    )


def _covered(offer: Offer, catalogue: Catalogue) -> str:
    parts = [f"section {s} ({catalogue.sections[s]})" for s in offer.sections]
    parts += [f"{p} {catalogue.by_id[p].title}" for p in offer.practices]
    return md("; ".join(parts))


def _window(offer: Offer) -> str:
    start, end = offer.window.from_, offer.window.to
    if start and end:
        return f"{start} to {end}"
    if start:
        return f"from {start}"
    return f"until {end}" if end else "open"


def offer_rows(offers: list[Offer]) -> list[Row]:
    return [
        {
            "offer": o.id,
            "provider": o.provider.name if o.provider else "",
            "provider_type": o.provider.type if o.provider else "",
            "contact": o.provider.contact if o.provider else "",
            "practices": ", ".join(o.practices),
            "sections": ", ".join(o.sections),
            "kinds": ", ".join(o.kinds),
            "languages": ", ".join(o.languages),
            "regions": ", ".join(o.regions),
            "capacity": o.capacity,
            "from": o.window.from_.isoformat() if o.window.from_ else "",
            "to": o.window.to.isoformat() if o.window.to else "",
            "note": o.note,
        }
        for o in offers
    ]


def render_offers_share(offers: list[Offer], catalogue: Catalogue, fmt: str, today: dt.date) -> str:
    """The offers the Administrative Unit shares with members: those still open on `today`."""
    current = [o for o in offers if is_open(o, today)]
    if fmt in ("csv", "json"):
        return render_rows(offer_rows(current), fmt)
    from gapcheck.render.environment import render_template

    return render_template(
        "capacity/offers_share.md.j2",
        offers=current,
        closed=len(offers) - len(current),
        today=today.isoformat(),
        covers=lambda o: _covered(o, catalogue),
        kinds=lambda k: _kinds(k, catalogue),
        languages=language_names,
        window=_window,
    )


# --------------------------------------------------------------------------- status


def render_status(requests: list[Request], view: View, fmt: str) -> str:
    rows: list[Row] = [
        {
            "id": s.id,
            "state": s.who,
            "practice": s.practice,
            "status": str(s.status),
            "since": s.history[-1].date.isoformat(),
            "offer": s.offer,
            "priority": s.priority,
        }
        for s in shown_all(requests, view)
    ]
    if fmt == "md":
        lines = [
            "| Request | State | Practice | Status | Since | Offer |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['id']} | {md(r['state'])} | {r['practice']} | {r['status']} | {r['since']} "
            f"| {md(r['offer']) or '–'} |"
            for r in rows
        ]
        return "\n".join(lines) + "\n"
    return render_rows(rows, fmt)


# -------------------------------------------------------------------------- matches


def matches_data(outcome: MatchOutcome, view: View, catalogue: Catalogue) -> MatchesData:
    """The match result as plain data for one audience (the JSON output as it is)."""
    holders = {
        o.id: [ref for m in outcome.taken[o.id] if (ref := reference(m.request, view))]
        for o in outcome.offers
    }
    full = _Full(outcome, view)
    matches: list[MatchRow] = []
    for m, s in visible(outcome.matches, view, lambda m: m.request):
        # the fit of a withheld request would tell its region and languages (see
        # gapcheck.capacity.confidentiality)
        open_ = s.state is not None
        matches.append(
            {
                **request_cells(s),
                "priority": s.priority,
                "offer": m.offer.id,
                "provider": provider_name(m.offer),
                "fit": round(m.fit.fit, 3) if open_ else None,
                "weight": round(m.fit.weight, 3) if open_ else None,
                "score": round(m.fit.score, 3) if open_ else None,
                "named": m.fit.named,
                "kinds": list(m.fit.kinds),
                "languages": list(m.fit.languages) if open_ else None,
                "region": m.fit.region if open_ else None,
                "why": why_match(m, s, catalogue),
            }
        )
    unmatched: list[UnmatchedRow] = []
    for u, s in visible(outcome.unmatched, view, lambda u: u.request):
        unmatched.append(
            {
                **request_cells(s),
                "priority": s.priority,
                "reason": str(u.reason),
                "offers": list(u.offers),
                "taken_by": full.visible(u.taken_by) if u.reason is Reason.FULL else [],
                "why": why_unmatched(u, outcome, view, catalogue, full),
            }
        )
    offers: list[OfferRow] = [
        {
            "id": o.id,
            "provider": provider_name(o),
            "capacity": o.capacity,
            "taken": len(outcome.taken[o.id]),
            "requests": holders[o.id],
        }
        for o in outcome.offers
    ]
    under_way: list[UnderWay] = [
        {**request_cells(s), "status": str(s.status)}
        for _, s in visible(outcome.not_open, view, lambda r: r)
    ]
    return {
        "schema_version": SCHEMA_VERSION,
        "view": str(view),
        "solver": outcome.solver,
        "date": outcome.on.isoformat() if outcome.on else None,
        "total_score": round(outcome.score, 3),
        "admissible_pairs": outcome.pairs,
        "priorities": AS_STATED,
        "matches": matches,
        "unmatched": unmatched,
        "offers": offers,
        "under_way": under_way,
    }


def request_cells(s: Shown) -> RequestCells:
    """The cells that open every row about a request, as this audience may see it."""
    return {"request": s.id, "state": s.state, "practice": s.practice}


def provider_name(offer: Offer) -> str:
    return offer.provider.name if offer.provider else ""


def why_match(m: Match, s: Shown, catalogue: Catalogue) -> str:
    f = m.fit
    practice = catalogue.by_id[s.practice]
    parts = [
        f"the offer names {practice.id}"
        if f.named
        else f"the offer covers section {f.section}, which holds {practice.id}",
        f"kinds of help in common: {_kinds(f.kinds, catalogue)} "
        f"({len(f.kinds)} of {len(set(s.kinds))} asked)",
    ]
    if s.state is None:
        parts.append("languages, region and score not shown (confidential request)")
        return "; ".join(parts)
    parts.append(
        f"language in common: {', '.join(f.languages)}" if f.languages else "no common language"
    )
    if f.region:
        parts.append(f"region in common: {s.region}")
    parts.append(f"fit {f.fit:.2f} x weight {f.weight:.2f} = score {round(f.score, 3):.2f}")
    return "; ".join(parts)


class _Full:
    """For the requests left out because every offer that fits is full: the offers' places and
    who this audience may not see, made once rather than once per request (at 20,000
    requests, thousands are left out, each with hundreds of full offers and their holders)."""

    def __init__(self, outcome: MatchOutcome, view: View) -> None:
        self.capacity = {o.id: o.capacity for o in outcome.offers}
        self.hidden = {m.request.id for m in outcome.matches if reference(m.request, view) is None}

    def visible(self, ids: tuple[str, ...]) -> list[str]:
        return [i for i in ids if i not in self.hidden]

    def holders(self, ids: tuple[str, ...], limit: int = 6) -> str:
        """The first `limit` of these holders (in id order) that this audience may see, and
        how many more."""
        hidden = len(self.hidden.intersection(ids))
        named = list(islice((i for i in ids if i not in self.hidden), limit))
        more = len(ids) - hidden - len(named)
        text = ", ".join(named) + (f" and {more} more" if more else "")
        return text + (f" and {hidden} other request(s)" if hidden else "")


def why_unmatched(
    u: Unmatched,
    outcome: MatchOutcome,
    view: View,
    catalogue: Catalogue,
    full: _Full | None = None,
) -> str:
    practice = catalogue.by_id[u.request.practice]
    if u.reason is Reason.NO_OFFER:
        return f"no offer covers {practice.id} or its section {practice.section}"
    if u.reason is Reason.NO_KIND:
        return (
            f"offers {_names(list(u.offers))} cover {practice.id} but give other kinds of help "
            f"({_kinds(u.kinds_offered, catalogue)}) than those asked "
            f"({_kinds(u.request.kinds, catalogue)})"
        )
    if u.reason is Reason.CLOSED:
        return (
            f"the offers that would fit ({_names(list(u.offers))}) closed before "
            f"{outcome.on.isoformat() if outcome.on else 'today'}"
        )
    full = full or _Full(outcome, view)
    places = ", ".join(f"{o} ({_places(full.capacity[o])})" for o in u.offers[:6])
    if len(u.offers) > 6:
        places += f" and {len(u.offers) - 6} more"
    return (
        f"every offer that fits is full: {places}; their places went to "
        f"{full.holders(u.taken_by)}, which together give the highest total fit"
    )


def render_matches(outcome: MatchOutcome, view: View, fmt: str, catalogue: Catalogue) -> str:
    return render_matches_all(outcome, view, (fmt,), catalogue)[fmt]


def render_matches_all(
    outcome: MatchOutcome, view: View, formats: Sequence[str], catalogue: Catalogue
) -> dict[str, str]:
    """The matches in each format, from one set of rows (made once: at 20,000 requests the
    explanations are most of the work)."""

    data = matches_data(outcome, view, catalogue)
    out: dict[str, str] = {}
    for fmt in formats:
        if fmt == "json":
            out[fmt] = matches_json(data)
        elif fmt == "csv":
            out[fmt] = render_rows(_match_csv_rows(data), "csv")
        else:
            out[fmt] = matches_md(data)
    return out


def _match_csv_rows(data: MatchesData) -> list[Row]:
    return [
        {
            "request": m["request"],
            "state": m["state"] if m["state"] is not None else WITHHELD,
            "practice": m["practice"],
            "priority": m["priority"],
            "priority_source": AS_STATED,
            "offer": m["offer"],
            "provider": m["provider"],
            "score": m["score"],
            "outcome": "matched",
            "why": m["why"],
        }
        for m in data["matches"]
    ] + [
        {
            "request": u["request"],
            "state": u["state"] if u["state"] is not None else WITHHELD,
            "practice": u["practice"],
            "priority": u["priority"],
            "priority_source": AS_STATED,
            "offer": "",
            "provider": "",
            "score": 0.0,
            "outcome": u["reason"],
            "why": u["why"],
        }
        for u in data["unmatched"]
    ]


# ------------------------------------------------------------------------ follow-up


def render_followup(items: list[FollowUp], view: View, fmt: str) -> str:
    rows: list[Row] = []
    for f in items:
        s = show(f.request, view)
        if s is None:
            continue
        # a withheld request's levels are withheld here too (see capacity.confidentiality)
        full = s.state is not None
        delivery = f.delivery
        rows.append(
            {
                "request": s.id,
                "state": s.who,
                "practice": s.practice,
                "before": f.before if full else None,
                "after": f.after if full else None,
                "target": f.target,
                "gap": str(f.outcome) if full else WITHHELD,
                "delivered_by": delivery.by if delivery else "",
                "delivery_report": delivery.note if delivery and full else "",
                "elements": " ".join(
                    f"{e.id}:{'–' if e.before is None else e.before}->"
                    f"{'–' if e.after is None else e.after}"
                    for e in f.elements
                )
                if full
                else "",
            }
        )
    if fmt != "md":
        return render_rows(rows, fmt)
    if not rows:
        return "No delivered request to follow up yet.\n"
    lines = [
        "| Request | State | Practice | Level then | Level now | Target | Gap "
        "| Delivered, as reported |",
        "|---|---|---|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {r['request']} | {md(r['state'])} | {r['practice']} | {level(r['before'])} "
        f"| {level(r['after'])} | {level(r['target'])} | {r['gap']} | {_report(r)} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


def _report(row: Row) -> str:
    """The delivery side of a follow-up: who reported it, and what they said."""
    who = {"provider": "by the provider", "state": "by the State", "unit": "by the Unit"}
    text = md(str(row["delivery_report"])) or "–"
    by = who.get(str(row["delivered_by"]), "")
    return f"{text} ({by})" if by and text != "–" else text


# --------------------------------------------------------------------- cover letter


def cover_letter(
    requests: list[Request], q: Questionnaire, catalogue: Catalogue, today: dt.date
) -> str:
    """A letter to the GCTF Administrative Unit, ready to send with the requests file."""
    from gapcheck.render.environment import render_template

    shown = shown_all(requests, View.ADMIN)
    return render_template(
        "capacity/letter.md.j2",
        q=q,
        requests=shown,
        confidential=any(r.confidential for r in requests),
        shared=[s for s in shown if not s.confidential],
        seen_by=lambda s: SHARE_WORDS[s.share],
        catalogue=catalogue,
        today=today.strftime("%d %B %Y").lstrip("0"),
        assessed=q.date.strftime("%d %B %Y").lstrip("0") if q.date else "",
        source=catalogue.meta.source,
        languages=language_names(q.languages),
        num=level,
        kinds=lambda k: _kinds(k, catalogue),
    )
