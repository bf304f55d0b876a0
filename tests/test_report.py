"""The report and comparison libraries: data shape, traces, escaping, charts."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import escape

from gapcheck.catalogue import Catalogue
from gapcheck.compare import Change, change, compare
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.stats import band
from gapcheck.questionnaire_files import load_questionnaire_file
from gapcheck.render.charts import BAND_FILL, NA_FILL, heatmap_svg, section_bars_svg
from gapcheck.render.comparison import render_comparison
from gapcheck.render.report import render_report
from gapcheck.render.text import md
from gapcheck.report import build_report, calculation
from gapcheck.scoring import score
from tests.conftest import EXAMPLES
from tests.test_cli_assess import Tags

NA = {"level": "n/a", "reason": "no such prisons"}


def questionnaire(practices: dict[str, Any], **meta: Any) -> Questionnaire:
    return Questionnaire.model_validate(
        {"state": "Republic of Arcadia", **meta, "practices": practices}
    )


def test_calculation_shows_the_arithmetic(catalogue: Catalogue) -> None:
    q = questionnaire(
        {
            "GP05": {"elements": {"GP05.1": 3, "GP05.2": NA, "GP05.3": 2}},
            "GP12": {"elements": {e: NA for e in catalogue.by_id["GP12"].element_ids}},
        }
    )
    a = score(q, catalogue)
    assert calculation(a.by_id["GP05"]) == "(3 + 2) / 2 = 2.50; left out: 1 n/a, 1 not answered"
    assert calculation(a.by_id["GP12"]) == "all 5 elements are n/a, so the practice is n/a"
    text = render_report(build_report(q, catalogue), "md")
    assert "Section C. **Not applicable**: every element is n/a (reasons below)." in text
    assert (
        "| GP12.1 The programme has an approach to including victims and their advocates. | n/a | "
        "no such prisons |"
    ) in text
    assert calculation(a.by_id["GP01"]) == (
        "none of the 8 elements is answered yet, so it is not assessed"
    )


def test_report_data_traces_targets_and_sections(catalogue: Catalogue) -> None:
    q = questionnaire(
        {
            "GP02": {"target": 4, "elements": {"GP02.8": 2}},  # gap 2, own target
            "GP03": {"elements": {"GP03.1": 1}},  # gap 2, default target 3
            "GP04": {"not_applicable": "one prison only"},
        }
    )
    data = build_report(q, catalogue).data
    rows = {p["id"]: p for p in data["practices"]}
    assert (rows["GP02"]["target"], rows["GP02"]["target_source"]) == (4, "custom")
    assert (rows["GP03"]["target"], rows["GP03"]["target_source"]) == (3, "default")
    assert rows["GP04"]["status"] == "n/a"
    assert rows["GP04"]["not_applicable_reason"] == "one prison only"
    section_b = data["sections"][1]
    # B: GP02 level 2 and GP03 level 1 -> 1.5; target mark (4 + 3) / 2 = 3.5
    assert (section_b["level"], section_b["target"], section_b["assessed"]) == (1.5, 3.5, 2)
    assert section_b["not_applicable"] == 1
    # GP03 builds on GP02 (level 2, not below 2): not held back. GP04 builds on GP03
    # (level 1) but is n/a, so it carries no flag.
    assert data["held_back"] == []
    assert rows["GP03"]["held_back_by"] == [] and rows["GP04"]["held_back_by"] == []
    # GP02 and GP03 both have gaps of 2; GP03 builds on GP02 -> two phases
    assert data["phases"] == [
        {"phase": 1, "practices": ["GP02"]},
        {"phase": 2, "practices": ["GP03"]},
    ]
    gp02 = next(p for p in data["priorities"] if p["id"] == "GP02")
    assert gp02["safeguards"] == [
        "Human rights of prisoners",
        "Clear legal basis and respect for judicial decisions",
    ]


def test_a_complete_questionnaire_says_so(catalogue: Catalogue) -> None:
    q = load_questionnaire_file(EXAMPLES / "norland-2026.yaml", catalogue)
    report = build_report(q, catalogue)
    assert report.data["coverage"]["complete"] is True
    assert report.data["unanswered"] == []
    assert "Every element is answered." in render_report(report, "md")
    assert "Partly answered" not in render_report(report, "html")


def test_unknown_format_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(ValueError, match="unknown report format"):
        render_report(build_report(questionnaire({}), catalogue), "pdf")


def test_an_empty_questionnaire_still_renders(catalogue: Catalogue) -> None:
    report = build_report(questionnaire({}), catalogue)
    assert report.data["overall"]["level"] is None
    assert report.data["coverage"]["percent"] == 0
    for fmt in ("md", "html", "json"):
        assert render_report(report, fmt)
    md = render_report(report, "md")
    assert "No practice is assessed yet, so there are no gaps to rank." in md
    assert "**Nothing answered yet.**" in md and "Partly answered" not in md


def test_catalogue_version_mismatch_is_noticed(catalogue: Catalogue) -> None:
    report = build_report(questionnaire({}, catalogue_version="0.9"), catalogue)
    assert "made for catalogue version 0.9" in report.data["notices"][0]


free_text = (
    st.lists(st.sampled_from([*"<>&\"'|`\\/ab =\n", "script", "img", "onerror"]), max_size=30)
    .map("".join)
    .filter(lambda t: t.strip())
)


@pytest.mark.slow
@settings(max_examples=20, deadline=None)
@given(notes=free_text, evidence=free_text)
def test_free_text_never_becomes_markup(catalogue: Catalogue, notes: str, evidence: str) -> None:
    def render(n: str, e: str) -> tuple[str, str]:
        q = questionnaire({"GP01": {"notes": n, "evidence": e, "elements": {"GP01.7": 2}}})
        report = build_report(q, catalogue)
        return render_report(report, "html"), render_report(report, "md")

    html, text = render(notes, evidence)
    baseline, _ = render("plain", "plain")
    assert str(escape(notes.strip())) in html
    assert tag_counts(html) == tag_counts(baseline)
    assert md(notes) in text
    escaped = text.replace("\\<", "").replace("\\>", "").replace("\\|", "")
    assert "<" not in escaped and ">" not in escaped


def tag_counts(html: str) -> Counter[str]:
    parsed = Tags()
    parsed.feed(html)
    return Counter(tag for tag, _ in parsed.tags)


def test_markdown_escaping() -> None:
    assert md("a | b <i>x</i>\n\nnext") == "a \\| b &lt;i&gt;x&lt;/i&gt; next"
    assert md(None) == ""


@pytest.mark.parametrize(
    ("level", "expected"), [(0, 0), (0.99, 0), (1, 1), (2.9999, 2), (3, 3), (3.75, 3), (4, 4)]
)
def test_colour_bands_follow_the_scale_steps(level: float, expected: int) -> None:
    assert band(level) == expected


def test_heatmap_labels_every_cell_in_words(catalogue: Catalogue) -> None:
    q = questionnaire({"GP01": {"elements": {"GP01.7": 3}}, "GP02": {"not_applicable": "none"}})
    data = build_report(q, catalogue).data
    svg = heatmap_svg(data["practices"], data["sections"])
    # one cell per practice, seven legend swatches, one in the n/a hatching pattern
    assert svg.count("<rect") == 25 + 7 + 1
    assert ">3.00 · 75%</text>" in svg and ">n/a</text>" in svg and ">not assessed</text>" in svg
    assert BAND_FILL[3] in svg and "url(#gc-na-hatch)" in svg and NA_FILL in svg
    for s in catalogue.meta.sections:
        assert f">{s.id}. {s.title}</text>" in svg


def test_bars_mark_targets_and_earlier_levels() -> None:
    sections: list[dict[str, object]] = [
        {"id": "A", "title": "Goals & <aims>", "level": 2.0, "target": 3.0},
        {"id": "B", "title": "Prison", "level": None, "target": None},
    ]
    svg = section_bars_svg(sections, previous={"A": 1.0, "B": None})
    assert "A. Goals &amp; &lt;aims&gt;" in svg  # catalogue text is escaped too
    assert "2.00 (50%), target 3; earlier: 1.00" in svg
    assert "not assessed; earlier: not assessed" in svg
    assert svg.count('stroke-width="3"') == 1  # one target mark: B has no level


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (None, None, Change.NOT_ASSESSED),
        (None, 1.0, Change.NEWLY_ASSESSED),
        (2.0, None, Change.NO_LONGER_ASSESSED),
        (2.0, 2.5, Change.IMPROVED),
        (2.5, 2.0, Change.REGRESSED),
        (1 / 3 + 1 / 3, 2 / 3, Change.UNCHANGED),
    ],
)
def test_change_categories(old: float | None, new: float | None, expected: Change) -> None:
    assert change(old, new) is expected


def test_compare_sections_and_no_longer_assessed(catalogue: Catalogue) -> None:
    old = questionnaire({"GP01": {"elements": {"GP01.7": 1}}, "GP02": {"elements": {"GP02.8": 3}}})
    new = questionnaire({"GP01": {"elements": {"GP01.7": 3}}, "GP02": {"not_applicable": "closed"}})
    data = compare(old, new, catalogue).data
    rows = {p["id"]: p for p in data["practices"]}
    assert (rows["GP01"]["change"], rows["GP01"]["delta"]) == ("improved", 2)
    assert rows["GP02"]["change"] == "no longer assessed"
    assert rows["GP02"]["new_status"] == "n/a"
    assert data["sections"][0]["change"] == "improved"
    assert data["sections"][1]["change"] == "no longer assessed"
    assert data["overall"] == {"old": 2.0, "new": 3.0, "delta": 1.0, "change": "improved"}
    assert data["notices"] == []
    assert "No answer changed." not in render_comparison(compare(old, new, catalogue), "md")
    same = render_comparison(compare(old, old, catalogue), "md")
    assert "No answer changed." in same


def test_evidence_that_would_expose_people_is_marked_beside_the_practice(
    catalogue: Catalogue,
) -> None:
    q = questionnaire({"GP10": {"elements": {"GP10.1": 2}}, "GP01": {"elements": {"GP01.7": 2}}})
    report = build_report(q, catalogue)
    rows = {p["id"]: p for p in report.data["practices"]}
    assert rows["GP10"]["hold_securely"] == [
        "A roster of participating scholars, with their background and training.",
        "A written security plan or risk assessment for participating scholars.",
    ]
    assert rows["GP01"]["hold_securely"] == []
    text = render_report(report, "md")
    gp10 = text[text.index("### GP10") : text.index("### GP11")]
    assert "Evidence to hold securely (it would expose people if a file leaked" in gp10
    assert "- A roster of participating scholars, with their background and training." in gp10
    html = render_report(report, "html")
    assert html.count("Evidence to hold securely") == sum(
        1 for p in catalogue if any(i.hold_securely for i in p.indicators)
    )
