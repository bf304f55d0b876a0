"""The site's public overview of the example questionnaires (see docs/overview.md).

Built for the public audience with the default minimum group; with only a few example States
every group is too small and the page says so, which is the rules working, not a fault.
"""

from __future__ import annotations

from collections.abc import Sequence

from gapcheck.catalogue import Catalogue
from gapcheck.i18n.messages import N_, SOURCE_LANGUAGE, translator
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.build import build_overview
from gapcheck.overview.disclosure import Audience, Policy
from gapcheck.render.overview import render_overview

OVERVIEW = "overview-of-examples.md"
INTRO = N_(
    "This page is what `gapcheck overview --audience public` makes of the example "
    "questionnaires published on this site (fictional States). A figure for a group of "
    "States is shown only when enough States stand behind it; with a handful of examples, "
    'most or all figures are marked "not shown": that is the disclosure rules at work.'
)


def overview_page(
    catalogue: Catalogue,
    questionnaires: Sequence[Questionnaire],
    language: str = SOURCE_LANGUAGE,
) -> str:
    """The page in `language`; `catalogue` is already in it (its titles are shown)."""
    # Only questionnaires that are not confidential ever reach the site, opt-in or not.
    shown = [q for q in questionnaires if not q.confidential]
    data = build_overview(shown, catalogue, Policy(Audience.PUBLIC))
    text = render_overview(data, "md", language)
    title, _, rest = text.partition("\n")
    return f"{title}\n\n{translator(language).gettext(INTRO)}\n{rest}"
