"""The one walk over language folders that the knowledge base's i18n/ and docs/i18n/ share."""

from __future__ import annotations

from pathlib import Path

from gapcheck.errors import Problem, Problems
from gapcheck.i18n.folders import language_folders
from gapcheck.i18n.overlays import load_translations
from tests.translation_support import knowledge_base, write_overlays


def test_language_folders_yields_languages_and_hands_on_the_rest(tmp_path: Path) -> None:
    for name in ("zh", "fr", "de", ".git"):
        (tmp_path / name).mkdir()
    for name in ("README.md", "es.yaml", ".DS_Store"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    seen: list[str] = []

    def stray(path: Path) -> Problem | None:
        seen.append(path.name)
        return None if path.name == "README.md" else Problem(str(path), None, None, "stray")

    problems = Problems()
    found = [p.name for p in language_folders(tmp_path, problems, stray)]
    assert found == ["fr", "zh"]
    assert seen == ["README.md", "de", "es.yaml"]  # hidden names are never looked at
    assert [Path(p.path).name for p in problems.found] == ["de", "es.yaml"]


def test_no_folder_no_languages(tmp_path: Path) -> None:
    (tmp_path / "i18n").write_text("a file, not a folder", encoding="utf-8")
    problems = Problems()

    def stray(path: Path) -> Problem:
        return Problem(str(path), None, None, "stray")

    assert list(language_folders(tmp_path / "none", problems, stray)) == []
    assert list(language_folders(tmp_path / "i18n", problems, stray)) == []
    assert not problems


def test_overlays_pass_over_notes_and_hidden_files_beside_the_languages(tmp_path: Path) -> None:
    kb = knowledge_base(tmp_path)
    cat = write_overlays(kb, "fr")
    written = {p.stem for p in (kb / "i18n" / "fr").glob("*.yaml")}
    (kb / "i18n" / "README.md").write_text("How to translate\n", encoding="utf-8")
    (kb / "i18n" / ".git").mkdir()
    assert written and set(load_translations(cat).overlays("fr")) == written
