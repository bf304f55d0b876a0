"""gapcheck reads its catalogues itself (gapcheck.i18n.po); Babel, which writes them, is the
oracle: the same table, entry by entry, for every shipped catalogue and for the corners of
the format."""

from __future__ import annotations

import gettext
import io

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po as babel_read_po
from babel.support import Translations

from gapcheck.i18n.messages import catalogue_files
from gapcheck.i18n.po import read_po, translations
from gapcheck.models.values import OUTPUT_LANGUAGES


def _babel(language: str, texts: list[str]) -> gettext.GNUTranslations:
    first: Translations | None = None
    for n, text in enumerate(texts):
        catalogue = babel_read_po(io.StringIO(text), locale=language, domain=f"d{n}")
        buffer = io.BytesIO()
        write_mo(buffer, catalogue)
        buffer.seek(0)
        compiled = Translations(buffer, domain=f"d{n}")
        if first is None:
            first = compiled
        else:
            first.merge(compiled)
    assert first is not None
    return first


def _table(t: gettext.GNUTranslations) -> dict[object, str]:
    return {k: v for k, v in t._catalog.items() if k != ""}  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", [lang for lang in OUTPUT_LANGUAGES if lang != "en"])
def test_every_shipped_catalogue_reads_as_babel_reads_it(language: str) -> None:
    texts = [text for _, text in catalogue_files(language)]
    ours, babel = translations([read_po(t) for t in texts]), _babel(language, texts)
    assert _table(ours) == _table(babel)
    assert len(_table(ours)) > 500
    for n in range(0, 120):
        assert ours.plural(n) == babel.plural(n), n  # type: ignore[attr-defined]


CORNERS = r"""# Translations
msgid ""
msgstr ""
"Project-Id-Version: gapcheck\n"
"Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && "
"n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n"

#: a.py
msgid "plain"
msgstr "простой"

#, fuzzy
msgid "fuzzy one"
msgstr "не тот"

#, python-format, fuzzy
msgid "fuzzy %(n)s"
msgstr "не тот %(n)s"

msgid "empty"
msgstr ""

msgctxt "answer"
msgid "yes"
msgstr "да"

msgid "%(num)d file"
msgid_plural "%(num)d files"
msgstr[0] "%(num)d файл"
msgstr[1] "%(num)d файла"
msgstr[2] "%(num)d файлов"

msgid "half"
msgid_plural "halves"
msgstr[0] "одна"
msgstr[1] ""
msgstr[2] ""

msgid ""
"a long \"quoted\" line\n"
"and a back\\slash\tand tab"
msgstr ""
"длинная \"строка\"\n"
"и обратная\\черта\tи табуляция"

#~ msgid "gone"
#~ msgstr "ушло"
"""


def test_the_corners_of_the_format_read_as_babel_reads_them() -> None:
    ours, babel = translations([read_po(CORNERS)]), _babel("ru", [CORNERS])
    assert _table(ours) == _table(babel)
    assert ours.gettext("plain") == "простой"
    assert ours.gettext("fuzzy one") == "fuzzy one"  # fuzzy: English
    assert ours.gettext("empty") == "empty"
    assert ours.pgettext("answer", "yes") == "да"
    assert [ours.ngettext("%(num)d file", "%(num)d files", n) for n in (1, 3, 5, 21)] == [
        "%(num)d файл", "%(num)d файла", "%(num)d файлов", "%(num)d файл",
    ]  # fmt: skip
    # a form left empty: English
    assert [ours.ngettext("half", "halves", n) for n in (1, 2)] == ["одна", "halves"]
    assert ours.gettext('a long "quoted" line\nand a back\\slash\tand tab').startswith("длинная")
    assert ours.gettext("gone") == "gone"


def test_a_line_that_is_not_the_format_is_refused() -> None:
    with pytest.raises(ValueError, match="not a line"):
        read_po('msgid "a"\nmsgstr "b"\nnonsense\n')
