"""Hostile input: thousands of damaged files, and gapcheck never crashes, hangs or blows up.

Each case starts from a valid file (see hostile_strategies.py) and damages it. It must end
either in a valid load (some damage is harmless; the loaded data then goes on through
scoring, reports, requests and matching) or in a clean InputError whose every problem reads
`path:line:col: message` (only whole-file problems such as an empty file, a wrong encoding or
a folder have no position). Anything else fails: another exception, more than 10 s for one
case, more than 1.5 GB of extra memory.

The library loaders take the bulk (3,600 cases), workbooks a hundred, the CLI a few hundred
(exit status 2, no traceback, an output file that stays as it was), and real processes under
a hard memory limit take the bombs. The seed is fixed (derandomize), so every run checks the
same cases.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import pickle
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, note, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, MergedCell
from pydantic import BaseModel

from gapcheck.capacity.confidentiality import View
from gapcheck.capacity.lifecycle import followup
from gapcheck.capacity.loading import (
    MAX_OFFERS,
    MAX_REQUESTS,
    load_offers,
    load_requests,
    parse_capacity_file,
)
from gapcheck.capacity.matching import match
from gapcheck.capacity.requests import build_requests, dump_requests
from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.cli import cli
from gapcheck.errors import MAX_PROBLEMS, MORE_PROBLEMS, InputError
from gapcheck.graph import build_graph, layers, leverage
from gapcheck.models.capacity import Request
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.capacity import render_matches, render_share, render_status
from gapcheck.render.report import render_report
from gapcheck.report import build_report
from gapcheck.scoring import Assessment, score
from gapcheck.workbook import read_workbook, write_workbook
from gapcheck.workbook.read import MAX_ROWS
from gapcheck.workbook.scan import MAX_CELLS
from gapcheck.yamlio import MAX_TEXT, Document, load_yaml, parse_yaml
from tests import hostile_strategies as hs
from tests.conftest import EXAMPLES, EXPLORE_FACTOR, PRACTICES, ROOT
from tests.forked_cli import Server, server

GAPCHECK = Path(sys.executable).parent / "gapcheck"
ARCADIA = EXAMPLES / "arcadia-2026.yaml"
ARCADIA_LATER = EXAMPLES / "arcadia-2028.yaml"
OFFERS = sorted((ROOT / "offers" / "examples").glob("*.yaml"))
DAY = dt.date(2026, 6, 15)

# Problems about the whole file, where no line can be named.
WHOLE_FILE = re.compile(
    r"this is a folder|this is not a regular file|file not found|file is larger than"
    r"|saved as UTF-16|the file is empty|invalid YAML|practice numbers must run"
    r"|no practice files|not a folder|no practice asks for assistance|this questionnaire is of"
    r"|not a YAML file|this is a spreadsheet"
)
MAX_MESSAGE = 600  # one readable line, even when it quotes what was written

HOSTILE = settings(
    derandomize=True,
    database=None,
    deadline=dt.timedelta(seconds=10),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
)


# ---------------------------------------------------------------------------- fixtures


class Env:
    """What every case needs, made once per module (a plain class: see hs.Mutant)."""

    def __init__(
        self,
        work: Path,
        practices: Path,
        catalogue: Catalogue,
        requests: list[Request],
        offers: list[Any],
        later: Assessment,
        requests_file: Path,
    ) -> None:
        self.work = work
        self.practices = practices
        self.catalogue = catalogue
        self.requests = requests
        self.offers = offers
        self.later = later
        self.requests_file = requests_file
        self.used: dict[str, list[object]] = {}  # see first_use
        self.parsed: dict[tuple[str, bool, bytes], bytes] = {}  # see parsed_once

    def __repr__(self) -> str:
        return f"<Env in {self.work}>"


@pytest.fixture(scope="module", autouse=True)
def bounded_memory() -> Iterator[None]:
    """Allow this process 1.5 GB more address space than it has now, for these tests only.

    A case that needs more gets a MemoryError (or a panic inside pydantic-core), which is
    not an InputError, so the test fails and names the case.
    """
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/statm") as fh:
        size = int(fh.read().split()[0]) * resource.getpagesize()
    limit = size + (3 << 29)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory, catalogue: Catalogue) -> Env:
    work = tmp_path_factory.mktemp("hostile")
    practices = work / "practices"
    shutil.copytree(PRACTICES, practices)
    q = load_questionnaire_file(ARCADIA, catalogue)
    requests = build_requests(q, catalogue, today=DAY).requests
    requests_file = work / "good-requests.yaml"
    requests_file.write_text(dump_requests(requests, catalogue.version), encoding="utf-8")
    e = Env(
        work,
        practices,
        catalogue,
        requests,
        load_offers(OFFERS, catalogue),
        score(load_questionnaire_file(ARCADIA_LATER, catalogue), catalogue),
        requests_file,
    )
    # one warm-up of every step: first uses import scipy and compile templates, which is
    # not what the deadline is about
    use_questionnaire(q, e)
    use_requests(e.requests, e)
    use_offers(e.offers, e)
    return e


# ------------------------------------------------------------------ what is checked


def say(text: str) -> None:
    """A note shown with a failing case; the same checks also run outside hypothesis."""
    if currently_in_test_context():
        note(text)


def assert_clean(
    error: InputError, paths: Collection[str], raw: bytes | None = None, damaged: str = ""
) -> None:
    """Every problem is one plain line, positioned where a position exists.

    `raw` is the damaged file's content; its line count bounds the problems placed in it
    (`damaged`, or every file when not named).
    """
    lines = None
    if raw is not None:  # as YAML counts them: \r alone and U+2028 end a line too
        text = raw.decode("utf-8", errors="replace")
        lines = len(re.split("\r\n|[\r\n\x85\u2028\u2029]", text))
    assert len(error.problems) <= MAX_PROBLEMS + 1
    for p in error.problems:
        text = str(p)
        say(text[:300])
        assert p.path in paths, text
        assert "\n" not in text and "\r" not in text, f"a problem spans lines: {text!r}"
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), f"control character: {text!r}"
        assert len(p.message) <= MAX_MESSAGE, f"a message of {len(p.message)} characters"
        if p.line is None:
            assert WHOLE_FILE.search(p.message), f"no position for: {text}"
            assert text == f"{p.path}: {p.message}"
        else:
            assert re.fullmatch(rf"{re.escape(p.path)}:\d+:\d+: \S.*", text), text
            assert p.col is not None and p.line >= 1 and p.col >= 1, text
            if lines is not None and p.path == (damaged or p.path):
                assert p.line <= lines + 1, f"line {p.line} of a file of {lines} lines"


def once(steps: Callable[[Any, Env], None], value: BaseModel | list[Any], env: Env) -> None:
    """`steps(value, env)`, unless they already passed for a value equal to `value`.

    Most damage that loads leaves data some earlier case loaded too (a comment cut, a
    space added: 232 questionnaires loaded in test_damage, 49 different ones). The steps
    after loading are pure functions of the data and the catalogue, so taking the same data
    through them again repeats work and checks nothing new: each different value still goes
    through all of them. Equality (==), not the JSON alone, decides. A value is recorded
    only once its steps passed, so hypothesis' replay of a failing case fails again.
    """
    items = value if isinstance(value, list) else [value]
    key = steps.__name__ + "".join(v.model_dump_json() for v in items)
    seen = env.used.setdefault(key, [])
    if any(old == value for old in seen):
        return
    steps(value, env)
    seen.append(list(value) if isinstance(value, list) else value)


def use_questionnaire(q: Questionnaire, env: Env) -> None:
    once(questionnaire_steps, q, env)


def use_requests(requests: list[Request], env: Env) -> None:
    once(requests_steps, requests, env)


def use_offers(offers: list[Any], env: Env) -> None:
    once(offers_steps, offers, env)


def questionnaire_steps(q: Questionnaire, env: Env) -> None:
    """A questionnaire that loaded goes on through everything that reads one."""
    built = build_report(q, env.catalogue)
    for fmt in ("md", "json", "html"):
        assert render_report(built, fmt)
    try:
        drafted = build_requests(q, env.catalogue, today=DAY, source="q.yaml")
    except InputError as e:
        assert_clean(e, {"q.yaml"})
        return
    # what gapcheck writes, gapcheck must read back
    text = dump_requests(drafted.requests, env.catalogue.version)
    parse_capacity_file(parse_yaml(text, "written.yaml"), "requests", env.catalogue)


def requests_steps(requests: list[Request], env: Env) -> None:
    outcome = match(requests, env.offers, env.catalogue, on=DAY)
    for view in (View.DONORS, View.ADMIN):
        for fmt in ("md", "csv", "json"):
            render_matches(outcome, view, fmt, env.catalogue)
            render_status(requests, view, "table" if fmt == "md" else fmt)
    for fmt in ("md", "csv", "json"):
        render_share(requests, env.catalogue, fmt, DAY)
    try:
        followup(requests, env.later, "later.yaml")
    except InputError as e:
        assert_clean(e, {"later.yaml"})


def offers_steps(offers: list[Any], env: Env) -> None:
    outcome = match(env.requests, offers, env.catalogue, on=DAY)
    for fmt in ("md", "csv", "json"):
        render_matches(outcome, View.DONORS, fmt, env.catalogue)


def use_catalogue(folder: Path) -> None:
    graph = build_graph(load_catalogue(folder))
    assert layers(graph) and leverage(graph)


def check(
    run: Callable[[], object], paths: Collection[str], raw: bytes | None, damaged: str = ""
) -> None:
    try:
        run()
    except InputError as e:
        assert_clean(e, paths, raw, damaged)
        # --hypothesis-show-statistics: how the cases end, by kind of first problem
        event("refused: " + re.sub(r"'[^']*'|\d+", "_", e.problems[0].message)[:50])
    else:
        event("read as valid")


def parsed_once(env: Env, damaged: Path) -> Callable[..., Document]:
    """load_yaml for a catalogue with one damaged file: the others are parsed once a module.

    A case loads the 26 files of the knowledge base, and parsing the 25 it did not damage
    again was nine tenths of what a practice case cost. Their bytes are compared on every
    load, so a file is parsed again if it changed; each load unpickles its own copy, so no
    case sees what another did to a document. The damaged file is always parsed, and every
    file is still validated and cross-checked in each case.
    """

    def load(path: str | Path, positions: bool = True) -> Document:
        if Path(path) == damaged:
            return load_yaml(path, positions)
        key = (str(path), positions, Path(path).read_bytes())
        if key not in env.parsed:
            env.parsed[key] = pickle.dumps(load_yaml(path, positions))
        loaded: Document = pickle.loads(env.parsed[key])
        return loaded

    return load


def load_mutant(m: hs.Mutant, env: Env) -> None:
    note(m.describe())
    if m.kind == "practice":
        target = env.practices / m.source
        load = parsed_once(env, target)
        try:
            target.write_bytes(m.raw)
            files = [*env.practices.glob("*.yaml"), *env.practices.glob("migrations/*.yaml")]
            paths = {str(env.practices), *(str(p) for p in files)}
            # a damaged practice can make the migration map wrong: it is reported in the map
            with (
                mock.patch("gapcheck.catalogue.load_yaml", load),
                mock.patch("gapcheck.migration.load_yaml", load),
            ):
                check(lambda: use_catalogue(env.practices), paths, m.raw, str(target))
        finally:
            shutil.copy(PRACTICES / m.source, target)
        return
    path = env.work / f"mutant-{m.kind}.yaml"
    path.write_bytes(m.raw)
    cat = env.catalogue
    run: Callable[[], object]
    if m.kind == "questionnaire":
        run = lambda: use_questionnaire(load_questionnaire_file(path, cat), env)  # noqa: E731
    elif m.kind == "offers":
        run = lambda: use_offers(load_offers([path], cat), env)  # noqa: E731
    else:
        run = lambda: use_requests(load_requests([path], cat), env)  # noqa: E731
    check(run, {str(path)}, m.raw)
    assert not hs.PWNED.exists(), "a YAML tag ran a command"


# ------------------------------------------------------------- the library, in bulk


# Cases per file kind: the questionnaire, the file most often written by hand, gets most.
# A third of what they were (750, 400, 400, 250): half a minute of make test for cases the
# derandomized draw repeats in kind (the same damage to the same few files); make explore
# draws ten times these, at random, each run different.
DAMAGE_CASES = {"questionnaire": 250, "offers": 130, "requests": 130, "practice": 80}


def run_cases(test: Callable[..., None], examples: int, **strategies: Any) -> None:
    """Run `test` as a property over `strategies`: `examples` cases (times the explore
    factor under `make explore`, as conftest does for tests that set their own count)."""
    if settings.get_current_profile_name() == "explore":
        examples *= EXPLORE_FACTOR
    settings(HOSTILE, max_examples=examples)(given(**strategies)(test))()


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["text", "data"])
@pytest.mark.parametrize("kind", list(DAMAGE_CASES))
def test_damage(kind: str, damage: str, env: Env) -> None:
    """Damage to the text (bytes, lines, indentation) or to the data (values, keys, types)
    of a valid file of each kind is read or refused cleanly."""
    mutants = hs.text_mutants(kind) if damage == "text" else hs.data_mutants(kind)
    run_cases(lambda m: load_mutant(m, env), DAMAGE_CASES[kind], m=mutants)


# --------------------------------------------------------------------- workbooks


def read_or_refuse_workbook(raw: bytes, name: str, env: Env) -> None:
    """A workbook written as `name` is either refused cleanly, cell by cell, or read and
    then used by everything that reads a questionnaire."""
    path = env.work / name
    path.write_bytes(raw)
    try:
        q = read_workbook(path, env.catalogue)
    except InputError as e:
        xlsx_problems_are_clean(e, str(path))
    else:
        use_questionnaire(q, env)


def xlsx_problems_are_clean(error: InputError, path: str) -> None:
    """Workbook problems name the sheet and cell instead of a line: FILE:Sheet!C12: ..."""
    for p in error.problems:
        text = str(p)
        say(text[:300])
        assert p.line is None
        assert p.path == path or p.path.startswith(f"{path}:"), text
        assert "\n" not in text and len(p.message) <= MAX_MESSAGE, text
        assert text.startswith(f"{p.path}: ") and p.message.strip()


CELL_VALUES = st.one_of(
    st.none(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 1, 1)),
    st.sampled_from(hs.SPECIAL_STRINGS).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
    st.sampled_from(["=1/0", "=A1", '=HYPERLINK("http://x.example")', "@SUM(1)", "GP99.1"]),
    st.sampled_from([32_767, MAX_TEXT + 1]).map(lambda n: "y" * n),
    st.text(max_size=20).map(lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)),
)


@pytest.fixture(scope="module")
def workbook(catalogue: Catalogue) -> bytes:
    return write_workbook(catalogue, load_questionnaire_file(ARCADIA, catalogue))


@pytest.fixture(scope="module")
def loaded_workbook(workbook: bytes) -> bytes:
    """The workbook as openpyxl loads it, pickled: each case unpickles its own copy to edit.

    Loading it with openpyxl took 0.35 s of every case (a third of the test), to build the
    same objects again; unpickling takes 0.02 s and saves the same parts, but for the order
    in which merged ranges are listed. (copy.deepcopy loses the cell styles.)
    """
    return pickle.dumps(load_workbook(io.BytesIO(workbook)), protocol=pickle.HIGHEST_PROTOCOL)


@pytest.mark.slow
@settings(HOSTILE, max_examples=20)
@given(data=st.data())
def test_workbook_edits(data: st.DataObject, loaded_workbook: bytes, env: Env) -> None:
    """Cells overwritten with anything, sheets removed, renamed or added, rows inserted."""
    wb = pickle.loads(loaded_workbook)
    for _ in range(data.draw(st.integers(1, 4))):
        ws = wb.worksheets[data.draw(st.integers(0, len(wb.worksheets) - 1))]
        how = data.draw(st.sampled_from(["cell"] * 6 + ["delete", "rename", "add", "rows"]))
        if how == "cell":
            row = data.draw(st.integers(1, ws.max_row + 3))
            col = data.draw(st.integers(1, 8))
            value = data.draw(CELL_VALUES)
            note(f"{ws.title}!{row},{col} = {value!r:.60}")
            if not isinstance(ws.cell(row=row, column=col), MergedCell):  # read-only
                ws.cell(row=row, column=col, value=value)
        elif how == "delete" and len(wb.worksheets) > 1:
            note(f"deleted sheet {ws.title}")
            wb.remove(ws)
        elif how == "rename":
            ws.title = data.draw(st.sampled_from(["Sheet1", "B Prison", "gapcheck2", "Cover "]))
            note(f"renamed a sheet to {ws.title}")
        elif how == "add":
            wb.create_sheet(data.draw(st.sampled_from(["Notes", "Sheet9"])))
        else:
            ws.insert_rows(data.draw(st.integers(1, 30)), data.draw(st.integers(1, 5)))
            note(f"rows inserted in {ws.title}")
    buffer = io.BytesIO()
    wb.save(buffer)
    read_or_refuse_workbook(buffer.getvalue(), "edited.xlsx", env)


@pytest.mark.slow
@settings(HOSTILE, max_examples=80)
@given(data=st.data())
def test_workbook_bytes_damage(data: st.DataObject, workbook: bytes, env: Env) -> None:
    raw = workbook
    how = data.draw(st.sampled_from(["truncate", "flip", "zeros"]))
    k = data.draw(st.integers(0, len(raw) - 1))
    if how == "truncate":
        raw = raw[:k]
    elif how == "flip":
        raw = raw[:k] + bytes([data.draw(st.integers(0, 255))]) + raw[k + 1 :]
    else:
        raw = raw[:k] + b"\x00" * 64 + raw[k + 64 :]
    note(f"{how} at byte {k}")
    read_or_refuse_workbook(raw, "damaged.xlsx", env)


def _rewrite_sheet(workbook: bytes, change: Callable[[bytes], bytes]) -> bytes:
    """The workbook with the XML of its third sheet (B Prison Context) changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet3.xml":
                changed = change(data)
                assert changed != data
                data = changed
            dst.writestr(info, data)
    return out.getvalue()


def _merge_bomb(workbook: bytes) -> bytes:
    """One merged range over a whole sheet: openpyxl would build 17 billion cells for it."""
    return _rewrite_sheet(
        workbook,
        lambda xml: re.sub(
            rb'<mergeCells count="(\d+)">',
            rb'<mergeCells count="99"><mergeCell ref="A1:XFD1048576"/>',
            xml,
            count=1,
        ),
    )


def _far_row(workbook: bytes, row: int) -> bytes:
    """One character in a far row: openpyxl would create every empty row above it."""
    wb = load_workbook(io.BytesIO(workbook))
    wb.worksheets[2].cell(row=row, column=3, value="x")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _long_text(workbook: bytes) -> bytes:
    """A cell with more text than Excel allows (32,767): only a made-up file has that."""
    return _rewrite_sheet(
        workbook,
        lambda xml: re.sub(rb"<t>[^<]{5,}</t>", b"<t>" + b"z" * 150_000 + b"</t>", xml, count=1),
    )


@pytest.mark.slow
def test_workbook_bombs_are_refused_before_loading(workbook: bytes, env: Env) -> None:
    cases = {
        "merged.xlsx": (_merge_bomb(workbook), f"more than {MAX_CELLS:,} cells"),
        "far-row.xlsx": (_far_row(workbook, 1_000_000), "something is written in row 1,000,000"),
        "long.xlsx": (_long_text(workbook), "B Prison Context!A1: text longer than 100,000"),
    }
    for name, (raw, expected) in cases.items():
        path = env.work / name
        path.write_bytes(raw)
        assert len(raw) < 100_000  # tiny files: the danger is in what they unpack to
        with pytest.raises(InputError) as info:
            read_workbook(path, env.catalogue)
        assert expected in str(info.value)
        xlsx_problems_are_clean(info.value, str(path))
    assert MAX_ROWS < 1_000_000


# --------------------------------------------------------------------- regressions


def test_text_alias_bomb_is_refused(env: Env) -> None:
    """Found by this suite: few nodes, but 10,000 copies of a 90,000-character string made
    pydantic-core panic (PyObject pointer is null) after eating gigabytes."""
    path = env.work / "text-bomb.yaml"
    path.write_text(
        "provider: X\noffers:\n  - id: a\n    practices: [GP01]\n    kinds: [training]\n"
        f"    note: &big {'x' * 90_000}\n    regions: [{', '.join(['*big'] * 10_000)}]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_offers([path], env.catalogue)
    (problem,) = info.value.problems
    assert f"more than {MAX_TEXT:,} characters of text once aliases" in problem.message
    # an alias is the node it names: the position is where the repeated text is written
    assert (problem.line, problem.col) == (6, 1 + len("    note: "))


@pytest.mark.parametrize(
    "value",
    ["!!bool maybe", '!!int ""', '!!float ""', "!!timestamp soon", "!!int 0x", "!!float ."],
)
def test_a_tag_on_the_wrong_text(value: str) -> None:
    """Found by this suite: PyYAML's constructors raised KeyError ('maybe'), IndexError or
    AttributeError for an explicit tag on text that does not fit it."""
    with pytest.raises(InputError) as info:
        parse_yaml(f"state: Arcadia\nconfidential: {value}\n", "q.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.col) == (2, 15)
    assert problem.message.startswith("cannot read the value")


def test_control_characters_in_a_message_are_shown_escaped(env: Env) -> None:
    """Found by this suite: a key holding a line break or a terminal escape was quoted as it
    was, so one problem spread over lines or cleared the screen."""
    path = env.work / "escapes.yaml"
    path.write_text('state: X\n"bad\\nkey\\e[2J\\u202e": 1\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_questionnaire_file(path, env.catalogue)
    (problem,) = info.value.problems
    assert "bad\nkey" in problem.message  # the message keeps what was written...
    assert str(problem).endswith(  # ...and shows it escaped, on one line
        "unknown key 'bad\\u000akey\\u001b[2J\\u202e'; allowed keys: catalogue_version, "
        "state, institution, respondent, date, confidential, share_requests, languages, "
        "language, region, share_in_aggregates, list_in_overview, default_target, practices"
    )


def test_thousands_of_mistakes_are_cut_short(env: Env) -> None:
    """Found by this suite: 200,000 unknown ids took 10 s to explain (a suggestion each)."""
    path = env.work / "many.yaml"
    path.write_text(
        "state: X\npractices:\n" + "".join(f"  GQ{i}: {{}}\n" for i in range(20_000)),
        encoding="utf-8",
    )
    with pytest.raises(InputError) as info:
        load_questionnaire_file(path, env.catalogue)
    problems = info.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert sum(p.message == MORE_PROBLEMS for p in problems) == 1
    assert_clean(info.value, {str(path)})


def test_too_many_requests_and_offers(env: Env, monkeypatch: pytest.MonkeyPatch) -> None:
    """More than the limit is refused at the first one over, counted across files (the
    limits are lowered here, so that the test does not have to write 20,000 requests)."""
    from gapcheck.capacity import loading

    monkeypatch.setattr(loading, "MAX_REQUESTS", 7)
    monkeypatch.setattr(loading, "MAX_OFFERS", 3)
    files = []
    for i in range(2):
        copy = env.work / f"some-requests-{i}.yaml"
        renamed = [r.model_copy(update={"id": f"f{i}-{r.id}"}) for r in env.requests]
        copy.write_text(dump_requests(renamed, env.catalogue.version), encoding="utf-8")
        files.append(copy)
    assert len(env.requests) == 5
    with pytest.raises(InputError) as info:
        load_requests(files, env.catalogue)
    (problem,) = info.value.problems
    assert problem.path == str(files[1]) and problem.line is not None
    assert "more than 7 requests in all" in problem.message
    second = dump_requests(env.requests, "").split("\n\n- id: ")
    assert problem.line == 1 + "\n\n- id: ".join(second[:3]).count("\n") + 2
    with pytest.raises(InputError, match="more than 3 offers in all") as info:
        load_offers(OFFERS, env.catalogue)
    assert info.value.problems[0].line is not None
    assert (MAX_REQUESTS, MAX_OFFERS) == (20_000, 5_000)


@pytest.mark.parametrize("kind", ["folder", "fifo", "missing", "device"])
def test_not_a_file(kind: str, env: Env) -> None:
    """A folder, a named pipe (reading one would wait forever) or a device, for each loader."""
    path = env.work / f"special-{kind}"
    if kind == "folder":
        path.mkdir(exist_ok=True)
    elif kind == "fifo" and not path.exists():
        os.mkfifo(path)
    elif kind == "device":
        path = Path("/dev/zero")
    expected = {
        "folder": "this is a folder",
        "fifo": "this is not a regular file",
        "missing": "file not found",
        "device": "this is not a regular file",
    }[kind]
    loaders: list[Callable[[], object]] = [
        lambda: load_questionnaire_file(path, env.catalogue),
        lambda: load_offers([path], env.catalogue),
        lambda: load_requests([path], env.catalogue),
        lambda: read_workbook(path, env.catalogue),
    ]
    for load in loaders:
        with pytest.raises(InputError) as info:
            load()
        (problem,) = info.value.problems
        assert problem.path == str(path) and expected in problem.message


# --------------------------------------------------------------------------- the CLI

P, OUT, LETTER, OUTDIR = "{path}", "{out}", "{letter}", "{outdir}"
COMMANDS: dict[str, list[list[str]]] = {
    "questionnaire": [
        ["report", P, "-o", OUT],
        ["report", P, "--format", "html", "-o", OUT],
        ["compare", str(ARCADIA), P, "--format", "json", "-o", OUT],
        ["score", P, str(ARCADIA), "--format", "csv", "-o", OUT],
        ["request", "new", P, "-o", OUT, "--letter", LETTER],
    ],
    "offers": [["match", "--requests", "{requests}", "--offers", P, "-o", OUTDIR]],
    "requests": [
        ["request", "share", P, "-o", OUT],
        ["request", "status", P, "--format", "csv", "-o", OUT],
        ["request", "followup", P, str(ARCADIA_LATER), "-o", OUT],
        ["match", "--requests", P, "--offers", str(OFFERS[0]), "-o", OUTDIR],
        ["match", P, *map(str, OFFERS), "-o", OUTDIR],
    ],
    "practice": [
        ["--practices", "{practices}", "validate"],
        ["--practices", "{practices}", "report", str(ARCADIA), "-o", OUT],
    ],
}
KNOWN = b"an output written before this run: it must survive a refused run\n"


def outputs(env: Env) -> list[Path]:
    outdir = env.work / "matches"
    return [
        env.work / "out.txt",
        env.work / "letter.md",
        *(outdir / f"matches.{f}" for f in ("md", "csv", "json")),
    ]


def run_cli(m: hs.Mutant, args: list[str], precreate: bool, env: Env) -> None:
    note(m.describe())
    for p in outputs(env):
        p.unlink(missing_ok=True)
    if precreate:
        for p in outputs(env):
            p.parent.mkdir(exist_ok=True)
            p.write_bytes(KNOWN)
    path = env.work / f"cli-{m.kind}.yaml"
    restore = None
    if m.kind == "practice":
        path = env.practices / m.source
        restore = PRACTICES / m.source
    path.write_bytes(m.raw)
    values = {
        P: str(path),
        OUT: str(outputs(env)[0]),
        LETTER: str(outputs(env)[1]),
        OUTDIR: str(env.work / "matches"),
        "{requests}": str(env.requests_file),
        "{practices}": str(env.practices),
    }
    argv = [values.get(a, a) for a in args]
    note(" ".join(argv))
    try:
        result = CliRunner().invoke(cli, argv)
    finally:
        if restore is not None:
            shutil.copy(restore, path)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    event(f"{argv[0]}: exit status {result.exit_code}")
    if result.exit_code == 0:
        return  # harmless damage
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    # validate writes nothing, and says nothing of writing
    footer = "found." if "validate" in argv else "found; nothing was written."
    assert footer in result.stderr or "Usage:" in result.stderr
    for p in outputs(env):
        if precreate:
            assert p.read_bytes() == KNOWN, f"{p.name} was changed by a refused run"
        else:
            assert not p.exists(), f"{p.name} was written by a refused run"
    leftovers = [p.name for p in env.work.glob(".*.tmp")]
    assert not leftovers, leftovers
    assert not hs.PWNED.exists()


def cli_case(kind: str) -> st.SearchStrategy[tuple[hs.Mutant, list[str], bool]]:
    return st.tuples(hs.mutants(kind), st.sampled_from(COMMANDS[kind]), st.booleans())


CLI_CASES = {"questionnaire": 120, "offers": 60, "requests": 100, "practice": 40}


@pytest.mark.slow
@pytest.mark.parametrize("kind", list(CLI_CASES))
def test_cli(kind: str, env: Env) -> None:
    def one(case: tuple[hs.Mutant, list[str], bool]) -> None:
        run_cli(*case, env)

    run_cases(one, CLI_CASES[kind], case=cli_case(kind))


@pytest.mark.slow
@settings(HOSTILE, max_examples=40)
@given(m=hs.mutants("requests"))
def test_cli_update_leaves_a_bad_file_alone(m: hs.Mutant, env: Env) -> None:
    """`request update` rewrites its input: a file it refuses must stay byte for byte."""
    note(m.describe())
    path = env.work / "update.yaml"
    path.write_bytes(m.raw)
    rid = env.requests[0].id
    argv = ["request", "update", str(path), rid, "--status", "matched", "--date", "2026-07-01"]
    result = CliRunner().invoke(cli, argv)
    assert "Traceback" not in result.output
    assert result.exit_code in (0, 2), result.output
    if result.exit_code == 2:
        assert path.read_bytes() == m.raw
    else:
        assert load_requests([path], env.catalogue)


# ------------------------------------------------- real processes, hard memory limit

LIMIT_AS = 1 << 30  # 1 GB of address space for the whole gapcheck process
LIMITS = {"RLIMIT_AS": LIMIT_AS, "RLIMIT_CPU": 120}


@pytest.fixture(scope="module")
def forked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Real gapcheck processes without the import each time (tests/forked_cli.py); what the
    commands below import as they run is imported once in the server, so a bomb's process
    starts with more memory in use than a fresh one would, never less."""
    preload = ("gapcheck.workbook", "gapcheck.report", "gapcheck.capacity.matching")
    with server(tmp_path_factory.mktemp("forked"), preload) as running:
        yield running


def _bombs(env: Env, workbook: bytes) -> dict[str, tuple[bytes, str, list[str]]]:
    """name -> (file content, file suffix, arguments after the file)."""
    arcadia = ARCADIA.read_bytes()
    offers = OFFERS[0].read_bytes()
    requests = env.requests_file.read_bytes()
    return {
        "billion laughs": (arcadia + hs.BLOCKS[0].encode(), ".yaml", ["report", P, "-o", OUT]),
        "text alias bomb": (
            offers.replace(b"offers:", f"note: &big {'x' * 90_000}\noffers:".encode(), 1)
            + f"bomb: [{', '.join(['*big'] * 20_000)}]\n".encode(),
            ".yaml",
            ["match", "--requests", str(env.requests_file), "--offers", P, "-o", OUTDIR],
        ),
        "recursive alias": (arcadia + b"loop: &loop [*loop]\n", ".yaml", ["score", P]),
        "deep nesting": (
            requests + b"deep: " + b"[" * 900 + b"]" * 900 + b"\n",
            ".yaml",
            ["request", "share", P, "-o", OUT],
        ),
        "python tag": (
            arcadia.replace(
                b'state: "Republic of Arcadia"', f"state: {hs.PYTHON_TAGS[0]}".encode()
            ),
            ".yaml",
            ["report", P, "-o", OUT],
        ),
        "over the size limit": (hs.oversized(), ".yaml", ["report", P, "-o", OUT]),
        "xlsx merged over a whole sheet": (_merge_bomb(workbook), ".xlsx", ["report", P]),
        "xlsx far row": (
            _far_row(workbook, 1_048_576),
            ".xlsx",
            ["questionnaire", "import", P],  # YAML: OUT (out.txt) is not a name for it
        ),
    }


BOMB_NAMES = [
    "billion laughs",
    "text alias bomb",
    "recursive alias",
    "deep nesting",
    "python tag",
    "over the size limit",
    "xlsx merged over a whole sheet",
    "xlsx far row",
]


@pytest.mark.slow
@pytest.mark.parametrize("name", BOMB_NAMES)
def test_bombs_in_a_real_process(
    name: str, env: Env, workbook: bytes, tmp_path: Path, forked: Server
) -> None:
    raw, suffix, args = _bombs(env, workbook)[name]
    path = tmp_path / f"bomb{suffix}"
    path.write_bytes(raw)
    out, outdir = tmp_path / "out.txt", tmp_path / "matches"
    values = {P: str(path), OUT: str(out), OUTDIR: str(outdir)}
    proc = forked.run([values.get(a, a) for a in args], LIMITS, timeout=120)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and "MemoryError" not in proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.startswith(str(path)), proc.stderr[:500]
    assert proc.stderr.rstrip().endswith("nothing was written.")
    assert not out.exists() and not outdir.exists()
    assert not hs.PWNED.exists()


@pytest.mark.slow
def test_fifo_does_not_hang_the_cli(tmp_path: Path) -> None:
    fifo = tmp_path / "questionnaire.yaml"
    os.mkfifo(fifo)
    proc = subprocess.run(
        [str(GAPCHECK), "report", str(fifo)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"{fifo}: this is not a regular file")
