"""Requests, matches and follow-ups as Markdown, CSV and JSON, for one audience at a time.

Everything about a request goes through `gapcheck.capacity.confidentiality` first: this
module never reads a request's free text itself.

Markdown is written in the language asked for (render/capacity_words.py); CSV and JSON are
data and stay language-neutral: English keys, ids, statuses and explanations as they were.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from itertools import islice

from gapcheck.capacity.confidentiality import (
    SHARE_SHORT,
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
from gapcheck.capacity.outcome import Match, MatchOutcome, Reason, Unmatched
from gapcheck.catalogue import Catalogue
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import SOURCE_LANGUAGE
from gapcheck.models.base import N_
from gapcheck.models.capacity import GapElement, Offer, Request, Share
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.outputs import (
    FIRST_HOLDERS,
    MATCHES_SCHEMA_VERSION,
    MatchesData,
    MatchRow,
    OfferRow,
    RequestCells,
    UnderWay,
    UnmatchedRow,
)
from gapcheck.render.capacity_words import LANGUAGES, Words
from gapcheck.render.matches_text import AS_STATED, matches_json, matches_md
from gapcheck.render.tables import Row, md_row, render_rows
from gapcheck.render.text import md

__all__ = ["LANGUAGES", "cover_letter", "render_matches", "render_share"]

# render_template brings jinja2 (about 90 ms, python -X importtime): it is imported inside
# the functions that write Markdown, so CSV and JSON outputs never pay for it.


_ENGLISH = Words()


def _places(n: int, w: Words) -> str:
    return w.ngettext("%(num)d place", "%(num)d places", n) % {"num": n}


def _names(ids: list[str], w: Words, limit: int = 6) -> str:
    shown = ", ".join(ids[:limit])
    more = len(ids) - limit
    if more <= 0:
        return shown
    return w.ngettext("%(names)s and %(num)d more", "%(names)s and %(num)d more", more) % {
        "names": shown,
        "num": more,
    }


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


def render_share(
    requests: list[Request],
    catalogue: Catalogue,
    fmt: str,
    today: dt.date,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The list the Administrative Unit shares with members: no confidential request."""
    shown = shown_all(requests, View.MEMBERS)
    if fmt in ("csv", "json"):
        return render_rows(request_rows(shown, catalogue), fmt)
    from gapcheck.render.environment import render_template

    words = Words(language)
    catalogue = localise(catalogue, language)
    withheld = len(requests) - len(shown)
    return render_template(
        "capacity/share.md.j2",
        language=language,
        shown=shown,
        withheld=withheld,
        catalogue=catalogue,
        today=words.iso_date(today.isoformat()),
        num=words.number,
        count=words.count,
        status=words.status,
        kinds=lambda k: words.kinds(k, catalogue),
        below=lambda elements: _below(elements, words),
    )


def _below(elements: Sequence[GapElement], w: Words) -> str:
    """The elements below target, each with its level: GP03.1 (level 2), GP03.7 (level 2)."""
    return ", ".join(
        w.gettext("%(element)s (level %(level)s)") % {"element": e.id, "level": w.count(e.level)}
        for e in elements
    )


def _covered(offer: Offer, catalogue: Catalogue, w: Words) -> str:
    parts = [
        w.gettext("section %(section)s (%(title)s)")
        % {"section": s, "title": catalogue.sections[s]}
        for s in offer.sections
    ]
    parts += [f"{p} {catalogue.by_id[p].title}" for p in offer.practices]
    return md(w.clauses(parts))


def _window(offer: Offer, w: Words) -> str:
    start, end = offer.window.from_, offer.window.to
    if start and end:
        # Translators: the dates between which an offer can be delivered
        return w.gettext("%(start)s to %(end)s") % {"start": w.day(start), "end": w.day(end)}
    if start:
        return w.gettext("from %(start)s") % {"start": w.day(start)}
    # Translators: an offer that can be delivered at any time
    return w.gettext("until %(end)s") % {"end": w.day(end)} if end else w.gettext("open")


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


def render_offers_share(
    offers: list[Offer],
    catalogue: Catalogue,
    fmt: str,
    today: dt.date,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The offers the Administrative Unit shares with members: those still open on `today`."""
    current = [o for o in offers if is_open(o, today)]
    if fmt in ("csv", "json"):
        return render_rows(offer_rows(current), fmt)
    from gapcheck.render.environment import render_template

    words = Words(language)
    catalogue = localise(catalogue, language)
    return render_template(
        "capacity/offers_share.md.j2",
        language=language,
        offers=current,
        closed=len(offers) - len(current),
        today=words.iso_date(today.isoformat()),
        covers=lambda o: _covered(o, catalogue, words),
        kinds=lambda k: words.kinds(k, catalogue),
        languages=words.language_names,
        window=lambda o: _window(o, words),
        list_of=words.list_of,
    )


# --------------------------------------------------------------------------- status


def render_status(
    requests: list[Request], view: View, fmt: str, language: str = SOURCE_LANGUAGE
) -> str:
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
        w = Words(language)
        head = (N_("Request"), N_("State"), N_("Practice"), N_("Status"), N_("Since"), N_("Offer"))
        lines = [
            md_row(w.gettext(h) for h in head),
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {r['id']} | {md(w.who(str(r['state'])))} | {r['practice']} "
            f"| {w.status(str(r['status']))} | {w.iso_date(str(r['since']))} "
            f"| {md(r['offer']) or '–'} |"
            for r in rows
        ]
        return "\n".join(lines) + "\n"
    return render_rows(rows, fmt)


# -------------------------------------------------------------------------- matches


def matches_data(
    outcome: MatchOutcome, view: View, catalogue: Catalogue, words: Words | None = None
) -> MatchesData:
    """The match result as plain data for one audience (the JSON output as it is, with the
    explanations in English; in another language for the Markdown with `words`)."""
    w = words or _ENGLISH
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
                "why": why_match(m, s, catalogue, w),
            }
        )
    unmatched: list[UnmatchedRow] = []
    for u, s in visible(outcome.unmatched, view, lambda u: u.request):
        first, count = full.first(u.taken_by) if u.reason is Reason.FULL else ([], 0)
        unmatched.append(
            {
                **request_cells(s),
                "priority": s.priority,
                "reason": str(u.reason),
                "offers": list(u.offers),
                "taken_by_count": count,
                "taken_by_first": first,
                "why": why_unmatched(u, outcome, view, catalogue, full, w),
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
        "schema_version": MATCHES_SCHEMA_VERSION,
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


def why_match(m: Match, s: Shown, catalogue: Catalogue, w: Words = _ENGLISH) -> str:
    f = m.fit
    practice = catalogue.by_id[s.practice]
    pid = practice.id
    parts = [
        w.gettext("the offer names %(practice)s") % {"practice": pid}
        if f.named
        else w.gettext("the offer covers section %(section)s, which holds %(practice)s")
        % {"section": f.section, "practice": pid},
        w.gettext("kinds of help in common: %(kinds)s (%(common)s of %(asked)s asked)")
        % {
            "kinds": w.kinds(f.kinds, catalogue),
            "common": len(f.kinds),
            "asked": len(set(s.kinds)),
        },
    ]
    if s.state is None:
        parts.append(w.gettext("languages, region and score not shown (confidential request)"))
        return w.clauses(parts)
    parts.append(
        w.gettext("language in common: %(languages)s") % {"languages": ", ".join(f.languages)}
        if f.languages
        else w.gettext("no common language")
    )
    if f.region:
        parts.append(w.gettext("region in common: %(region)s") % {"region": s.region})
    parts.append(
        w.gettext("fit %(fit)s x weight %(weight)s = score %(score)s")
        % {
            "fit": w.number(f.fit, 2),
            "weight": w.number(f.weight, 2),
            "score": w.number(round(f.score, 3), 2),
        }
    )
    return w.clauses(parts)


class _Full:
    """For the requests left out because every offer that fits is full: the offers' places and
    who this audience may not see, made once rather than once per request (at 20,000
    requests, thousands are left out, each with hundreds of full offers and their holders)."""

    def __init__(self, outcome: MatchOutcome, view: View) -> None:
        self.capacity = {o.id: o.capacity for o in outcome.offers}
        self.hidden = {m.request.id for m in outcome.matches if reference(m.request, view) is None}

    def first(self, ids: tuple[str, ...], limit: int = FIRST_HOLDERS) -> tuple[list[str], int]:
        """The first `limit` of these holders (in id order) that this audience may see, and
        how many it may see in all: not the whole list, which is thousands of ids a request
        at 20,000 (and one set operation, not a loop, when none is hidden)."""
        hidden = len(self.hidden.intersection(ids)) if self.hidden else 0
        if not hidden:
            return list(ids[:limit]), len(ids)
        named = list(islice((i for i in ids if i not in self.hidden), limit))
        return named, len(ids) - hidden

    def holders(self, ids: tuple[str, ...], w: Words = _ENGLISH, limit: int = FIRST_HOLDERS) -> str:
        """The first `limit` of these holders (in id order) that this audience may see, and
        how many more."""
        named, seen = self.first(ids, limit)
        hidden = len(ids) - seen
        more = seen - len(named)
        text = ", ".join(named)
        if more:
            text = w.ngettext("%(names)s and %(num)d more", "%(names)s and %(num)d more", more) % {
                "names": text,
                "num": more,
            }
        if hidden:
            text = w.ngettext(
                "%(names)s and %(num)d other request(s)",
                "%(names)s and %(num)d other request(s)",
                hidden,
            ) % {"names": text, "num": hidden}
        return text


def why_unmatched(
    u: Unmatched,
    outcome: MatchOutcome,
    view: View,
    catalogue: Catalogue,
    full: _Full | None = None,
    w: Words = _ENGLISH,
) -> str:
    practice = catalogue.by_id[u.request.practice]
    if u.reason is Reason.NO_OFFER:
        return w.gettext("no offer covers %(practice)s or its section %(section)s") % {
            "practice": practice.id,
            "section": practice.section,
        }
    if u.reason is Reason.NO_KIND:
        return w.gettext(
            "offers %(offers)s cover %(practice)s but give other kinds of help (%(offered)s) "
            "than those asked (%(asked)s)"
        ) % {
            "offers": _names(list(u.offers), w),
            "practice": practice.id,
            "offered": w.kinds(u.kinds_offered, catalogue),
            "asked": w.kinds(u.request.kinds, catalogue),
        }
    if u.reason is Reason.CLOSED:
        return w.gettext("the offers that would fit (%(offers)s) closed before %(date)s") % {
            "offers": _names(list(u.offers), w),
            "date": w.iso_date(outcome.on.isoformat()) if outcome.on else w.gettext("today"),
        }
    full = full or _Full(outcome, view)
    places = ", ".join(f"{o} ({_places(full.capacity[o], w)})" for o in u.offers[:6])
    if len(u.offers) > 6:
        more = len(u.offers) - 6
        places = w.ngettext("%(names)s and %(num)d more", "%(names)s and %(num)d more", more) % {
            "names": places,
            "num": more,
        }
    return w.gettext(
        "every offer that fits is full: %(places)s; their places went to %(holders)s, which "
        "together give the highest total fit"
    ) % {"places": places, "holders": full.holders(u.taken_by, w)}


def render_matches(
    outcome: MatchOutcome,
    view: View,
    fmt: str,
    catalogue: Catalogue,
    language: str = SOURCE_LANGUAGE,
) -> str:
    return render_matches_all(outcome, view, (fmt,), catalogue, language)[fmt]


def render_matches_all(
    outcome: MatchOutcome,
    view: View,
    formats: Sequence[str],
    catalogue: Catalogue,
    language: str = SOURCE_LANGUAGE,
) -> dict[str, str]:
    """The matches in each format, from one set of rows (made once in English: at 20,000
    requests the explanations are most of the work). The Markdown in another language has
    rows of its own, its explanations in that language; CSV and JSON stay in English."""
    english = language == SOURCE_LANGUAGE
    data = matches_data(outcome, view, catalogue) if english or set(formats) - {"md"} else None
    out: dict[str, str] = {}
    for fmt in formats:
        if fmt == "json" and data is not None:
            out[fmt] = matches_json(data)
        elif fmt == "csv" and data is not None:
            out[fmt] = render_rows(_match_csv_rows(data), "csv")
        elif english and data is not None:
            out[fmt] = matches_md(data)
        else:
            words = Words(language)
            shown = matches_data(outcome, view, localise(catalogue, language), words)
            out[fmt] = matches_md(shown, words)
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


# How a gap moved between two assessments, as the follow-up shows it.
_GAP_WORDS = {
    # Translators: the gap a request targeted has closed since the assistance
    "closed": N_("closed"),
    "narrowed": N_("narrowed"),
    "unchanged": N_("unchanged"),
    "widened": N_("widened"),
    # Translators: the practice had no level before, and has one now
    "first assessed": N_("first assessed"),
    "not assessed": N_("not assessed"),
    WITHHELD: WITHHELD,
}


def render_followup(
    items: list[FollowUp], view: View, fmt: str, language: str = SOURCE_LANGUAGE
) -> str:
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
    w = Words(language)
    if not rows:
        return w.gettext("No delivered request to follow up yet.") + "\n"
    head = (
        N_("Request"),
        N_("State"),
        N_("Practice"),
        N_("Level then"),
        N_("Level now"),
        N_("Target"),
        N_("Gap"),
        N_("Delivered, as reported"),
    )

    def num(value: object) -> str:
        return w.number(value if isinstance(value, (int, float)) else None)

    lines = [
        md_row(w.gettext(h) for h in head),
        "|---|---|---|---:|---:|---:|---|---|",
    ]
    lines += [
        f"| {r['request']} | {md(w.who(str(r['state'])))} | {r['practice']} | {num(r['before'])} "
        f"| {num(r['after'])} | {num(r['target'])} | {w.gettext(_GAP_WORDS[str(r['gap'])])} "
        f"| {_report(r, w)} |"
        for r in rows
    ]
    return "\n".join(lines) + "\n"


_REPORTED_BY = {
    "provider": N_("by the provider"),
    "state": N_("by the State"),
    "unit": N_("by the Unit"),
}


def _report(row: Row, w: Words) -> str:
    """The delivery side of a follow-up: who reported it, and what they said."""
    text = md(str(row["delivery_report"])) or "–"
    by = _REPORTED_BY.get(str(row["delivered_by"]), "")
    if not by or text == "–":
        return text
    # Translators: what was delivered, then who reported it ("by the provider")
    return w.gettext("%(report)s (%(by)s)") % {"report": text, "by": w.gettext(by)}


# --------------------------------------------------------------------- cover letter


def cover_letter(
    requests: list[Request],
    q: Questionnaire,
    catalogue: Catalogue,
    today: dt.date,
    language: str = SOURCE_LANGUAGE,
) -> str:
    """A letter to the GCTF Administrative Unit, ready to send with the requests file, in
    `language`: gapcheck's words translated, the practices' titles and the kinds of
    assistance from the knowledge base's translations, the State's own words as written."""
    from gapcheck.render.environment import render_template

    words = Words(language)
    catalogue = localise(catalogue, language)
    shown = shown_all(requests, View.ADMIN)
    return render_template(
        "capacity/letter.md.j2",
        language=language,
        q=q,
        requests=shown,
        confidential=any(r.confidential for r in requests),
        shared=[s for s in shown if not s.confidential],
        seen_by=lambda s: words.gettext(SHARE_WORDS[s.share]),
        catalogue=catalogue,
        today=words.date(today),
        assessed=words.date(q.date),
        source=catalogue.meta.source,
        languages=words.language_names(q.languages),
        num=words.number,
        count=words.count,
        kinds=lambda k: words.kinds(k, catalogue),
    )


def letter_title(state: str, language: str = SOURCE_LANGUAGE) -> str:
    """The letter's title, as its first heading says it (the Word document's title)."""
    return Words(language).gettext("Request for assistance: %(state)s") % {"state": state}


# -------------------------------------------------------------- what the CLI prints

_SUMMARIES = {
    View.DONORS: N_("%(matched)d matched, %(unmatched)d without an offer (donors view)"),
    View.ADMIN: N_("%(matched)d matched, %(unmatched)d without an offer (admin view)"),
    View.MEMBERS: N_("%(matched)d matched, %(unmatched)d without an offer (members view)"),
}


def match_summary(outcome: MatchOutcome, view: View, language: str = SOURCE_LANGUAGE) -> str:
    """The line `gapcheck match` prints once it has written its files."""
    return Words(language).gettext(_SUMMARIES[view]) % {
        "matched": len(outcome.matches),
        "unmatched": len(outcome.unmatched),
    }


def consent_summary(requests: list[Request], language: str = SOURCE_LANGUAGE) -> str:
    """The line `gapcheck request new` prints: how many requests, and who may see them."""
    w = Words(language)
    counts = {s: sum(r.share is s for r in requests) for s in Share}
    parts = [
        # Translators: a number of requests, then who may see them ("2 shared with members
        # by name")
        w.gettext("%(num)d %(consent)s") % {"num": n, "consent": w.gettext(SHARE_SHORT[s])}
        for s, n in counts.items()
        if n
    ]
    n = len(requests)
    return w.ngettext("%(num)d request(s): %(consents)s", "%(num)d request(s): %(consents)s", n) % {
        "num": n,
        "consents": ", ".join(parts),
    }
