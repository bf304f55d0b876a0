"""What `gapcheck validate` says about translations.

Errors (exit status 2) for what cannot be right: an unknown key or id, a wrong language, a
file named for another practice, a hash that is not 12 hex digits. Warnings, without failing,
for stale entries: a change to the English text must not break the knowledge base for
everyone until every translator has caught up, and the outputs already fall back to English
for those fields.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from gapcheck.i18n.overlays import Translations, load_overlay, load_translations
from gapcheck.i18n.status import State, stale_warnings, statuses
from gapcheck.models.translation import LANGUAGES

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.errors import Problem


def check_translations(catalogue: Catalogue) -> tuple[Translations, list[Problem]]:
    """Every overlay of the knowledge base, and a warning per stale entry (InputError for
    errors)."""
    translations = load_translations(catalogue)
    return translations, stale_warnings(catalogue, translations)


def is_translation(data: Any) -> bool:
    """Whether a YAML mapping is a translation overlay (by its header)."""
    return isinstance(data, dict) and "language" in data and "status" in data


def check_translation_file(path: str | Path, catalogue: Catalogue) -> list[Problem]:
    """One overlay file on its own: InputError for errors, a warning per stale entry."""
    path = Path(path)
    folder = path.parent.name
    overlay = load_overlay(path, catalogue, folder if folder in LANGUAGES else None)
    single = Translations(path.parent.parent, {overlay.language: {overlay.key: overlay}})
    return [
        s.problem()
        for s in statuses(catalogue, single, overlay.language)
        if s.overlay is overlay and s.state is State.STALE
    ]
