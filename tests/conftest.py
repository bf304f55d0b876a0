"""Shared fixtures: the shipped catalogue, a CLI runner, and a writable copy of practices/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue, load_catalogue

ROOT = Path(__file__).resolve().parents[1]
PRACTICES = ROOT / "practices"
EXAMPLES = ROOT / "questionnaires" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(PRACTICES)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def practices_copy(tmp_path: Path) -> Path:
    """A writable copy of practices/ for tests that break it on purpose."""
    dest = tmp_path / "practices"
    shutil.copytree(PRACTICES, dest)
    return dest
