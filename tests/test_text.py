"""render/text.py, the one text-safety module: escapers, YAML quoting, the CSV formula guard and
the number formats, and their registration as Jinja filters; the shared helpers of errors.py."""

from __future__ import annotations

import click
import markdown
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gapcheck.cli.common import GapcheckGroup, LazyChoice
from gapcheck.errors import GapcheckError, InputError, Problem, Problems, closest, did_you_mean
from gapcheck.filekind import content_kind
from gapcheck.i18n.coverage import Coverage
from gapcheck.i18n.doc_pages import PageCoverage
from gapcheck.i18n.formats import share_down, whole_percent_down
from gapcheck.i18n.message_coverage import MessageCoverage
from gapcheck.models.capacity import RequestStatus
from gapcheck.render import text
from gapcheck.render.environment import environment

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=60)


@given(TEXT)
def test_yaml_str_reads_back_as_the_same_text(value: str) -> None:
    assert yaml.safe_load(f"key: {text.yaml_str(value)}\n") == {"key": value}


def test_yaml_str_of_nothing_is_empty_text() -> None:
    assert text.yaml_str(None) == '""'


@given(TEXT)
def test_a_table_cell_stays_one_cell(value: str) -> None:
    table = f"| a | b |\n|---|---|\n| {text.cell(value)} | end |\n"
    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 2 and "<td>end</td>" in html


def test_own_markdown_in_a_cell_keeps_its_code_spans_and_stays_one_cell() -> None:
    said = '`"a|b"` or `null`'
    table = f"| a | b |\n|---|---|\n| {text.own_cell(said)} | end |\n"
    html = markdown.markdown(table, extensions=["tables"])
    assert html.count("<td>") == 2 and "<td>end</td>" in html
    assert html.count("<code>") == 2 and "<code>null</code>" in html


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_guard_quotes_every_formula_start(start: str) -> None:
    assert text.csv_safe(f"{start}SUM(A1)") == f"'{start}SUM(A1)"


def test_csv_guard_leaves_numbers_and_plain_text() -> None:
    assert text.csv_safe(-2.5) == -2.5
    assert text.csv_safe("Arcadia") == "Arcadia"


def test_number_formats() -> None:
    assert text.coverage(99.6) == "99%"  # rounded down: never a complete 100% that is not
    assert text.coverage(100.0) == "100%"
    assert text.target(3.0) == "3" and text.target(3.5) == "3.5" and text.target(3.25) == "3.25"
    assert text.signed(-0.001) == "0.00"  # no "-0.00" that reads as a drop
    assert text.signed(0.5) == "+0.50" and text.signed(-1.25) == "-1.25"
    assert text.level(2.345) == "2.3" and text.level(2.345, 2) == "2.35"
    assert text.percent(57.5) == "58%"
    for fmt in (text.level, text.percent, text.coverage, text.target, text.signed):
        assert fmt(None) == "–"


def test_coverage_shares_are_rounded_down_in_one_place() -> None:
    # Every coverage table (knowledge base, gapcheck's own words, site pages) and the `score`
    # column read the same helpers: nearly done never reads as done.
    assert share_down(1999, 2000) == 99.9 and share_down(2000, 2000) == 100.0
    assert share_down(0, 0) == 100.0  # nothing to translate: nothing left
    assert whole_percent_down(99.6) == 99 and whole_percent_down(57.99999999999) == 58
    assert MessageCoverage("fr", 1000, 999, ("x",)).percent == 99.9
    assert PageCoverage("fr", 3, 2, 1, 0, ()).percent == 66.6
    assert Coverage("fr", 3, 2, 1, 0, 1, 1, 0, ()).percent == 66.6


def test_registered_once_as_filters_and_functions() -> None:
    env = environment()
    payload = "<b>x</b> | y"
    as_filter = env.from_string("{{ v | md }}").render(v=payload)
    as_function = env.from_string("{{ md(v) }}").render(v=payload)
    assert as_filter == as_function == text.md(payload)
    assert "<b>" not in as_filter


@pytest.mark.parametrize(
    ("name", "escaped"),
    [("report.html.j2", True), ("chart_bars.svg.j2", True), ("report.md.j2", False)],
)
def test_autoescape_follows_the_format_before_j2(name: str, escaped: bool) -> None:
    policy = environment().autoescape
    assert callable(policy)
    assert policy(name) is escaped


def test_problems_of_every_file_are_raised_once() -> None:
    def load(name: str) -> str:
        if name.startswith("bad"):
            raise InputError.at(name, "wrong")
        return name

    problems = Problems()
    loaded = [problems.attempt(load, n) for n in ("bad-1.yaml", "good.yaml", "bad-2.yaml")]
    assert loaded == [None, "good.yaml", None]
    problems.add(Problem("other.yaml", 3, 1, "also wrong"))
    with pytest.raises(InputError) as raised:
        problems.raise_any()
    assert [p.path for p in raised.value.problems] == ["bad-1.yaml", "bad-2.yaml", "other.yaml"]


def test_no_problems_raise_nothing() -> None:
    problems = Problems()
    assert problems.attempt(len, "abc") == 3
    problems.raise_any()
    assert not problems


def test_did_you_mean() -> None:
    assert closest("trainng", ["training", "mentoring"]) == "training"
    assert did_you_mean("trainng", ["training"]) == "did you mean 'training'? "
    assert did_you_mean("zzz", ["training"]) == ""


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        ({"offers": []}, "offers"),
        ({"requests": []}, "requests"),
        ({"statement": "s", "elements": []}, "practice"),
        ({"state": "Arcadia"}, "questionnaire"),
        ({"practices": {}}, "questionnaire"),
        ({"other": 1}, None),
    ],
)
def test_content_kind(data: dict[str, object], kind: str | None) -> None:
    assert content_kind(data) == kind


def test_status_choices_are_the_library_enum() -> None:
    assert LazyChoice("gapcheck.models.capacity:RequestStatus").choices == tuple(
        str(s) for s in RequestStatus
    )


class _Refused(GapcheckError):
    exit_code = 3


def test_exit_codes_come_from_the_library_exceptions() -> None:
    @click.group(cls=GapcheckGroup)
    def tool() -> None:
        pass

    @tool.command()
    def odd() -> None:
        raise _Refused("refused for a reason of its own")

    @tool.command()
    def bad() -> None:
        raise InputError.at("x.yaml", "wrong")

    runner = CliRunner()
    assert runner.invoke(tool, ["odd"]).exit_code == _Refused.exit_code
    assert runner.invoke(tool, ["bad"]).exit_code == InputError.exit_code


def test_xml_text_is_escaped_as_the_templates_escape_it() -> None:
    raw = "A & B <i>'q'</i>\x01\ufffe"
    escaped = "{% autoescape true %}{{ v }}{% endautoescape %}"
    assert text.xml(raw) == environment().from_string(escaped).render(v="A & B <i>'q'</i>")
    assert "\x01" not in text.xml(raw) and "&lt;i&gt;" in text.xml(raw)
    in_svg = "{% autoescape true %}{{ v | xml }}{% endautoescape %}"
    assert environment().from_string(in_svg).render(v=raw) == text.xml(raw)  # not twice
