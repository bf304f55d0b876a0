"""Every input error a user can meet, in the pseudo-language `en-XA`: the requests and offers
files, the limits, the YAML reader, the knowledge base's own checks, an output that would
replace another file, a file of the wrong kind, every explanation of a wrong value. What is
left in plain English is only what the file holds, quoted back, and the file's own keys and
values; the positions, the exit status and what is (not) written are those of English."""

from __future__ import annotations

import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pydantic_core.core_schema import ErrorType

from gapcheck.errors import MAX_PROBLEMS, Message
from gapcheck.i18n.messages import terminal_language, translator
from gapcheck.models.capacity import OffersFile, RequestsFile, RequestStatus, Share
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.plain_errors import explain
from gapcheck.yamlio import MAX_BYTES
from tests.conftest import invoke
from tests.i18n_support import english_left
from tests.test_plain_errors import REFUSALS

ROOT = Path(__file__).resolve().parent.parent
OFFERS = ROOT / "offers" / "examples" / "meridia-justice.yaml"
QUESTIONNAIRE = ROOT / "questionnaires" / "examples" / "arcadia-2026.yaml"

# A file's own vocabulary, written in English in every language: the steps of a request, who
# may see it, a provider's type, the keys a file may hold.
FILE_WORDS = [
    "requested, matched, agreed, delivered, followed-up",
    "unit, providers, members or public",
    "state, organisation",
]

GOOD_REQUESTS = """\
catalogue_version: "1.0"
requests:
  - id: arcadia-2026-03-16-gp03
    state: Republic of Arcadia
    practice: GP03
    target: 3
    kinds: [training]
    history: [{status: requested, date: 2026-03-16}]
"""

BAD_REQUESTS = """\
catalogue_version: "1.0"
requests:
  - id: arcadia-2026-03-16-gp03
    state: Republic of Arcadia
    practice: GP99
    target: 3
    level: 7
    kinds: [trainin]
    priority: 99
    share: everyone
    history:
      - {status: requested, date: 2026-03-16}
  - id: Arcadia 2026
    state: Republic of Arcadia
    practice: GP03
    target: 3
    elements: [{id: GP03.99, level: 1, target: 3}]
    kinds: [training]
    history: [{status: requested, date: 2026-03-16}]
"""
REQUESTS_QUOTED = ["GP99", "trainin", "training", "everyone", "Arcadia 2026", "GP03.99"]

BAD_OFFERS = """\
offers:
  - id: norland-training
    practices: [GP03]
    sections: [Q]
    kinds: [training]
    capacity: lots
    window: {from: 2026-12-01, to: 2026-01-01}
  - id: norland-visits
    practices: [GP04]
    kinds: [study-visits]
    languages: [en, Klingonese]
    window: soon
"""
OFFERS_QUOTED = ["lots", "soon", "Klingonese", "norland-training", "norland-visits"]

# The YAML reader's own checks, all in one file (none stops the others)
BAD_YAML = (
    "offers:\n"
    "  - id: a\n"
    "    id: b\n"  # a duplicate key
    f"    {'k' * 201}: 1\n"  # a key too long
    "    kinds: !!python/name:os.system x\n"  # a tag
    "    <<: {note: x}\n"  # a merge key
    "    capacity: !!int many\n"  # a value that is not what its tag says
)


@pytest.fixture
def requests(tmp_path: Path) -> Path:
    """A good requests file, to go with the bad offers."""
    good = tmp_path / "good-requests.yaml"
    good.write_text(GOOD_REQUESTS, encoding="utf-8")
    return good


def _accented_and_english(
    args: list[str | Path], outputs: list[Path], pseudo_by: str = "--lang"
) -> tuple[list[str], list[str]]:
    """stderr's lines in English and in en-XA (by --lang, or the terminal's language), each
    run refused with exit 2 and nothing written."""
    english = invoke(*args, env={"LANG": "C.UTF-8", "LANGUAGE": None})
    if pseudo_by == "--lang":
        accented = invoke(*args, "--lang", "en-XA", env={"LANG": "C.UTF-8", "LANGUAGE": None})
    else:
        accented = invoke(*args, env={"LANG": "C.UTF-8", "LANGUAGE": "en_XA"})
    for ran in (english, accented):
        assert ran.exit_code == 2, ran.stderr
        assert not any(out.exists() for out in outputs)
    return english.stderr.splitlines(), accented.stderr.splitlines()


def _positions(lines: list[str]) -> list[str]:
    return [line.split(": ", 1)[0] for line in lines[:-1]]


def _no_english_left(english: list[str], accented: list[str], allowed: list[str]) -> None:
    assert len(english) == len(accented) > 1
    assert _positions(accented) == _positions(english)
    for line, before in zip(accented, english, strict=True):
        assert line != before
        message = line.split(": ", 1)[1] if ": " in line else line
        assert english_left(message, [*allowed, *FILE_WORDS]) == [], line


def test_a_bad_requests_file_speaks_the_pseudo_language(tmp_path: Path) -> None:
    bad = tmp_path / "requests.yaml"
    bad.write_text(BAD_REQUESTS, encoding="utf-8")
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", bad, "--offers", OFFERS, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert len(english) >= 7
    _no_english_left(english, accented, [str(bad), *REQUESTS_QUOTED])


def test_a_bad_offers_file_speaks_the_pseudo_language(tmp_path: Path, requests: Path) -> None:
    bad = tmp_path / "offers.yaml"
    bad.write_text(BAD_OFFERS, encoding="utf-8")
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", requests, "--offers", bad, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert len(english) >= 5
    _no_english_left(english, accented, [str(bad), *OFFERS_QUOTED])


def test_requests_given_as_offers_are_refused_in_the_pseudo_language(
    tmp_path: Path, requests: Path
) -> None:
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", OFFERS, "--offers", requests, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert any("this looks like an offers file" in line for line in english)
    _no_english_left(english, accented, [str(OFFERS), str(requests)])


def test_the_yaml_readers_checks_speak_the_pseudo_language(tmp_path: Path, requests: Path) -> None:
    bad = tmp_path / "offers.yaml"
    bad.write_text(BAD_YAML, encoding="utf-8")
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", requests, "--offers", bad, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert len(english) == 6
    tag = "python/name:os.system"
    _no_english_left(english, accented, [str(bad), "'many'", tag, "'k" + "k" * 200])


def test_more_problems_than_the_limit_speak_the_pseudo_language(
    tmp_path: Path, requests: Path
) -> None:
    bad = tmp_path / "offers.yaml"
    offers = "".join(
        f"  - {{id: o{i}, practices: [GP03], kinds: [training], capacity: lots}}\n"
        for i in range(MAX_PROBLEMS + 20)
    )
    bad.write_text("offers:\n" + offers, encoding="utf-8")
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", requests, "--offers", bad, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert len(english) == MAX_PROBLEMS + 2  # the note that there are more, and the count
    assert "more problems than these" in english[-2]
    _no_english_left(english, accented, [str(bad), "lots"])


def test_a_file_over_the_size_limit_is_refused_in_the_pseudo_language(tmp_path: Path) -> None:
    big = tmp_path / "requests.yaml"
    big.write_text("# " + "x" * MAX_BYTES + "\nrequests: []\n", encoding="utf-8")
    out = tmp_path / "out"
    args: list[str | Path] = ["match", "--requests", big, "--offers", OFFERS, "-o", out]
    english, accented = _accented_and_english(args, [out])
    assert "larger than 5 MB" in english[0]
    _no_english_left(english, accented, [str(big)])


def test_a_file_of_the_wrong_kind_is_refused_in_the_pseudo_language(tmp_path: Path) -> None:
    pdf = tmp_path / "q.yaml"
    pdf.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    out = tmp_path / "q.md"
    english, accented = _accented_and_english(["report", pdf, "-o", out], [out])
    assert "this is a PDF document, not a YAML file" in english[0]
    _no_english_left(english, accented, [str(pdf)])


def test_an_output_gapcheck_did_not_write_is_kept_in_the_pseudo_language(
    tmp_path: Path,
) -> None:
    mine = tmp_path / "notes.md"
    mine.write_text("My own notes, not a report.\n", encoding="utf-8")
    english = invoke("report", QUESTIONNAIRE, "-o", mine)
    accented = invoke("report", QUESTIONNAIRE, "-o", mine, "--lang", "en-XA")
    for ran in (english, accented):
        assert ran.exit_code == 2
        assert mine.read_text(encoding="utf-8") == "My own notes, not a report.\n"
    assert "add --force to replace it" in english.stderr
    _no_english_left(english.stderr.splitlines(), accented.stderr.splitlines(), [str(mine)])


def _damage(practices: Path) -> None:
    """A question without its question mark (GP02); a wrong number and an element of another
    practice (GP04); an unknown section and a dependency on no practice (GP05)."""
    gp02 = practices / "GP02.yaml"
    text = gp02.read_text(encoding="utf-8")
    text = text.replace("safe and secure, for inmates and staff alike?", "safe for all", 1)
    gp02.write_text(text, encoding="utf-8")
    gp04 = practices / "GP04.yaml"
    text = gp04.read_text(encoding="utf-8")
    text = text.replace("number: 4\n", "number: 9\n", 1)
    text = re.sub(r"(?m)^  - id: GP04\.(\d+)$", r"  - id: GP06.\1", text, count=1)
    gp04.write_text(text, encoding="utf-8")
    gp05 = practices / "GP05.yaml"
    text = gp05.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^section: \w", "section: Z", text, count=1)
    text = re.sub(r"(?m)^depends_on:\n  - id: GP\d\d", "depends_on:\n  - id: GP77", text, count=1)
    gp05.write_text(text, encoding="utf-8")


def test_a_damaged_knowledge_base_speaks_the_pseudo_language(practices_copy: Path) -> None:
    _damage(practices_copy)
    args: list[str | Path] = ["--practices", practices_copy, "validate"]
    english, accented = _accented_and_english(args, [], pseudo_by="terminal")
    assert len(english) >= 6
    quoted = [str(practices_copy), "'Z'", "GP77"]
    _no_english_left(english, accented, quoted)


def test_the_pseudo_language_can_be_the_terminals() -> None:
    assert terminal_language({"LANGUAGE": "en_XA"}) == "en-XA"
    assert terminal_language({"LC_ALL": "ar_XB.UTF-8"}) == "ar-XB"
    assert terminal_language({"LANG": "en_US.UTF-8"}) == "en"


def _keys(model: type[BaseModel], seen: set[str]) -> set[str]:
    """Every key a file of `model` may hold, at any depth."""
    for name, field in model.model_fields.items():
        seen.add(field.alias or name)
        for inner in _models_in(field.annotation):
            if inner.__name__ not in seen:
                seen.add(inner.__name__)
                _keys(inner, seen)
    return seen


def _models_in(annotation: object) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]


KEYS = set().union(*(_keys(m, set()) for m in (Questionnaire, OffersFile, RequestsFile)))
# a file's words: its keys, a provider's type, the steps of a request
FILE_VOCABULARY = KEYS | {"state", "organisation", "followed-up", "followed", "up"}
FILE_VOCABULARY |= {str(s) for s in RequestStatus} | {str(s) for s in Share}


def _a_files_words(phrase: str) -> bool:
    return all(w in FILE_VOCABULARY for w in re.split(r"[ ,'-]+", phrase) if w != "or")


@pytest.mark.parametrize("kind", sorted({case.split()[0] for case, _ in REFUSALS}))
def test_every_explanation_of_a_wrong_value_is_marked(kind: str) -> None:
    """The walk of tests/test_plain_errors.py (every key of every file given every kind of
    wrong value), said in en-XA: nothing is left in English but the wrong value, a
    character's Unicode name, YAML examples ({from: ..., to: ...}) and the file's own words."""
    t = translator("en-XA")
    left: dict[str, str] = {}
    for case, message in REFUSALS:
        if not case.startswith(kind):
            continue
        assert isinstance(message, Message), (case, message)
        accented = re.sub(r"\{[^{}]*\}", " ", message.said(t.gettext))
        wrong = [q for q in re.findall(r"'([^']*)'", case) if len(q) > 2]
        quoted = [*wrong, *(q.upper() for q in wrong), "ZERO WIDTH SPACE"]
        for phrase in english_left(accented, quoted):
            if not _a_files_words(phrase):
                left.setdefault(phrase, f"{case}: {accented}")
    assert left == {}


@pytest.mark.parametrize("kind", typing.get_args(ErrorType))
def test_every_pydantic_error_type_is_said_in_the_pseudo_language(kind: str) -> None:
    """Each explanation (and the catch-all, for the types no model raises today) is marked:
    in en-XA nothing but the value quoted back is left in English."""
    t = translator("en-XA")
    ctx = {"pattern": "^[a-z]+$", "expected": "'a' or 'b'", "min_length": 2, "max_length": 9}
    ctx |= {"ge": 0, "le": 4, "gt": 0, "lt": 4, "error": "a programmer's words"}
    for value in [None, True, 3, 2.5, "some words", [1], {"a": 1}]:
        err: Any = {
            "type": kind,
            "loc": ("practices", "GP01", "notes"),
            "msg": "Input should be something",
            "input": value,
            "ctx": ctx,
        }
        if kind in ("value_error", "assertion_error"):
            continue  # gapcheck's own validators' words: the walk above reads them
        message = explain(err)
        assert isinstance(message, Message), (kind, value)
        assert english_left(message.said(t.gettext), ["some words"]) == [], (kind, value)


@pytest.mark.parametrize(
    ("status", "when", "english_words"),
    [
        ("requested", "2026-03-20", "is already 'requested'; nothing to do"),
        ("delivered", "2026-03-20", "its next step can only be 'matched'"),
        ("matched", "2026-03-01", "is before the last step"),
    ],
)
def test_a_step_a_request_cannot_take_is_refused_in_the_pseudo_language(
    requests: Path, status: str, when: str, english_words: str
) -> None:
    before = requests.read_bytes()
    args: list[str | Path] = ["request", "update", requests, "arcadia-2026-03-16-gp03"]
    args += ["--status", status, "--date", when]
    english, accented = _accented_and_english(args, [], pseudo_by="terminal")
    assert english_words in english[0]
    _no_english_left(english, accented, [str(requests), *FILE_WORDS, "matched"])
    assert requests.read_bytes() == before


def test_an_output_option_gapcheck_refuses_is_said_in_the_pseudo_language(tmp_path: Path) -> None:
    """A refusal of an option goes through click, which adds its own words around ours."""
    pdf = tmp_path / "report.pdf"
    english = invoke("report", QUESTIONNAIRE, "-o", pdf)
    accented = invoke("report", QUESTIONNAIRE, "-o", pdf, "--lang", "en-XA")
    assert english.exit_code == accented.exit_code == 2
    assert not pdf.exists()
    ours = "gapcheck does not write PDF itself"
    assert ours in english.stderr and ours not in accented.stderr
    said = translator("en-XA").gettext(
        "gapcheck does not write PDF itself: write the HTML report (-o report.html), "
        "open it in a browser and print it to PDF (A4), or write a Word document "
        "(-o report.docx)"
    )
    assert said in accented.stderr
