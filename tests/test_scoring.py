"""The scale, pinned on examples worked out by hand (the arithmetic is in the comments)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.scoring import Assessment, AssessmentStatus, score

NA = {"level": "n/a", "reason": "does not apply here"}

# Element counts in the shipped catalogue (1.1): GP01 8, GP02 9, GP03 8, GP04 5, GP05 4,
# GP06 5, GP07 5; all 25 practices together have 134 elements. Ids follow each practice's
# order in its file (a split element's parts took new numbers).
HAND: dict[str, Any] = {
    "state": "Republic of Arcadia",
    "date": "2026-03-16",
    "practices": {
        # mixed: 3, 2, n/a, 4, empty, 0, 3, 3 -> levels 3, 2, 4, 0, 3, 3 -> 15 / 6 = 2.5;
        # 7 of 8 answered
        "GP01": {
            "elements": {
                "GP01.7": 3,
                "GP01.8": 2,
                "GP01.2": NA,
                "GP01.3": 4,
                "GP01.4": None,
                "GP01.9": 0,
                "GP01.10": 3,
                "GP01.6": 3,
            }
        },
        # all nine answered: 4+4+3+3+2+2+1+3+2 = 24 -> 24 / 9 = 2.667; own target 2 -> gap 0
        "GP02": {
            "target": 2,
            "elements": dict(
                zip(
                    [
                        "GP02.8",
                        "GP02.9",
                        "GP02.10",
                        "GP02.11",
                        "GP02.3",
                        "GP02.4",
                        "GP02.5",
                        "GP02.6",
                        "GP02.7",
                    ],
                    [4, 4, 3, 3, 2, 2, 1, 3, 2],
                    strict=True,
                )
            ),
        },
        # every element n/a -> the practice is n/a; all 8 count as answered
        "GP03": {
            "elements": {
                e: NA
                for e in [
                    "GP03.1",
                    "GP03.2",
                    "GP03.7",
                    "GP03.8",
                    "GP03.9",
                    "GP03.10",
                    "GP03.5",
                    "GP03.6",
                ]
            }
        },
        # present but nothing answered -> not assessed; 0 of 5 answered
        "GP04": {"elements": {f"GP04.{i}": None for i in range(1, 6)}},
        # the whole practice not applicable: its one answer is overridden; 4 of 4 answered
        "GP05": {"not_applicable": "no such prisons", "elements": {"GP05.1": 4}},
        # all 4 -> level 4; own target 4 -> gap 0
        "GP06": {"target": 4, "elements": {f"GP06.{i}": 4 for i in range(1, 6)}},
        # 3+3+3+3+2 = 14 -> 14 / 5 = 2.8; own target 3.5 -> gap 0.7
        "GP07": {
            "target": 3.5,
            "elements": {f"GP07.{i}": v for i, v in enumerate([3, 3, 3, 3, 2], 1)},
        },
    },
}


@pytest.fixture(scope="module")
def hand(catalogue: Catalogue) -> Assessment:
    return score(Questionnaire.model_validate(HAND), catalogue)


def test_practice_with_mixed_answers(hand: Assessment) -> None:
    gp01 = hand.by_id["GP01"]
    assert gp01.status is AssessmentStatus.ASSESSED
    assert gp01.level == 2.5
    assert gp01.percent == 62.5  # 2.5 / 4 x 100
    assert gp01.answered == 7  # n/a counts as answered, the empty one does not
    assert gp01.target == 3  # the default
    assert gp01.gap == 0.5  # 3 - 2.5
    statuses = [e.status for e in gp01.elements]
    assert statuses.count(AssessmentStatus.NA) == 1
    assert statuses.count(AssessmentStatus.UNANSWERED) == 1


def test_level_above_own_target_has_no_gap(hand: Assessment) -> None:
    gp02 = hand.by_id["GP02"]
    assert gp02.level == pytest.approx(24 / 9)
    assert gp02.target == 2
    assert gp02.gap == 0  # max(0, 2 - 2.67)


def test_all_elements_na_makes_the_practice_na(hand: Assessment) -> None:
    gp03 = hand.by_id["GP03"]
    assert gp03.status is AssessmentStatus.NA
    assert gp03.level is None and gp03.gap is None and gp03.percent is None
    assert gp03.answered == 8


def test_none_answered_is_not_assessed(hand: Assessment) -> None:
    for pid in ("GP04", "GP08", "GP25"):  # present but empty, or absent from the file
        p = hand.by_id[pid]
        assert p.status is AssessmentStatus.NOT_ASSESSED
        assert p.level is None and p.gap is None
        assert p.answered == 0


def test_practice_level_not_applicable_overrides_answers(hand: Assessment) -> None:
    gp05 = hand.by_id["GP05"]
    assert gp05.status is AssessmentStatus.NA
    assert gp05.na_reason == "no such prisons"
    assert all(
        e.status is AssessmentStatus.NA and e.reason == "no such prisons" for e in gp05.elements
    )
    assert gp05.answered == 4


def test_gaps_with_custom_targets(hand: Assessment) -> None:
    assert hand.by_id["GP06"].gap == 0  # 4 - 4
    gp07 = hand.by_id["GP07"]
    assert gp07.level == 2.8
    assert gp07.target == 3.5
    assert gp07.gap == pytest.approx(0.7)  # 3.5 - 2.8


def test_default_target_can_be_changed_for_the_whole_file(catalogue: Catalogue) -> None:
    data = {**HAND, "default_target": 2}
    a = score(Questionnaire.model_validate(data), catalogue)
    assert a.by_id["GP01"].target == 2
    assert a.by_id["GP01"].gap == 0  # max(0, 2 - 2.5)
    assert a.by_id["GP07"].target == 3.5  # a practice's own target still wins


def test_section_means_count_only_assessed_practices(hand: Assessment) -> None:
    sections = {s.id: s for s in hand.sections}
    assert sections["A"].level == 2.5  # GP01 alone
    # B: GP02 24/9 and GP06 4 are assessed (GP03, GP05 n/a; GP04 not assessed)
    # (8/3 + 4) / 2 = 10/3 = 3.333...
    assert sections["B"].level == pytest.approx(10 / 3)
    assert sections["B"].assessed == 2 and sections["B"].practices == 5
    assert sections["B"].percent == pytest.approx(10 / 3 / 4 * 100)
    assert sections["C"].level == 2.8  # GP07 alone
    assert sections["D"].level is None and sections["E"].level is None


def test_overall_weighs_each_practice_the_same(hand: Assessment) -> None:
    # assessed practices: 5/2, 8/3, 4, 14/5 -> (75 + 80 + 120 + 84) / 30 = 359/30; / 4 = 359/120
    assert hand.overall == pytest.approx(359 / 120)
    assert hand.overall_percent == pytest.approx(359 / 120 / 4 * 100)
    # not the mean of the section means, (2.5 + 10/3 + 2.8) / 3 = 2.877...
    section_mean = (2.5 + 10 / 3 + 2.8) / 3
    assert hand.overall != pytest.approx(section_mean)


def test_coverage_counts_na_as_answered(hand: Assessment) -> None:
    # answered: GP01 7 + GP02 9 + GP03 8 + GP04 0 + GP05 4 + GP06 5 + GP07 5 = 38 of 134
    assert hand.total == 134
    assert hand.answered == 38
    assert hand.coverage == pytest.approx(38 / 134)
    unanswered = {e.id for e in hand.unanswered}
    assert len(unanswered) == 134 - 38
    assert "GP01.4" in unanswered and "GP01.2" not in unanswered


def test_levels_are_read_the_way_people_write_them(catalogue: Catalogue) -> None:
    q = Questionnaire.model_validate(
        {
            "state": "Kingdom of Norland",
            "practices": {
                "GP05": {
                    "elements": {
                        "GP05.1": "in place",  # 3
                        "GP05.2": "2",
                        "GP05.3": {"level": "N/A", "reason": "no staff of that kind"},
                        "GP05.4": "",  # empty text: not answered, never 0
                    }
                }
            },
        }
    )
    p = score(q, catalogue).by_id["GP05"]
    assert p.level == 2.5  # (3 + 2) / 2
    assert [e.status for e in p.elements] == [
        AssessmentStatus.ANSWERED,
        AssessmentStatus.ANSWERED,
        AssessmentStatus.NA,
        AssessmentStatus.UNANSWERED,
    ]


answer = st.one_of(st.none(), st.integers(0, 4), st.just(NA))


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_figures_stay_within_the_scale(catalogue: Catalogue, data: st.DataObject) -> None:
    practices = {}
    for practice in catalogue:
        practices[practice.id] = {
            "target": data.draw(st.one_of(st.none(), st.sampled_from([0, 1.5, 2, 3, 4]))),
            "elements": {e: data.draw(answer) for e in practice.element_ids},
        }
    a = score(Questionnaire.model_validate({"state": "Estoria", "practices": practices}), catalogue)
    assert 0 <= a.coverage <= 1
    for p in a.practices:
        levels = [e.level for e in p.elements if e.level is not None]
        if p.level is None:
            assert p.gap is None and not levels
        else:
            assert 0 <= p.level <= 4
            assert p.level == pytest.approx(sum(levels) / len(levels))
            assert p.percent == pytest.approx(p.level * 25)
            assert p.gap == pytest.approx(max(0.0, p.target - p.level))
    assessed = [p.level for p in a.practices if p.level is not None]
    if assessed:
        assert a.overall == pytest.approx(sum(assessed) / len(assessed))
    else:
        assert a.overall is None
