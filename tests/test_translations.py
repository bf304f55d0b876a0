"""Translation overlays as a library: loading, staleness, localise, coverage, skeletons."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.errors import InputError
from gapcheck.i18n.content import LocalisedPractice, language_of, localise
from gapcheck.i18n.coverage import coverage
from gapcheck.i18n.fields import all_fields
from gapcheck.i18n.files import template_targets
from gapcheck.i18n.hashing import source_hash
from gapcheck.i18n.overlays import load_translations
from gapcheck.i18n.pseudo import PDF, RLO, accented, right_to_left
from gapcheck.i18n.status import State, statuses
from gapcheck.models.translation import LANGUAGES
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.scoring import Assessment, score
from gapcheck.writes import write_all
from tests.conftest import EXAMPLES, PRACTICES
from tests.translation_support import (
    english_field_count,
    knowledge_base,
    position,
    write_overlays,
)

TITLE_GP03 = "title: Intake, assessment and classification"


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return knowledge_base(tmp_path)


def _edit(path: Path, old: str, new: str) -> str:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


# ------------------------------------------------------------------------ hashes


def test_the_hash_is_of_the_nfc_text() -> None:
    composed, decomposed = "Caf\u00e9", "Cafe\u0301"
    assert source_hash(decomposed) == source_hash(composed)
    assert source_hash(composed) == hashlib.sha256("Café".encode()).hexdigest()[:12]


def test_hashes_are_of_the_english_as_yaml_reads_it(catalogue: Catalogue) -> None:
    """As the translators' skeletons computed them: from the text YAML gives (after folding)."""
    raw = yaml.safe_load((PRACTICES / "GP01.yaml").read_text(encoding="utf-8"))
    fields = {f.loc: f for f in all_fields(catalogue)["GP01"]}
    want = {
        ("statement",): raw["statement"],
        ("summary",): raw["summary"],
        ("elements", raw["elements"][0]["id"], "question"): raw["elements"][0]["question"],
        ("indicators", 1): raw["indicators"][1],
        ("safeguards", 0): raw["safeguards"][0]["text"],
    }
    for loc, english in want.items():
        nfc = unicodedata.normalize("NFC", english).encode("utf-8")
        assert fields[loc].source == hashlib.sha256(nfc).hexdigest()[:12], loc


# ----------------------------------------------------------- templates and coverage


def test_a_filled_template_covers_everything(kb: Path) -> None:
    cat = write_overlays(kb, "fr")
    (row,) = coverage(cat, load_translations(cat), ["fr"])
    n = english_field_count(kb)
    assert (row.fields, row.translated, row.stale, row.missing) == (n, n, 0, 0)
    assert row.percent == 100.0
    assert row.files == row.expected_files == len(list(kb.glob("GP*.yaml"))) + 1
    assert row.reviewed == "no"
    assert row.todo == ()


def test_a_blank_template_is_all_missing(kb: Path) -> None:
    cat = write_overlays(kb, "es", fill=None)
    es, fr = coverage(cat, load_translations(cat), ["es", "fr"])
    n = english_field_count(kb)
    assert (es.translated, es.stale, es.missing, es.files) == (0, 0, n, len(cat) + 1)
    # no folder at all: missing too, every file to be written
    assert (fr.translated, fr.missing, fr.files) == (0, n, 0)
    assert {s.path.parent for s in fr.todo} == {kb / "i18n" / "fr"}


def test_coverage_counts_a_mix(kb: Path) -> None:
    cat = write_overlays(kb, "ru")
    folder = kb / "i18n" / "ru"
    # two entries emptied, one removed, three made stale by hand
    gp01 = folder / "GP01.yaml"
    text = gp01.read_text(encoding="utf-8").splitlines()
    title = next(i for i, line in enumerate(text) if line.startswith("title:"))
    summary = next(i for i, line in enumerate(text) if line.startswith("summary:"))
    text[title] = 'title: {source: "000000000000", text: "Vieux titre"}'
    text[summary] = text[summary].split(", text:")[0] + ', text: ""}'
    gp01.write_text("\n".join(text) + "\n", encoding="utf-8")
    data = yaml.safe_load((folder / "catalogue.yaml").read_text(encoding="utf-8"))
    data["sections"]["A"]["text"] = ""
    data["sections"]["B"]["source"] = "ffffffffffff"
    data["actors"]["victims"]["name"]["source"] = "aaaaaaaaaaaa"
    del data["actors"]["families"]
    (folder / "catalogue.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    (row,) = coverage(cat, load_translations(cat), ["ru"])
    n = english_field_count(kb)
    assert (row.stale, row.missing) == (3, 3)
    assert row.translated == n - 6
    assert row.percent == int(1000 * (n - 6) / n) / 10
    assert len(row.todo) == 6


def test_reviews_are_counted_per_file(kb: Path) -> None:
    cat = write_overlays(kb, "zh")
    _edit(
        kb / "i18n" / "zh" / "GP02.yaml",
        "reviewed_by: []",
        "reviewed_by:\n  - {name: Li Wei, role: prison psychologist, date: 2026-11-02}\n#",
    )
    (row,) = coverage(cat, load_translations(cat), ["zh"])
    assert row.reviewed_files == 1
    assert row.reviewed == f"1 of {len(cat) + 1} files"


def test_the_template_keeps_what_is_translated(kb: Path, tmp_path: Path) -> None:
    cat = load_catalogue(kb)
    out = tmp_path / "work"
    write_all(template_targets(cat, "fr", out, fill=accented))
    gp05 = out / "fr" / "GP05.yaml"
    english_title = cat.by_id["GP05"].title
    text = gp05.read_text(encoding="utf-8")
    text = text.replace(f'text: "{accented(english_title)}"', 'text: "Mon titre"', 1)
    text = text.replace(
        "reviewed_by: []", "reviewed_by: [{name: A. B., role: judge, date: 2026-10-01}]\n#"
    )
    gp05.write_text(text, encoding="utf-8")
    (out / "fr" / "GP06.yaml").unlink()
    targets = {Path(t.path).name: t for t in template_targets(cat, "fr", out)}
    kept = yaml.safe_load(targets["GP05.yaml"].content)
    assert kept["title"]["text"] == "Mon titre"
    assert kept["reviewed_by"][0]["role"] == "judge"
    assert targets["GP05.yaml"].merged  # read back before it is replaced
    fresh = yaml.safe_load(targets["GP06.yaml"].content)
    assert fresh["title"] == {"source": source_hash(cat.by_id["GP06"].title), "text": ""}
    assert not targets["GP06.yaml"].merged


def test_the_template_starts_from_the_knowledge_base_overlays(kb: Path, tmp_path: Path) -> None:
    cat = write_overlays(kb, "ar", fill=right_to_left)
    targets = template_targets(cat, "ar", tmp_path / "elsewhere")
    gp07 = next(t for t in targets if t.path.endswith("GP07.yaml"))
    data = yaml.safe_load(gp07.content)
    assert data["summary"]["text"] == right_to_left(cat.by_id["GP07"].summary)


# ---------------------------------------------------------------- staleness


def test_an_english_edit_makes_its_translation_stale(kb: Path) -> None:
    write_overlays(kb, "fr")
    _edit(kb / "GP03.yaml", TITLE_GP03, "title: Intake and classification of new inmates")
    cat = load_catalogue(kb)
    translations = load_translations(cat)
    stale = [s for s in statuses(cat, translations, "fr") if s.state is State.STALE]
    assert [(s.field.file, s.field.loc) for s in stale] == [("GP03", ("title",))]
    overlay = kb / "i18n" / "fr" / "GP03.yaml"
    problem = stale[0].problem()
    line, col = position(overlay.read_text(encoding="utf-8"), r"^title:", "source")
    assert (problem.path, problem.line, problem.col) == (str(overlay), line, col + 8)
    assert "stale" in problem.message
    assert source_hash("Intake and classification of new inmates") in problem.message
    localised = localise(cat, "fr", translations)
    assert localised.by_id["GP03"].title == "Intake and classification of new inmates"
    assert localised.by_id["GP03"].summary == accented(cat.by_id["GP03"].summary)


def test_fallback_is_field_by_field(kb: Path) -> None:
    write_overlays(kb, "fr")
    cat = load_catalogue(kb)
    gp01 = kb / "i18n" / "fr" / "GP01.yaml"
    first = cat.by_id["GP01"].elements[0]
    _edit(gp01, f'text: "{accented(first.text)}"', 'text: ""')
    _edit(gp01, f'source: "{source_hash(cat.by_id["GP01"].summary)}"', 'source: "0123456789ab"')
    data = yaml.safe_load((kb / "i18n" / "fr" / "catalogue.yaml").read_text(encoding="utf-8"))
    del data["assistance"]["funding"]["description"]
    (kb / "i18n" / "fr" / "catalogue.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    p = localise(cat, "fr").by_id["GP01"]
    english = cat.by_id["GP01"]
    assert p.elements[0].text == first.text  # missing
    assert p.elements[0].question == accented(first.question)
    assert p.summary == english.summary  # stale
    assert p.title == accented(english.title)
    assert p.elements[1].text == accented(english.elements[1].text)
    meta = localise(cat, "fr").meta
    funding = next(a for a in meta.assistance if a.id == "funding")
    original = next(a for a in cat.meta.assistance if a.id == "funding")
    assert funding.name == accented(original.name)
    assert funding.description == original.description


def test_the_official_statement_is_never_replaced(kb: Path) -> None:
    write_overlays(kb, "es")
    cat = load_catalogue(kb)
    localised = localise(cat, "es")
    for english, p in zip(cat, localised, strict=True):
        assert isinstance(p, LocalisedPractice)
        assert p.statement == english.statement
        assert p.unofficial_statement == accented(english.statement)
        assert p.title == accented(english.title)
        assert p.language == "es"
    assert language_of(localised) == "es"
    assert language_of(cat) == "en"
    # no translation: nothing labelled unofficial
    untranslated = localise(cat, "ru")
    assert all(
        isinstance(p, LocalisedPractice) and p.unofficial_statement is None for p in untranslated
    )
    assert [p.title for p in untranslated] == [p.title for p in cat]


def _numbers(a: Assessment) -> list[object]:
    return [
        a.overall,
        a.answered,
        a.total,
        [(s.id, s.level, s.assessed) for s in a.sections],
        [(p.id, p.status, p.level, p.target, p.gap, [e.level for e in p.elements])
         for p in a.practices],
    ]  # fmt: skip


@pytest.mark.parametrize("language", LANGUAGES)
def test_scores_and_fingerprint_do_not_depend_on_the_language(kb: Path, language: str) -> None:
    fill: Callable[[str], str] = right_to_left if language == "ar" else accented
    cat = write_overlays(kb, language, fill=fill)
    localised = localise(cat, language)
    assert localised.fingerprint == cat.fingerprint
    assert localised.version == cat.version
    assert localised.practices[0].title != cat.practices[0].title  # translated indeed
    for example in sorted(EXAMPLES.glob("*.yaml")):
        q = load_questionnaire_file(example, cat)
        assert _numbers(score(q, localised)) == _numbers(score(q, cat)), example.name


def test_english_is_the_catalogue_itself(catalogue: Catalogue) -> None:
    assert localise(catalogue, "en") is catalogue
    # the pseudo-languages show the English content; a catalogue in a language stays so
    assert localise(catalogue, "en-XA") is catalogue
    french = localise(catalogue, "fr")
    assert localise(french, "fr") is french
    with pytest.raises(ValueError, match="unknown language"):
        localise(catalogue, "de")


# -------------------------------------------------------------- pseudo-locales


@pytest.mark.parametrize(
    "english",
    [
        "Goals, objectives and indicators",
        "Are the programme's goals set out in a written document that is kept up to date?",
    ],
)
def test_the_accented_pseudo_locale(english: str) -> None:
    pseudo = accented(english)
    assert 1.35 <= len(pseudo) / len(english) <= 1.5
    assert not any("a" <= c.lower() <= "z" for c in pseudo), pseudo  # no English letter left
    assert pseudo.startswith("[") and pseudo.endswith("]")


def test_the_right_to_left_pseudo_locale() -> None:
    pseudo = right_to_left("Prison context")
    assert pseudo == f"{RLO}Prison context{PDF}"
    assert unicodedata.bidirectional(pseudo[0]) == "RLO"


# ------------------------------------------------------------ positioned errors

# (file, the text to replace, its replacement, the line to find, the token there,
#  what the message says)
BAD = {
    "unknown-key": ("GP03", "status: unofficial", "status: unofficial\ncolour: blue",
                    r"^colour:", "colour", "unknown key 'colour'"),
    "unknown-element": ("GP03", "  GP03.1:", "  GP03.99:",
                        r"^  GP03\.99:", "GP03.99", "unknown element of GP03 'GP03.99'"),
    "language": ("GP03", "language: fr", "language: de",
                 r"^language:", "de", "language: 'de' is not allowed here"),
    "other-language": ("GP03", "language: fr", "language: es",
                       r"^language:", "es", "language 'es' in a file of the 'fr' folder"),
    "practice": ("GP03", "practice: GP03", "practice: GP04",
                 r"^practice:", "GP04", "practice GP04 in the file GP03.yaml"),
    "hash": ("GP03", "title: {source: \"", "title: {source: \"g",
             r"^title:", "\"g", "title.source: "),
    "dependency": ("GP04", "depends_on:", "depends_on:\n  GP22: {source: \"0123456789ab\"}",
                   r"^  GP22:", "GP22", "GP04 does not depend on 'GP22'"),
    "indicators": ("GP03", "safeguards:", "  - {source: \"0123456789ab\", text: x}\nsafeguards:",
                   r"0123456789ab", "{", "indicators but the English GP03 has"),
    "actor": ("catalogue", "  victims:", "  victimes:",
              r"^  victimes:", "victimes", "actors: unknown id 'victimes'"),
    "description": ("catalogue", "  prison-officers:\n",
                    "  prison-officers:\n    description: {source: \"0123456789ab\"}\n",
                    r"^    description: \{source: \"0123", "description",
                    "prison-officers has no English description"),
    "review": ("GP03", "reviewed_by: []", "reviewed_by: [{name: X, date: 2026-13-01}]\n#",
               r"^reviewed_by:", "{", "reviewed_by[0]"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_a_mistake_is_reported_at_its_position(kb: Path, case: str) -> None:
    key, old, new, line_pattern, token, fragment = BAD[case]
    cat = write_overlays(kb, "fr")
    path = kb / "i18n" / "fr" / f"{key}.yaml"
    text = _edit(path, old, new)
    line, col = position(text, line_pattern, token)
    with pytest.raises(InputError) as caught:
        load_translations(cat)
    first = caught.value.problems[0]
    assert str(first).startswith(f"{path}:{line}:{col}: "), (str(first), line, col)
    assert fragment in first.message, first.message


def test_a_folder_that_is_no_language_is_refused(kb: Path) -> None:
    cat = write_overlays(kb, "fr")
    (kb / "i18n" / "fr").rename(kb / "i18n" / "en")
    (kb / "i18n" / "GP01.yaml").write_text("language: fr\n", encoding="utf-8")
    (kb / "i18n" / "es").mkdir()
    (kb / "i18n" / "es" / "GP99.yaml").write_text("language: es\npractice: GP99\n", "utf-8")
    (kb / "i18n" / "es" / "notes.yaml").write_text("language: es\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_translations(cat)
    messages = {Path(p.path).name: p.message for p in caught.value.problems}
    assert "'en' is not a language gapcheck translates into" in messages["en"]
    assert "in a folder named after their language" in messages["GP01.yaml"]
    assert "there is no practice GP99" in messages["GP99.yaml"]
    assert "not a translation file name" in messages["notes.yaml"]


def test_an_unquoted_hash_of_digits_is_read_as_written(kb: Path) -> None:
    """YAML reads 123456789012 as a number and 012345670123 as an octal one."""
    cat = write_overlays(kb, "fr", fill=None)
    path = kb / "i18n" / "fr" / "GP02.yaml"
    text = path.read_text(encoding="utf-8").splitlines()
    t = next(i for i, line in enumerate(text) if line.startswith("title:"))
    s = next(i for i, line in enumerate(text) if line.startswith("summary:"))
    text[t] = "title: {source: 123456789012, text: Titre}"
    text[s] = "summary: {source: 012345670123, text: Résumé}"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    overlay = load_translations(cat).overlays("fr")["GP02"]
    assert overlay.entry(("title",)) is not None
    assert overlay.entry(("title",)).source == "123456789012"  # type: ignore[union-attr]
    assert overlay.entry(("summary",)).source == "012345670123"  # type: ignore[union-attr]


def test_the_overlays_in_the_knowledge_base_load(catalogue: Catalogue) -> None:
    """Whatever translations practices/i18n holds load without error, and each language
    keeps the English statements."""
    translations = load_translations(catalogue)
    for language in translations.by_language:
        localised = localise(catalogue, language, translations)
        assert [p.statement for p in localised] == [p.statement for p in catalogue]
        assert localised.fingerprint == catalogue.fingerprint
