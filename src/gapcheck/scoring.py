"""Pure scoring: a questionnaire and the catalogue in, levels, coverage and gaps out.

The scale (also in the README and every report):
- element: 0 not in place, 1 planned, 2 partly in place, 3 in place, 4 in place and reviewed;
  or n/a with a reason; or empty (not yet answered).
- practice level: mean of its answered, non-n/a element levels; all n/a -> the practice is
  n/a; none answered -> not assessed. Percentage = level / 4 x 100.
- section level: mean of its assessed practices; overall: mean of all assessed practices.
- coverage: answered elements (n/a included) / all elements.
- gap: max(0, target - level) for each assessed practice.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from statistics import fmean

from gapcheck.catalogue import Catalogue
from gapcheck.models.base import N_
from gapcheck.models.catalogue import Safeguard
from gapcheck.models.questionnaire import NA, SCALE, Answer, Questionnaire

MAX_LEVEL = 4


class AssessmentStatus(StrEnum):
    # The values are data; reports translate the ones they show (marked here for that).
    ANSWERED = "answered"
    NA = N_("n/a")
    UNANSWERED = "unanswered"
    ASSESSED = N_("assessed")
    NOT_ASSESSED = N_("not assessed")


@dataclass(frozen=True)
class ElementScore:
    id: str
    text: str
    question: str
    status: AssessmentStatus
    level: int | None
    reason: str
    comment: str

    @property
    def label(self) -> str:
        return self.label_in(str)

    def label_in(self, gettext: Callable[[str], str]) -> str:
        """The answer in words, `gettext` translating them: "3 (in place)", "n/a"."""
        if self.level is not None:
            return f"{self.level} ({gettext(SCALE[self.level])})"
        return gettext(NA) if self.status is AssessmentStatus.NA else gettext(N_("not answered"))


@dataclass(frozen=True)
class PracticeScore:
    id: str
    number: int
    title: str
    section: str
    status: AssessmentStatus
    level: float | None
    target: float
    gap: float | None
    elements: tuple[ElementScore, ...]
    na_reason: str
    evidence: str
    notes: str
    safeguards: tuple[Safeguard, ...]

    @property
    def percent(self) -> float | None:
        return None if self.level is None else self.level / MAX_LEVEL * 100

    @property
    def answered(self) -> int:
        return sum(e.status is not AssessmentStatus.UNANSWERED for e in self.elements)


@dataclass(frozen=True)
class SectionScore:
    id: str
    title: str
    level: float | None
    assessed: int
    practices: int

    @property
    def percent(self) -> float | None:
        return None if self.level is None else self.level / MAX_LEVEL * 100


@dataclass(frozen=True)
class Assessment:
    state: str
    date: str
    confidential: bool
    catalogue_version: str
    practices: tuple[PracticeScore, ...]
    sections: tuple[SectionScore, ...]
    overall: float | None
    answered: int
    total: int

    @property
    def coverage(self) -> float:
        return self.answered / self.total if self.total else 0.0

    @property
    def overall_percent(self) -> float | None:
        return None if self.overall is None else self.overall / MAX_LEVEL * 100

    @property
    def unanswered(self) -> list[ElementScore]:
        return [
            e for p in self.practices for e in p.elements if e.status is AssessmentStatus.UNANSWERED
        ]

    @property
    def by_id(self) -> dict[str, PracticeScore]:
        return {p.id: p for p in self.practices}


def score_element(element_id: str, text: str, question: str, answer: Answer | None) -> ElementScore:
    if answer is None or not answer.answered:
        status, level = AssessmentStatus.UNANSWERED, None
    elif answer.na:
        status, level = AssessmentStatus.NA, None
    else:
        status, level = AssessmentStatus.ANSWERED, answer.level
    reason = answer.reason if answer else ""
    comment = answer.comment if answer else ""
    return ElementScore(element_id, text, question, status, level, reason, comment)


def score(q: Questionnaire, catalogue: Catalogue) -> Assessment:
    practices = []
    for p in catalogue:
        answers = q.practices.get(p.id)
        na_reason = answers.not_applicable if answers else ""
        elements = []
        for e in p.elements:
            answer = answers.elements.get(e.id) if answers else None
            if na_reason:
                answer = Answer(na=True, reason=na_reason)
            elements.append(score_element(e.id, e.text, e.question, answer))
        element_levels = [e.level for e in elements if e.level is not None]
        target = q.target_for(p.id)
        if element_levels:
            status, level = AssessmentStatus.ASSESSED, fmean(element_levels)
            gap: float | None = max(0.0, target - level)
        elif any(e.status is AssessmentStatus.NA for e in elements) and all(
            e.status is AssessmentStatus.NA for e in elements
        ):
            status, level, gap = AssessmentStatus.NA, None, None
        else:
            status, level, gap = AssessmentStatus.NOT_ASSESSED, None, None
        practices.append(
            PracticeScore(
                p.id,
                p.number,
                p.title,
                p.section,
                status,
                level,
                target,
                gap,
                tuple(elements),
                na_reason,
                answers.evidence if answers else "",
                answers.notes if answers else "",
                tuple(p.safeguards),
            )
        )
    sections = []
    for sid, title in catalogue.sections.items():
        members = [p for p in practices if p.section == sid]
        levels = [p.level for p in members if p.level is not None]
        sections.append(
            SectionScore(sid, title, fmean(levels) if levels else None, len(levels), len(members))
        )
    all_levels = [p.level for p in practices if p.level is not None]
    answered = sum(p.answered for p in practices)
    total = sum(len(p.elements) for p in practices)
    return Assessment(
        state=q.state,
        date=q.date.isoformat() if q.date else "",
        confidential=q.confidential,
        catalogue_version=catalogue.version,
        practices=tuple(practices),
        sections=tuple(sections),
        overall=fmean(all_levels) if all_levels else None,
        answered=answered,
        total=total,
    )
