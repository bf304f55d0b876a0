"""The overview's own sentences in the reader's language.

The overview's data (gapcheck.overview.build) keeps its sentences in English: the JSON and
CSV files are language-neutral, for scripts. The Markdown and HTML pages show them in the
reader's language: each English sentence the data can hold (with its minimum group filled
in) is replaced by its translation; a State's own words (its region) are never translated.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gapcheck.i18n.messages import N_, SOURCE_LANGUAGE, translator
from gapcheck.overview.build import RULES, UNIT_RULES
from gapcheck.overview.demand import PROVIDER_GROUPS
from gapcheck.overview.disclosure import AUDIENCE_NOTICE, REASON_TEXT
from gapcheck.overview.groups import ALL_STATES, NOT_GIVEN, OTHER

AUDIENCE_NAME = {"public": N_("public"), "members": N_("members"), "unit": N_("unit")}
PROVIDER_TYPE = {"state": N_("state"), "organisation": N_("organisation")}
_SENTENCES = (
    *AUDIENCE_NOTICE.values(),
    *REASON_TEXT.values(),
    *RULES,
    *UNIT_RULES,
    *PROVIDER_GROUPS.values(),
    ALL_STATES,
    OTHER,
    NOT_GIVEN,
)
# The keys of the data whose values are the overview's own sentences; everything else
# (titles from the knowledge base, regions and names from the States' files) is left alone.
_KEYS = frozenset({"notice", "rules", "reason", "group", "region", "provider"})


def overview_in(data: Mapping[str, Any], language: str) -> dict[str, Any]:
    """A copy of `data` with its own sentences in `language`; the figures are the same."""
    if language == SOURCE_LANGUAGE:
        return dict(data)
    gettext = translator(language).gettext
    k = data["min_group"]
    words = {english.format(k=k): gettext(english).format(k=k) for english in _SENTENCES}
    out: dict[str, Any] = _replaced(data, words, False)
    return out


def _replaced(value: Any, words: Mapping[str, str], own: bool) -> Any:
    if isinstance(value, str):
        return words.get(value, value) if own else value
    if isinstance(value, Mapping):
        return {k: _replaced(v, words, own or k in _KEYS) for k, v in value.items()}
    if isinstance(value, list):
        return [_replaced(v, words, own) for v in value]
    return value
