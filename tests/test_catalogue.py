"""The knowledge base against the Memorandum itself, and its cross-file checks."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gapcheck.catalogue import Catalogue, find_cycle, load_catalogue
from gapcheck.errors import InputError

from .conftest import FIXTURES

MEMORANDUM = (FIXTURES / "rome-memorandum.md").read_text(encoding="utf-8")


def _squash(text: str) -> str:
    return " ".join(text.split())


def official_statements() -> dict[int, str]:
    """The italic 'Good Practice Number N: ...' sentences, rejoined across page breaks."""
    text = re.sub(r"\*\s*\n\s*\n\s*\*", " ", MEMORANDUM)  # GP17's italics break over a page
    found = re.findall(r"\*Good Practice Number (\d+): (.+?)\*", text, flags=re.S)
    return {int(n): _squash(s).rstrip() for n, s in found}


def official_sections() -> dict[str, str]:
    return dict(re.findall(r"^#+ \*\*([A-E])\. (.+?)\*\*\s*$", MEMORANDUM, flags=re.M))


def test_memorandum_copy_is_the_shared_source() -> None:
    shared = Path(__file__).resolve().parents[2] / "shared" / "sources" / "rome-memorandum.md"
    if shared.exists():  # on a developer's machine; CI has only the copy
        assert shared.read_text(encoding="utf-8") == MEMORANDUM


def test_there_are_25_official_statements() -> None:
    assert sorted(official_statements()) == list(range(1, 26))


def test_every_statement_is_quoted_word_for_word(catalogue: Catalogue) -> None:
    official = official_statements()
    for p in catalogue:
        quoted = official[p.number]
        # the Memorandum puts GP17's full stop outside the italics
        if not quoted.endswith("."):
            quoted += "."
        assert _squash(p.statement) == quoted, p.id


def test_sections_match_the_memorandum_headings(catalogue: Catalogue) -> None:
    assert catalogue.sections == official_sections()


def test_each_practice_sits_under_its_heading(catalogue: Catalogue) -> None:
    headings = [
        (m.start(), m.group(1)) for m in re.finditer(r"^#+ \*\*([A-E])\.", MEMORANDUM, re.M)
    ]
    for p in catalogue:
        at = MEMORANDUM.index(f"Good Practice Number {p.number}:")
        section = [s for pos, s in headings if pos < at][-1]
        assert p.section == section, p.id
        assert p.source.endswith(f"Good Practice Number {p.number}")


def test_ids_are_consecutive_and_elements_belong_to_their_practice(catalogue: Catalogue) -> None:
    assert [p.id for p in catalogue] == [f"GP{n:02d}" for n in range(1, 26)]
    for p in catalogue:
        assert 3 <= len(p.elements) <= 9
        assert all(e.startswith(f"{p.id}.") for e in p.element_ids)
        assert len(set(p.element_ids)) == len(p.element_ids)
    # ids retired in 1.1 are never used again
    assert {"GP01.1", "GP01.5", "GP02.1", "GP18.2", "GP18.3", "GP21.2"}.isdisjoint(
        catalogue.elements
    )


def _argues_backwards(reason: str, prerequisite: str, dependant: str) -> bool:
    """A reason that makes the prerequisite the one relying on the dependant.

    An edge runs prerequisite -> dependant, so its reason says what the dependant needs.
    """
    text = " ".join(reason.split())
    relies = r"(?:(?:relies|depends|builds|rests|draws|leans) on|needs|requires)\b"
    gives = r"(?:gives|provides|supplies)\b"
    return bool(
        re.search(rf"\b{prerequisite}\b(?:'s)?(?: \w+)?,? {relies}", text)
        or re.search(rf"\b(?:[Tt]his practice|{dependant})\b {gives}", text)
    )


def test_every_reason_argues_for_the_dependant(catalogue: Catalogue) -> None:
    for p in catalogue:
        for d in p.depends_on:
            assert not _argues_backwards(d.reason, d.id, p.id), (p.id, d.id)
            assert d.id in d.reason, (p.id, d.id)  # names the practice relied upon


def test_the_backwards_check_catches_the_reasons_of_version_1_0() -> None:
    gp05_on_gp02 = (
        "GP02 relies on staff who behave humanely and positively towards inmates, and this "
        "practice gives staff the training to do so in the complex setting of extremist "
        "offenders."
    )
    assert _argues_backwards(gp05_on_gp02, "GP02", "GP05")
    forwards = "Housing choices need the individual assessments that GP03 produces."
    assert not _argues_backwards(forwards, "GP03", "GP04")


def test_required_safeguards_are_attached(catalogue: Catalogue) -> None:
    kinds = {p.id: {s.kind for s in p.safeguards} for p in catalogue}
    assert "legal-defence" in kinds["GP06"]
    assert "retaliation" in kinds["GP10"] & kinds["GP13"] & kinds["GP14"]
    assert "re-victimisation" in kinds["GP12"]
    assert "human-rights" in kinds["GP02"]
    # the safeguards the text calls for, added in catalogue 1.1
    assert {"human-rights", "voluntary-participation"} <= kinds["GP10"]
    assert {"human-rights", "proportionality"} <= kinds["GP04"]
    assert {"legal-basis", "proportionality"} <= kinds["GP22"]
    assert "human-rights" in kinds["GP03"]
    actors = {p.id: set(p.actors) for p in catalogue}
    assert {"law-enforcement", "judiciary"} <= actors["GP06"]
    assert "psychologists" in actors["GP03"]
    assert {"communities", "families"} <= actors["GP22"]
    assert {"cted-1624-survey", "iccpr"} <= set(catalogue.by_id["GP10"].related)
    for pid in ("GP03", "GP04", "GP06", "GP19"):
        assert "un-smr" in catalogue.by_id[pid].related, pid


def test_evidence_that_names_or_locates_people_is_held_securely(catalogue: Catalogue) -> None:
    secure = {p.id: [i.text for i in p.indicators if i.hold_securely] for p in catalogue}
    assert any("roster of participating scholars" in t for t in secure["GP10"])
    assert any("community figures" in t for t in secure["GP14"])
    assert any("victim" in t for t in secure["GP12"])
    assert any("relocating" in t for t in secure["GP21"])


def test_no_compliance_wording() -> None:
    for path in (FIXTURES.parent.parent / "practices").glob("*.yaml"):
        assert "complian" not in path.read_text(encoding="utf-8").lower(), path.name


def test_lookup_forgives_case_and_zero(catalogue: Catalogue) -> None:
    assert catalogue.practice("gp3").id == "GP03"
    assert catalogue.practice("GP03").id == "GP03"
    with pytest.raises(KeyError):
        catalogue.practice("GP99")


@pytest.mark.parametrize(
    ("edges", "cycle"),
    [
        ({"a": ["b"], "b": []}, None),
        ({"a": ["b"], "b": ["a"]}, ["a", "b"]),
        ({"a": ["b"], "b": ["c"], "c": ["b"]}, ["b", "c"]),
        ({"a": ["a"]}, ["a"]),
    ],
)
def test_find_cycle(edges: dict[str, list[str]], cycle: list[str] | None) -> None:
    assert find_cycle(edges) == cycle


def _errors(root: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_catalogue(root)
    return [str(p) for p in info.value.problems]


def test_cycle_is_named(practices_copy: Path) -> None:
    gp01 = practices_copy / "GP01.yaml"
    gp01.write_text(
        gp01.read_text().replace(
            "depends_on: []",
            "depends_on:\n  - id: GP25\n    reason: Lessons from other fields shape the goals.",
        )
    )
    (msg,) = _errors(practices_copy)
    assert msg.startswith(f"{gp01}:")
    assert "dependency cycle: GP01 depends on GP25 depends on GP01" in msg


def test_every_problem_of_every_file_is_reported(practices_copy: Path) -> None:
    for name, old, new in [
        ("GP02.yaml", "number: 2", "number: two"),
        ("GP05.yaml", "section: B", "section: Q"),
        ("GP07.yaml", "title:", "colour: blue\ntitle:"),
    ]:
        f = practices_copy / name
        f.write_text(f.read_text().replace(old, new, 1))
    msgs = _errors(practices_copy)
    assert any(
        "GP02.yaml:3:9: number: write a whole number (e.g. 3); found 'two'" in m for m in msgs
    )
    assert any("GP05.yaml:4:10: unknown section 'Q'" in m for m in msgs)
    assert any("GP07.yaml:5:1: unknown key 'colour'" in m for m in msgs)
    assert len(msgs) == 3, msgs  # a broken file is not reported again as a missing dependency


def test_missing_practice_breaks_numbering(practices_copy: Path) -> None:
    (practices_copy / "GP03.yaml").unlink()
    msgs = _errors(practices_copy)
    assert any("missing GP03" in m for m in msgs)
    assert any("depends on GP03, which does not exist" in m for m in msgs)
