"""The knowledge base in one language: `localise`."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from gapcheck.i18n.fields import CATALOGUE_KEY, GROUPS, Loc
from gapcheck.i18n.messages import PSEUDO_LANGUAGES
from gapcheck.i18n.overlays import load_translations
from gapcheck.i18n.status import statuses
from gapcheck.models.catalogue import CatalogueFile, Practice
from gapcheck.models.translation import LANGUAGES

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.i18n.overlays import Translations

SOURCE_LANGUAGE = "en"
UNOFFICIAL_NOTE = "Unofficial translation; the English text is authoritative."


class LocalisedPractice(Practice):
    """A practice with its texts in `language` where a fresh translation exists.

    `statement` is always the official English text; its unofficial translation, when there
    is a fresh one, is `unofficial_statement`.
    """

    language: str = SOURCE_LANGUAGE
    unofficial_statement: str | None = None


def languages() -> tuple[str, ...]:
    """English, then the languages an overlay can be written in."""
    return (SOURCE_LANGUAGE, *LANGUAGES)


def language_of(catalogue: Catalogue) -> str:
    first = catalogue.practices[0] if catalogue.practices else None
    return first.language if isinstance(first, LocalisedPractice) else SOURCE_LANGUAGE


def localise(
    catalogue: Catalogue, language: str, translations: Translations | None = None
) -> Catalogue:
    """`catalogue` with every translatable field in `language`, field by field: a fresh
    translation where there is one, the English text where it is missing or stale.

    Ids, numbers, sections and the order of everything stay as they are, so scores and the
    catalogue's fingerprint are the same in every language. `translations` defaults to the
    overlays beside the knowledge base (InputError if one of them is wrong).

    The one place that decides what a language shows of the knowledge base: English, the
    pseudo-languages (which have no content of their own) and the catalogue's own language
    take the catalogue as it is; a site page in French offers the same downloads as the
    English one, made from the catalogue it was given.
    """
    if language in (SOURCE_LANGUAGE, *PSEUDO_LANGUAGES) or language == language_of(catalogue):
        return catalogue
    if language != SOURCE_LANGUAGE and language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {languages()}")
    if language == SOURCE_LANGUAGE:
        texts: dict[str, dict[Loc, str]] = {}
    else:
        if translations is None:
            translations = load_translations(catalogue)
        texts = {}
        for s in statuses(catalogue, translations, language):
            texts.setdefault(s.field.file, {})[s.field.loc] = s.text
    practices = tuple(_practice(p, texts.get(p.id, {}), language) for p in catalogue)
    meta = _meta(catalogue.meta, texts.get(CATALOGUE_KEY, {}))
    return replace(catalogue, meta=meta, practices=practices, by_id={p.id: p for p in practices})


def _practice(p: Practice, t: dict[Loc, str], language: str) -> LocalisedPractice:
    # model_construct: the translated texts are not re-validated against the English rules
    # (a title's length, a question ending in '?' rather than '？' or '؟')
    def get(loc: Loc, english: str) -> str:
        return t.get(loc, english)

    statement = get(("statement",), p.statement)
    values = dict(p)
    values.update(
        title=get(("title",), p.title),
        summary=get(("summary",), p.summary),
        elements=[
            e.model_copy(
                update={
                    "text": get(("elements", e.id, "text"), e.text),
                    "question": get(("elements", e.id, "question"), e.question),
                }
            )
            for e in p.elements
        ],
        indicators=[
            i.model_copy(update={"text": get(("indicators", n), i.text)})
            for n, i in enumerate(p.indicators)
        ],
        safeguards=[
            s.model_copy(update={"text": get(("safeguards", n), s.text)})
            for n, s in enumerate(p.safeguards)
        ],
        depends_on=[
            d.model_copy(update={"reason": get(("depends_on", d.id), d.reason)})
            for d in p.depends_on
        ],
    )
    return LocalisedPractice.model_construct(
        **values,
        language=language,
        unofficial_statement=statement if statement != p.statement else None,
    )


def _meta(meta: CatalogueFile, t: dict[Loc, str]) -> CatalogueFile:
    if not t:
        return meta
    update: dict[str, object] = {
        "sections": [
            s.model_copy(update={"title": t.get(("sections", s.id), s.title)})
            for s in meta.sections
        ]
    }
    for group in GROUPS:
        update[group] = [
            item.model_copy(
                update={
                    "name": t.get((group, item.id, "name"), item.name),
                    "description": t.get((group, item.id, "description"), item.description),
                }
            )
            for item in getattr(meta, group)
        ]
    return meta.model_copy(update=update)
