"""Knowledge bases with translation overlays made on the fly, for the translation tests.

The real overlays (practices/i18n/) are left out of these copies: each test writes its own,
with a pseudo-locale, so that what it expects does not depend on the translators' progress.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.i18n.pseudo import accented
from gapcheck.i18n.template import Fill, template_files
from tests.conftest import PRACTICES


def knowledge_base(tmp_path: Path) -> Path:
    """A copy of practices/ without any overlay."""
    root = tmp_path / "practices"
    shutil.copytree(PRACTICES, root, ignore=shutil.ignore_patterns("i18n"))
    return root


def write_overlays(root: Path, language: str, fill: Fill | None = accented) -> Catalogue:
    """Every overlay file of `language`, each text made by `fill` (None: left empty)."""
    catalogue = load_catalogue(root)
    folder = root / "i18n" / language
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in template_files(catalogue, language, fill=fill).items():
        (folder / name).write_text(text, encoding="utf-8")
    return catalogue


def english_field_count(root: Path) -> int:
    """The translatable fields, counted from the English files with nothing of gapcheck's:
    per practice its title, statement and summary, each element's text and question, each
    indicator, safeguard and dependency; in the catalogue each section, each name and each
    description."""
    total = 0
    for path in sorted(root.glob("GP*.yaml")):
        p = yaml.safe_load(path.read_text(encoding="utf-8"))
        total += 3 + 2 * len(p["elements"]) + len(p["indicators"])
        total += len(p.get("safeguards") or []) + len(p.get("depends_on") or [])
    c = yaml.safe_load((root / "catalogue.yaml").read_text(encoding="utf-8"))
    total += len(c["sections"])
    for group in ("actors", "assistance", "instruments", "safeguards"):
        total += sum(1 + bool(item.get("description")) for item in c[group])
    return total


def position(text: str, line_pattern: str, token: str) -> tuple[int, int]:
    """(line, column), 1-based, of `token` on the first line matching `line_pattern`."""
    for n, line in enumerate(text.splitlines(), 1):
        if re.search(line_pattern, line):
            return n, line.index(token) + 1
    raise AssertionError(f"no line matches {line_pattern!r}")
