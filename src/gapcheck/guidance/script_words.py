"""The words the form page's scripts show, in a language, shipped with the page's data.

The scripts (site-overrides/assets/javascripts/) write their strings in English and mark them
`t("...")` and `tn("one", "many", n)`; extraction puts them in the `form` catalogue, with the
script as their place. The page gets only those strings, translated by the same catalogues as
everything else (i18n.messages.translator): msgid -> text, and for a plural msgid -> {CLDR
plural category -> text}, since the browser picks a plural form with Intl.PluralRules, which
names categories where gettext numbers forms. English ships nothing: the scripts' strings are
English already.
"""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from gapcheck.i18n.messages import SOURCE_LANGUAGE, catalogue_files, translator
from gapcheck.models.translation import LANGUAGES

SCRIPTS = "site-overrides/assets/javascripts/"
# The CLDR plural categories, in the order Babel numbers gettext's forms.
_CATEGORIES = ("zero", "one", "two", "few", "many", "other")


@cache
def script_strings() -> tuple[tuple[str, str | None], ...]:
    """(msgid, plural msgid or None) of every string the scripts mark, from the `form`
    catalogue (every language's lists the same strings; the first is read)."""
    from babel.messages.pofile import read_po

    for language in LANGUAGES:
        for area, text in catalogue_files(language):
            if area != "form":
                continue
            found: list[tuple[str, str | None]] = []
            for m in read_po(io.StringIO(text), locale=language):
                if not m.id or not any(path.startswith(SCRIPTS) for path, _ in m.locations):
                    continue
                ids = (m.id, None) if isinstance(m.id, str) else (m.id[0], m.id[1])
                found.append(ids)
            return tuple(found)
    return ()


def _samples(language: str) -> dict[str, int]:
    """A whole number of each plural category of `language`, the smallest."""
    from babel import Locale

    rule = Locale.parse(language.split("-", maxsplit=1)[0]).plural_form
    samples: dict[str, int] = {}
    for n in range(0, 1000):
        samples.setdefault(rule(n), n)
    return {c: samples[c] for c in _CATEGORIES if c in samples}


def script_messages(language: str) -> dict[str, Any]:
    """msgid -> the page's text, for every string of the scripts (none for English)."""
    if language == SOURCE_LANGUAGE:
        return {}
    t = translator(language)
    samples = _samples(language)
    out: dict[str, Any] = {}
    for msgid, plural in script_strings():
        if plural is None:
            out[msgid] = t.gettext(msgid)
        else:
            forms = {c: t.ngettext(msgid, plural, n) for c, n in samples.items()}
            # "other" is for fractions in some languages (Russian): never asked of a count,
            # but the script falls back on it
            forms.setdefault("other", forms[next(reversed(forms))])
            out[msgid] = forms
    return out
