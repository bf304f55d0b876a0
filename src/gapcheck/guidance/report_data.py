"""What the form page needs to show the report as the official answers, worked out at build time.

Everything that depends on the catalogue alone (practices in report order, sections, who builds
on whom, how many practices build on each, the order in which phases are laid) is computed
here, with the same graph and constants the CLI's report uses (gapcheck.roadmap,
gapcheck.scoring). The script site-overrides/assets/javascripts/gapcheck-report.js only does
the arithmetic the answers require: means, gaps, priorities, phases, held-back flags, and
what to do first (gapcheck.first_steps: its constants and words are shipped from here). So a
change to practices/ or to the method reaches the page with the next build, and the page's
figures stay those of `gapcheck report --format json` (tests/test_report_browser.py).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gapcheck.capacity.confidentiality import SHARE_SHORT, SHARE_WORDS
from gapcheck.capacity.requests import HEADER
from gapcheck.first_steps import FIRST_ACTIONS, LOW_COVERAGE, RANK_AND_PHASE
from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import translator
from gapcheck.models.capacity import Share, share_from_confidential
from gapcheck.models.questionnaire import SCALE
from gapcheck.render.capacity import LANGUAGES
from gapcheck.report import scale_data
from gapcheck.roadmap import HELD_BACK_BELOW
from gapcheck.scoring import MAX_LEVEL

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue

# Raised whenever the shape below changes, so the script can refuse data it does not know.
REPORT_FORMAT = 2


def report_data(catalogue: Catalogue, language: str = "en") -> dict[str, Any]:
    """The catalogue-derived inputs of the report, in the order the report lists them, for a
    page in `language` (the scripts' words come with the form's; the figures are the same in
    all languages, the texts are the knowledge base's in that language)."""
    t = translator(language)
    graph = catalogue.graph
    catalogue = localise(catalogue, language)
    order = {pid: i for i, pid in enumerate(graph.topological_order())}
    return {
        "format": REPORT_FORMAT,
        "catalogue_version": catalogue.version,
        "max_level": MAX_LEVEL,
        "held_back_below": HELD_BACK_BELOW,
        "rules": scale_data(language)["rules"],
        "sections": [{"id": sid, "title": title} for sid, title in catalogue.sections.items()],
        "practices": [
            {
                "id": p.id,
                "number": p.number,
                "title": p.title,
                "section": p.section,
                "elements": [e.id for e in p.elements],
                # the roadmap's inputs: direct prerequisites (held-back flags), every
                # practice it builds on directly or not (phases), how many build on it
                # (priority), and its place in the graph's topological order (phases are
                # laid in that order)
                "prerequisites": list(graph.predecessors(p.id)),
                "ancestors": sorted(graph.ancestors(p.id)),
                "dependants": len(graph.descendants(p.id)),
                "topo": order[p.id],
                "safeguards": [catalogue.safeguards.get(s.kind, s.kind) for s in p.safeguards],
                # for the requests and their letter (gapcheck-requests.js)
                "suggested": list(p.assistance),
                "element_texts": [e.text for e in p.elements],
            }
            for p in catalogue
        ],
        "assistance": catalogue.assistance,
        "source_title": catalogue.meta.source.title,
        "requests_header": t.gettext(HEADER),
        "languages": {code: t.gettext(name) for code, name in LANGUAGES.items()},
        # each consent in the letter's words ("Who may see this request: ...") and in the
        # status line's (`request new`), in the order the status line counts them
        "share_words": {str(s): t.gettext(words) for s, words in SHARE_WORDS.items()},
        "share_short": {str(s): t.gettext(words) for s, words in SHARE_SHORT.items()},
        "by_name": [str(s) for s in Share if s.by_name],
        # the older one switch: confidential: true reads as this consent, false as that
        "from_confidential": [str(share_from_confidential(flag)) for flag in (True, False)],
        "scale": [{"level": n, "words": t.gettext(words)} for n, words in SCALE.items()],
        # what to do first: the same count, threshold and words as gapcheck.first_steps
        "first_steps": {
            "actions": FIRST_ACTIONS,
            "low_coverage": LOW_COVERAGE,
            "rank_and_phase": t.gettext(RANK_AND_PHASE),
        },
    }


def report_json(catalogue: Catalogue, language: str = "en") -> str:
    """`report_data` as one line of JSON that is safe inside an HTML <script> element."""
    text = json.dumps(report_data(catalogue, language), ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text
