"""One site built from examples that carry confidential markers and script payloads.

Three sets of tests read it: test_site_build (a confidential State's marker reaches no built
file), test_injection (a shared State's payloads are published inert, a confidential one's
not at all), and every test of the offline site (conftest's `offline_site`: searching,
links, the switcher, the form from a folder), which need no particular examples. Each used
to build every language on its own, the costliest step of each; one offline build from both
sets of examples serves them all, and gives each leak test more hostile examples to check,
not fewer. Every language is built: a leak could come from any. The offline build is the
one with every kind of file the online one has (pages, search index, downloads) and its own
search index written as a script besides.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner

from gapcheck.cli import cli
from tests.conftest import EXAMPLES

# test_site_build's markers, in the shipped examples (Norland is confidential)
CONFIDENTIAL = "CONFIDENTIAL-MARKER-5f3a9c"
SHARED = "SHARED-5f3a9c"


def write_examples(folder: Path) -> None:
    """The shipped examples with markers, and test_injection's two planted questionnaires."""
    from tests.test_injection import MARK, PUBLIC, plant

    shutil.copytree(EXAMPLES, folder)
    secret = folder / "norland-2026.yaml"
    text = secret.read_text(encoding="utf-8")
    assert "confidential: true" in text
    text = text.replace('state: "Kingdom of Norland"', f'state: "Kingdom of {CONFIDENTIAL}"')
    text = text.replace('notes: ""', f'notes: "{CONFIDENTIAL} in a note"', 1)
    secret.write_text(text, encoding="utf-8")
    shared = folder / "arcadia-2026.yaml"
    shared.write_text(
        shared.read_text(encoding="utf-8").replace(
            'state: "Republic of Arcadia"', f'state: "Republic of Arcadia {SHARED}"'
        ),
        encoding="utf-8",
    )
    for name, source, marker, confidential, title in (
        ("secret", EXAMPLES / "norland-2026.yaml", MARK, True, "Grand Duchy"),
        ("shared", EXAMPLES / "arcadia-2026.yaml", PUBLIC, False, "Free City"),
    ):
        data = plant(source, marker, confidential, title)
        (folder / f"{name}.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )


def build(out: Path) -> None:
    """`gapcheck site build --offline --examples FOLDER -o OUT`, every language."""
    examples = out.parent / "examples"
    write_examples(examples)
    build = ["site", "build", "--offline", "-o", str(out), "--examples", str(examples)]
    result = CliRunner().invoke(cli, build, catch_exceptions=False)
    assert result.exit_code == 0, result.output
