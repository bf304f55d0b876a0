"""The translation commands end to end: translations, translations template, validate,
practices show/list --lang, schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from gapcheck.catalogue import load_catalogue
from gapcheck.i18n.hashing import source_hash
from gapcheck.i18n.messages import translator
from gapcheck.i18n.pseudo import accented
from tests.conftest import invoke
from tests.translation_support import (
    english_field_count,
    knowledge_base,
    position,
    write_overlays,
)


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return knowledge_base(tmp_path)


def _row(table: str, language: str) -> list[str]:
    line = next(line for line in table.splitlines() if line.startswith(f"{language} "))
    return line.split()


@pytest.mark.slow
def test_the_coverage_table(kb: Path) -> None:
    write_overlays(kb, "fr")
    write_overlays(kb, "zh", fill=None)
    code, out, err = invoke("--practices", kb, "translations")
    assert code == 0, err
    n = english_field_count(kb)
    assert out.splitlines()[0].split() == [
        "language", "fields", "translated", "stale", "missing", "percent", "reviewed",
    ]  # fmt: skip
    assert _row(out, "fr") == ["fr", str(n), str(n), "0", "0", "100.0%", "no"]
    assert _row(out, "zh") == ["zh", str(n), "0", "0", str(n), "0.0%", "no"]
    knowledge_base = out.split("\n\n")[0]  # the message catalogues' table follows
    assert [line.split()[0] for line in knowledge_base.splitlines()[1:]] == [
        "ar", "es", "fr", "ru", "zh",
    ]  # fmt: skip


def test_missing_entries_are_listed_at_their_positions(kb: Path) -> None:
    write_overlays(kb, "es")
    gp02 = kb / "i18n" / "es" / "GP02.yaml"
    cat = load_catalogue(kb)
    title = cat.by_id["GP02"].title
    text = gp02.read_text(encoding="utf-8").replace(f'"{accented(title)}"', '""', 1)
    gp02.write_text(text, encoding="utf-8")
    (kb / "i18n" / "es" / "GP04.yaml").unlink()
    code, out, _ = invoke("--practices", kb, "translations", "--lang", "es", "--missing")
    assert code == 0
    line, col = position(text, r"^title:", "{")
    assert f"{gp02}:{line}:{col}: title: not translated yet" in out
    gp04 = kb / "i18n" / "es" / "GP04.yaml"
    expected = 3 + 2 * len(cat.by_id["GP04"].elements) + len(cat.by_id["GP04"].indicators)
    expected += len(cat.by_id["GP04"].safeguards) + len(cat.by_id["GP04"].depends_on)
    assert out.count(f"{gp04}: ") == expected  # a file to write: no line to name
    assert f"es: {expected + 1} to translate or update" in out
    assert "fr " not in out  # only the language asked for


@pytest.mark.slow
def test_coverage_as_json_and_markdown(kb: Path, tmp_path: Path) -> None:
    write_overlays(kb, "ar")
    code, out, _ = invoke("--practices", kb, "translations", "-f", "json", "--missing")
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "translation-coverage"
    rows = {row["language"]: row for row in data["languages"]}
    n = english_field_count(kb)
    assert rows["ar"]["translated"] == n and rows["ar"]["todo"] == []
    assert rows["ru"]["missing"] == len(rows["ru"]["todo"]) == n
    first = rows["ru"]["todo"][0]
    assert first["state"] == "missing" and first["line"] is None
    assert first["source"] == source_hash(first["english"])
    md = tmp_path / "coverage.md"
    code, _, err = invoke("--practices", kb, "translations", "-o", md)
    assert code == 0, err
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# Translation coverage")
    assert f"| ar | {n} | {n} | 0 | 0 | 100.0% | no |" in text
    # the same command replaces its own earlier output
    code, _, err = invoke("--practices", kb, "translations", "-o", md)
    assert code == 0, err


def test_template_writes_then_updates_the_files(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "work"
    code, _, err = invoke("--practices", kb, "translations", "template", "ru", "-o", out)
    assert code == 0, err
    files = sorted(p.name for p in (out / "ru").iterdir())
    assert files == sorted([*(p.name for p in kb.glob("GP*.yaml")), "catalogue.yaml"])
    gp09 = out / "ru" / "GP09.yaml"
    assert gp09.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=../../../.schemas/practice-translation.json\n"
    )
    data = yaml.safe_load(gp09.read_text(encoding="utf-8"))
    data["title"]["text"] = "Заголовок"
    gp09.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = invoke("--practices", kb, "translations", "template", "ru", "-o", out)
    assert code == 0, err
    again = gp09.read_text(encoding="utf-8")
    assert yaml.safe_load(again)["title"]["text"] == "Заголовок"
    assert "# en: " in again  # the English comments come back


def test_template_refuses_to_lose_a_file_it_cannot_read(kb: Path, tmp_path: Path) -> None:
    out = tmp_path / "work"
    assert invoke("--practices", kb, "translations", "template", "fr", "-o", out).exit_code == 0
    broken = out / "fr" / "GP01.yaml"
    broken.write_text("my notes: [unfinished\n", encoding="utf-8")
    gp02 = out / "fr" / "GP02.yaml"
    gp02.unlink()
    code, _, err = invoke("--practices", kb, "translations", "template", "fr", "-o", out)
    assert code == 2
    assert f"{broken}:2:1: invalid YAML" in err or f"{broken}:1:" in err, err
    assert "add --force to replace it" in err
    assert err.rstrip().endswith("nothing was written.")
    assert not gp02.exists()  # all or nothing
    code, _, err = invoke("--practices", kb, "translations", "template", "fr", "-o", out, "--force")
    assert code == 0, err
    assert yaml.safe_load(broken.read_text(encoding="utf-8"))["practice"] == "GP01"


def test_template_never_writes_into_the_knowledge_base(kb: Path) -> None:
    code, _, err = invoke("--practices", kb, "translations", "template", "fr", "-o", kb / "i18n")
    assert code == 2
    assert "inside the knowledge base" in err
    assert not (kb / "i18n").exists()


def test_validate_warns_of_stale_translations_without_failing(kb: Path) -> None:
    write_overlays(kb, "fr")
    gp03 = kb / "GP03.yaml"
    text = gp03.read_text(encoding="utf-8")
    gp03.write_text(text.replace("title: Intake, assessment", "title: Intake, screening", 1))
    code, _, err = invoke("--practices", kb, "validate")
    assert code == 0, err
    overlay = kb / "i18n" / "fr" / "GP03.yaml"
    line, col = position(overlay.read_text(encoding="utf-8"), r"^title:", "source")
    assert f"{overlay}:{line}:{col + 8}: title: stale translation" in err
    assert "OK: translations into fr" in err
    assert "1 stale translation (warnings, not errors)" in err
    code, _, err = invoke("--practices", kb, "validate", overlay)
    assert code == 0
    assert f"OK: {overlay} is a valid translation file" in err
    assert f"{overlay}:{line}:{col + 8}: title: stale translation" in err


def test_validate_fails_on_an_unknown_id(kb: Path) -> None:
    write_overlays(kb, "zh")
    overlay = kb / "i18n" / "zh" / "GP05.yaml"
    text = overlay.read_text(encoding="utf-8").replace("  GP05.1:", "  GP05.42:", 1)
    overlay.write_text(text, encoding="utf-8")
    line, col = position(text, r"^  GP05\.42:", "GP05.42")
    for args in (["validate"], ["validate", str(overlay)]):
        code, out, err = invoke("--practices", kb, *args)
        assert code == 2
        assert out == ""
        assert err.startswith(f"{overlay}:{line}:{col}: elements: unknown element of GP05"), err
        assert err.rstrip().endswith("1 problem found.")


def test_practices_show_in_another_language(kb: Path) -> None:
    write_overlays(kb, "fr")
    cat = load_catalogue(kb)
    gp03 = cat.by_id["GP03"]
    code, out, _ = invoke("--practices", kb, "practices", "show", "GP03", "--lang", "fr")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"GP03  {accented(gp03.title)}"
    t = translator("fr")  # the headings speak the language too
    official = lines.index(t.gettext("Official text (English):"))
    unofficial = lines.index(
        t.gettext("Unofficial translation; the English text is authoritative.")
    )
    assert official < unofficial
    shown_statement = " ".join(" ".join(lines[official + 1 : unofficial]).split())
    assert f'"{gp03.statement}"' in shown_statement
    assert accented(gp03.elements[0].question)[:30] in " ".join(out.split())
    code, english, _ = invoke("--practices", kb, "practices", "show", "GP03")
    assert "Official text" not in english and "Unofficial" not in english
    assert english.splitlines()[0] == f"GP03  {gp03.title}"


def test_practices_in_a_language_without_translations(kb: Path) -> None:
    code, out, _ = invoke("--practices", kb, "practices", "show", "3", "--lang", "ar")
    assert code == 0
    t = translator("ar")
    assert t.gettext("Official text (English):") in out
    assert t.gettext("(not translated yet)") in out
    code, out, _ = invoke("--practices", kb, "practices", "list", "--lang", "ar", "-f", "json")
    assert code == 0
    english = invoke("--practices", kb, "practices", "list", "-f", "json").stdout
    assert json.loads(out) == json.loads(english)
    code, _, err = invoke("--practices", kb, "practices", "show", "3", "--lang", "de")
    assert code == 2
    assert re.search(r"'de' is not one of", err), err


def test_the_schemas_of_translation_files(tmp_path: Path) -> None:
    for kind, key in (("practice-translation", "practice"), ("catalogue-translation", "sections")):
        out = tmp_path / f"{kind}.json"
        code, _, err = invoke("schema", kind, "-o", out)
        assert code == 0, err
        schema = json.loads(out.read_text(encoding="utf-8"))
        assert schema["$id"] == f"urn:gapcheck:schema:{kind}"
        assert key in schema["properties"]
        assert schema["additionalProperties"] is False


@pytest.mark.slow
def test_the_site_builds_with_translation_files_beside_the_practices(
    kb: Path, tmp_path: Path
) -> None:
    from gapcheck.guidance.build import build_site

    write_overlays(kb, "fr")
    write_overlays(kb, "ar", fill=None)
    # the two languages given translation files here (English is always built)
    site = build_site(tmp_path / "site", practices=kb, languages=("fr", "ar")).site_dir
    cat = load_catalogue(kb)
    assert len(list((site / "practices").glob("gp*.html"))) == len(cat)
    page = (site / "practices" / "gp03.html").read_text(encoding="utf-8")
    assert cat.by_id["GP03"].title in page  # the site itself is in English until it is translated
