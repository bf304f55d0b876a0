"""The front matter of a translated hand-written page: docs/i18n/<lang>/<page>.md.

The page itself is Markdown; only its header is data, checked like every other input file
(see docs/translations.md, "The hand-written pages in six languages").
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from gapcheck.models.base import Strict, Text
from gapcheck.models.translation import Review, SourceHash


class PageTranslation(Strict):
    """Which English page this translates, and from which version of it (`source`)."""

    translation_of: Text
    source: SourceHash
    status: Literal["unofficial"]
    reviewed_by: list[Review] = Field(default_factory=list)
