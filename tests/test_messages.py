"""The message catalogues: in step with the code, complete, placeholders kept, and used."""

from __future__ import annotations

import io
import json
import re

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from gapcheck.i18n import extract
from gapcheck.i18n.message_coverage import message_coverage
from gapcheck.i18n.messages import (
    catalogue_files,
    direction,
    output_language,
    pseudo_text,
    translator,
)
from gapcheck.models.translation import LANGUAGES
from gapcheck.render.environment import environment
from tests.i18n_support import english_left

_PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfir]|%[sdfir]|\{[^}]*\}")


def test_every_catalogue_has_exactly_the_strings_marked_in_the_code() -> None:
    problems = extract.out_of_step()
    assert not problems, "\n".join(problems[:40])


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated_and_keeps_its_placeholders(language: str) -> None:
    untranslated: list[str] = []
    broken: list[str] = []
    for area, text in catalogue_files(language):
        for m in read_po(io.StringIO(text), locale=language):
            if not m.id:
                continue
            ids = (m.id,) if isinstance(m.id, str) else tuple(m.id)
            strings = (m.string,) if isinstance(m.string, str) else tuple(m.string or ())
            if m.fuzzy or not all(strings):
                untranslated.append(f"{area}: {ids[0]!r}")
                continue
            wanted = set(_PLACEHOLDER.findall(ids[-1]))
            for s in strings:
                found = set(_PLACEHOLDER.findall(s))
                # a plural form may leave out the count (Chinese: one form for every n)
                unknown = found - set(_PLACEHOLDER.findall(" ".join(ids)))
                if unknown or (len(ids) == 1 and found != wanted):
                    broken.append(f"{area}: {ids[0]!r} -> {s!r}")
    assert not untranslated, "\n".join(untranslated[:40])
    assert not broken, "\n".join(broken[:40])


def test_each_area_owns_its_files() -> None:
    assert extract.area_of("src/gapcheck/templates/capacity/letter.md.j2") == "capacity"
    assert extract.area_of("src/gapcheck/templates/guidance/practice.md.j2") == "site"
    assert extract.area_of("site-overrides/assets/javascripts/gapcheck-form.js") == "form"
    assert extract.area_of("src/gapcheck/workbook/write.py") == "workbook"
    assert extract.area_of("src/gapcheck/templates/report.md.j2") == "reports"
    assert extract.area_of("tests/test_report.py") is None


def test_a_template_speaks_the_language_it_is_rendered_in() -> None:
    template = (
        '{% autoescape true %}{{ _("Summary") }} '
        '<b>{{ _("%(n)s of %(total)s", n=n, total="<25>") }}</b>{% endautoescape %}'
    )
    english = environment("en").from_string(template).render(n=3)
    assert english == "Summary <b>3 of &lt;25&gt;</b>"
    french = environment("fr").from_string(template).render(n=3)
    assert french.startswith(translator("fr").gettext("Summary"))
    assert french.startswith("Résumé")
    pseudo = environment("en-XA").from_string(template).render(n=3)
    assert "3" in pseudo and "&lt;25&gt;" in pseudo, "placeholders are filled and escaped"
    assert english_left(pseudo) == []
    assert environment("ar").globals["text_direction"] == "rtl"
    assert environment("zh").globals["lang"] == "zh"


def test_english_and_unknown_languages() -> None:
    assert translator("en").gettext("Summary") == "Summary"
    with pytest.raises(ValueError, match="unknown language"):
        translator("de")
    assert direction("ar") == "rtl" and direction("ar-XB") == "rtl" and direction("fr") == "ltr"
    assert output_language(None, None) == "en"
    assert output_language(None, "fr") == "fr"
    assert output_language("zh", "fr") == "zh"


# Text around the placeholder holds no markup of its own: a literal % in a message is %%,
# and a stray "<" or "{" would open markup the placeholder then falls inside.
@given(
    st.text(st.characters(blacklist_characters="%{}<>&;"), max_size=60),
    st.sampled_from(["%(name)s", "%(n)d", "{x}", "<b>", "&amp;"]),
)
def test_pseudo_text_keeps_placeholders_and_markup(text: str, keep: str) -> None:
    shown = pseudo_text("en-XA", f"{text}{keep}{text}")
    assert keep in shown
    assert english_left(shown) == []
    assert pseudo_text("ar-XB", keep).startswith("\u202e")


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_string_in_several_areas_has_one_translation(language: str) -> None:
    # At run time the areas are one catalogue: two translations of one string would leave
    # the choice to the order the files are read in.
    seen: dict[tuple[str, str | None], dict[str, str]] = {}
    for area, text in catalogue_files(language):
        for m in read_po(io.StringIO(text), locale=language):
            if m.id and isinstance(m.id, str):
                seen.setdefault((m.id, m.context), {})[area] = str(m.string)
    differ = {key: areas for key, areas in seen.items() if len(set(areas.values())) > 1}
    assert not differ, differ


_PO = """\
msgid ""
msgstr ""
"Language: fr\\n"

msgid "Summary"
msgstr "Résumé"

#, fuzzy
msgid "Level"
msgstr "Niveau"

msgid "Target"
msgstr ""

msgid "%(n)s request"
msgid_plural "%(n)s requests"
msgstr[0] "%(n)s demande"
msgstr[1] ""
"""


def test_message_coverage_counts_what_is_left_in_english() -> None:
    found = message_coverage("fr", [("reports", _PO)])
    assert (found.strings, found.translated) == (4, 1)
    assert found.untranslated == (
        "reports: Level",
        "reports: Target",
        "reports: %(n)s request",
    )
    assert found.percent == 25.0


def test_the_coverage_table_shows_the_message_catalogues() -> None:
    from click.testing import CliRunner

    from gapcheck.cli import cli

    result = CliRunner().invoke(cli, ["translations", "--lang", "zh"], catch_exceptions=False)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    row = lines[lines.index(next(x for x in lines if x.startswith("gapcheck's own words"))) + 2]
    shipped = message_coverage("zh")
    assert row.split() == ["zh", str(shipped.strings), str(shipped.strings), "0", "100.0%"]
    data = CliRunner().invoke(cli, ["translations", "--format", "json", "--missing"]).output
    assert [m["untranslated"] for m in json.loads(data)["messages"]] == [[]] * 5
