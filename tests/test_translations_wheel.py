"""The translation files ship in the wheel, as the practices they translate do."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_install import NOT_COPIED
from tests.translation_support import write_overlays

SHIPPED = "gapcheck/shipped/practices/"
DOCS = "gapcheck/shipped/docs/"


@pytest.mark.slow
def test_the_wheel_carries_every_translation_file(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    write_overlays(source / "practices", "fr")  # at least one language, whatever is there
    page = source / "docs" / "i18n" / "fr" / "limits.md"  # a translated hand-written page
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text("---\ntranslation_of: limits.md\n---\n# Limites {#limits-and-safety}\n")
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(dist), str(source)], check=True)
    wheel = next(dist.glob("gapcheck-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        names = {n.removeprefix(SHIPPED) for n in archive.namelist() if n.startswith(SHIPPED)}
    i18n = source / "practices" / "i18n"
    expected = {p.relative_to(source / "practices").as_posix() for p in i18n.rglob("*.yaml")}
    assert "i18n/fr/GP01.yaml" in expected
    assert expected <= names, sorted(expected - names)[:5]
    # the knowledge base itself is still there beside them
    assert {"catalogue.yaml", "GP01.yaml", "GP25.yaml"} <= names
    with zipfile.ZipFile(wheel) as archive:
        docs = {n.removeprefix(DOCS) for n in archive.namelist() if n.startswith(DOCS)}
    pages = {p.relative_to(source / "docs").as_posix() for p in (source / "docs").rglob("*.md")}
    assert "i18n/fr/limits.md" in pages
    assert pages <= docs, sorted(pages - docs)[:5]
