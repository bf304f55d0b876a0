"""Priorities in a requests file are the requesting State's own claim: a State can edit its
file and raise them. gapcheck cannot check them without the questionnaire, so every output of
`match` marks them as stated by the State (docs/capacity.md says why the Unit should check)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLES, ROOT, invoke

OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
MARK = "as stated by the requesting State"


def edited_requests(tmp_path: Path) -> tuple[Path, str]:
    """Arcadia's requests, with the lowest priority raised by hand to the highest possible."""
    path = tmp_path / "arcadia-requests.yaml"
    code, _, _ = invoke(
        "request", "new", EXAMPLES / "arcadia-2026.yaml", "-o", path, "--date", "2026-06-01"
    )
    assert code == 0
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    lowest = min(data["requests"], key=lambda r: r["priority"])
    assert lowest["priority"] < 25
    text = path.read_text(encoding="utf-8")
    before = f"id: {lowest['id']}\n"
    head, tail = text.split(before)
    tail = tail.replace(f"priority: {lowest['priority']}\n", "priority: 25.0\n", 1)
    path.write_text(head + before + tail, encoding="utf-8")
    assert yaml.safe_load(path.read_text())["requests"] != data["requests"]
    return path, lowest["id"]


@pytest.mark.parametrize("view", [[], ["--admin"]], ids=["donors", "admin"])
def test_an_edited_priority_is_marked_as_the_state_s_claim_in_every_output(
    tmp_path: Path, view: list[str]
) -> None:
    requests, edited = edited_requests(tmp_path)
    out = tmp_path / "matches"
    code, _, err = invoke("match", requests, *OFFERS, "-o", out, "--date", "2026-06-01", *view)
    assert code == 0, err
    data = json.loads((out / "matches.json").read_text(encoding="utf-8"))
    assert data["priorities"] == MARK
    rows = {r["request"]: r for r in [*data["matches"], *data["unmatched"]]}
    assert rows[edited]["priority"] == 25.0  # shown as the State gave it, and marked so
    table = list(csv.DictReader(io.StringIO((out / "matches.csv").read_text(encoding="utf-8"))))
    assert {r["priority_source"] for r in table} == {MARK}
    assert [r["priority"] for r in table if r["request"] == edited] == ["25.0"]
    md = (out / "matches.md").read_text(encoding="utf-8")
    assert "Priority, as stated by the State" in md
    flat = " ".join(md.split())
    assert "Priorities are as stated by the requesting State in its requests file" in flat
    [line] = [x for x in md.splitlines() if x.startswith(f"| {edited} |")]
    assert "| 25 |" in line


def test_a_priority_beyond_what_the_roadmap_gives_is_refused(tmp_path: Path) -> None:
    requests, _ = edited_requests(tmp_path)
    text = requests.read_text(encoding="utf-8").replace("priority: 25.0\n", "priority: 26\n")
    requests.write_text(text, encoding="utf-8")
    code, _, err = invoke("match", requests, *OFFERS, "-o", tmp_path / "out")
    assert code == 2
    assert "priority is the roadmap's, a number from 0 to 25, not 26" in err
    assert not (tmp_path / "out").exists()
