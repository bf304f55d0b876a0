"""How the README's console examples are checked; test_install.py runs them all, in order,
from an empty folder, with gapcheck installed from its wheel."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.readme_tour import console_steps, run_tour


def test_the_tour_checks_what_it_shows(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(
        "```console\n$ gapcheck validate\nOK: .../practices: 26 practices\n```\n",
        encoding="utf-8",
    )
    try:
        run_tour(tmp_path, Path(sys.executable).parent, console_steps(readme))
    except AssertionError as e:
        assert "not printed as the README shows: 'OK: .../practices: 26 practices'" in str(e)
    else:
        raise AssertionError("a wrong output line went unnoticed")


def test_make_test_says_how_to_run_without_a_browser() -> None:
    def dry_run(*args: str) -> str:
        return subprocess.run(
            ["make", "-n", *args], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout

    without = 'pytest -n 2 -p no:cacheprovider -m "not browser and not office"'
    assert without in dry_run("test", "BROWSER=0")
    assert "not browser" not in dry_run("test")
    # LibreOffice Calc is installed for the workbook test, or the way to get it is said
    assert "libreoffice-calc-nogui" in dry_run("office")
    assert "no LibreOffice needed" in dry_run("office", "BROWSER=0")
    install = dry_run("chromium", "CHROMIUM=/nonexistent/chromium")
    assert "apt-get install -y -qq --no-install-recommends chromium" in install
    assert "make test BROWSER=0" in install
