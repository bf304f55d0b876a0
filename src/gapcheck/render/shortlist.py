"""Shortlists and coalitions (`match --shortlist K`) for one audience, as data, CSV or Markdown.

The same rules as the matches: a request the audience may not see is left out, and for a
request shown by reference only, no fit, score, language or region in common is given
(they would tell its region and languages; see gapcheck.capacity.confidentiality).
"""

from __future__ import annotations

import json
from typing import Any

from gapcheck.capacity.confidentiality import View, visible
from gapcheck.capacity.shortlist import Option, Shortlist
from gapcheck.i18n.messages import SOURCE_LANGUAGE
from gapcheck.render.capacity import provider_name, request_cells
from gapcheck.render.capacity_words import Words
from gapcheck.render.tables import Row, render_rows
from gapcheck.render.text import md


def _option(o: Option, full: bool) -> dict[str, Any]:
    out: dict[str, Any] = {
        "offer": o.offer.id,
        "provider": provider_name(o.offer),
        "named": o.fit.named,
        "kinds": list(o.fit.kinds),
    }
    if full:
        out |= {
            "languages": list(o.fit.languages),
            "region": o.fit.region,
            "fit": round(o.fit.fit, 3),
            "score": round(o.fit.score, 3),
        }
    return out


def shortlist_data(items: list[Shortlist], view: View) -> list[dict[str, Any]]:
    out = []
    for item, s in visible(items, view, lambda item: item.request):
        full = s.state is not None
        out.append(
            {
                **request_cells(s),
                "kinds": list(s.kinds),
                "options": [_option(o, full) for o in item.options],
                "coalition": [_option(o, full) for o in item.coalition],
                "coalition_providers": sorted(
                    {o.offer.provider.name for o in item.coalition if o.offer.provider}
                ),
                "kinds_no_offer_gives": list(item.missing),
            }
        )
    return out


def render_shortlists(
    items: list[Shortlist], view: View, fmt: str, language: str = SOURCE_LANGUAGE
) -> str:
    """The shortlists; the Markdown in `language` (CSV and JSON are data, in English)."""
    data = shortlist_data(items, view)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        rows: list[Row] = [
            {
                "request": d["request"],
                "list": what,
                "rank": n,
                "offer": o["offer"],
                "provider": o["provider"],
                "kinds": " ".join(o["kinds"]),
                "score": o.get("score", ""),
            }
            for d in data
            for what in ("options", "coalition")
            for n, o in enumerate(d[what], 1)
        ]
        return render_rows(rows, "csv")
    return "\n".join(_md_lines(data, Words(language)))


def _md_lines(data: list[dict[str, Any]], w: Words) -> list[str]:
    _ = w.gettext
    lines = ["# " + _("Shortlists: the offers each request could take"), ""]
    for d in data:
        lines += [f"## {d['request']} ({d['practice']})", ""]
        for n, o in enumerate(d["options"], 1):
            # kinds stay ids here, as in the CSV: a provider matches them against its offers
            extra = [_("names the practice")] if o["named"] else []
            if "score" in o:
                extra.append(_("score %(score)s") % {"score": w.number(o["score"], 2)})
            lines.append(
                f"{n}. {o['offer']} ({md(o['provider'])}): "
                + ", ".join([", ".join(o["kinds"]), *extra])
            )
        if not d["options"]:
            lines.append(_("No offer could take this request."))
        if len(d["coalition"]) > 1:
            lines += [
                "",
                _("Together (%(providers)s): %(offers)s")
                % {
                    "providers": ", ".join(md(p) for p in d["coalition_providers"]),
                    "offers": ", ".join(o["offer"] for o in d["coalition"]),
                },
            ]
        if d["kinds_no_offer_gives"]:
            lines += [
                "",
                _("No offer gives: %(kinds)s") % {"kinds": ", ".join(d["kinds_no_offer_gives"])},
            ]
        lines.append("")
    return lines
