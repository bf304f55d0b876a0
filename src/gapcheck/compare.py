"""Progress between two assessments of the same State: what improved, regressed, appeared.

The Memorandum asks for assessments to be re-administered at regular intervals; `compare`
scores both questionnaires against the same catalogue and lines them up per practice and per
section, down to the element answers that changed, so every difference can be traced.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from gapcheck.i18n.content import localise
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.base import N_
from gapcheck.outputs import (
    ChangedElement,
    ComparisonData,
    PracticeChange,
    SectionChange,
    Summary,
    header,
)
from gapcheck.report import percent, r4, scale_data
from gapcheck.scoring import Assessment, AssessmentStatus, PracticeScore, score

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.models.questionnaire import Questionnaire


class Change(StrEnum):
    # The values are data (JSON, CSS classes); outputs translate them where they show them.
    IMPROVED = N_("improved")
    REGRESSED = N_("regressed")
    UNCHANGED = N_("unchanged")
    NEWLY_ASSESSED = N_("newly assessed")
    NO_LONGER_ASSESSED = N_("no longer assessed")
    NOT_ASSESSED = N_("not assessed")  # in neither assessment


# Means of at most seven whole numbers differ by at least 1/42 when they differ at all; this
# only absorbs float noise.
EPSILON = 1e-9


def change(old: float | None, new: float | None) -> Change:
    if old is None and new is None:
        return Change.NOT_ASSESSED
    if old is None:
        return Change.NEWLY_ASSESSED
    if new is None:
        return Change.NO_LONGER_ASSESSED
    if new - old > EPSILON:
        return Change.IMPROVED
    if old - new > EPSILON:
        return Change.REGRESSED
    return Change.UNCHANGED


def delta(old: float | None, new: float | None) -> float | None:
    return None if old is None or new is None else r4(new - old)


@dataclass(frozen=True)
class Comparison:
    """A comparison's data (JSON-ready), plus the catalogue for drawing."""

    data: ComparisonData
    catalogue: Catalogue
    language: str = SOURCE_LANGUAGE


def compare(
    old_q: Questionnaire,
    new_q: Questionnaire,
    catalogue: Catalogue,
    language: str = SOURCE_LANGUAGE,
) -> Comparison:
    """Line up two assessments per practice and per section, with deltas (new - old).

    The practices' texts and the notices are in `language`; the rest is numbers and ids.
    """
    catalogue = localise(catalogue, language)
    old, new = score(old_q, catalogue), score(new_q, catalogue)
    gettext = translator(language).gettext
    practices = [
        _practice(o, n, gettext) for o, n in zip(old.practices, new.practices, strict=True)
    ]
    sections: list[SectionChange] = []
    for so, sn in zip(old.sections, new.sections, strict=True):
        sections.append(
            {
                "id": so.id,
                "title": so.title,
                "old": r4(so.level),
                "new": r4(sn.level),
                "delta": delta(so.level, sn.level),
                "change": str(change(so.level, sn.level)),
                "old_assessed": so.assessed,
                "new_assessed": sn.assessed,
                "practices": so.practices,
            }
        )
    counts = {str(c): sum(p["change"] == c for p in practices) for c in Change}
    data: ComparisonData = {
        **header("gapcheck-comparison", catalogue),
        "confidential": old_q.confidential or new_q.confidential,
        "scale": scale_data(language),
        "old": _summary(old_q, old),
        "new": _summary(new_q, new),
        "overall": {
            "old": r4(old.overall),
            "new": r4(new.overall),
            "delta": delta(old.overall, new.overall),
            "change": str(change(old.overall, new.overall)),
        },
        "coverage": {
            "old": r4(old.coverage),
            "new": r4(new.coverage),
            "delta": r4(new.coverage - old.coverage),
        },
        "counts": counts,
        "sections": sections,
        "practices": practices,
        "notices": _notices(old_q, new_q, gettext),
    }
    return Comparison(data, catalogue, language)


def _summary(q: Questionnaire, a: Assessment) -> Summary:
    return {
        "state": q.state,
        "institution": q.institution,
        "date": q.date.isoformat() if q.date else None,
        "overall": r4(a.overall),
        "overall_percent": percent(a.overall),
        "coverage": r4(a.coverage),
        "answered": a.answered,
        "unanswered": a.total - a.answered,
        "total": a.total,
        "assessed": sum(p.status is AssessmentStatus.ASSESSED for p in a.practices),
    }


def _practice(o: PracticeScore, n: PracticeScore, gettext: Callable[[str], str]) -> PracticeChange:
    changed: list[ChangedElement] = [
        {"id": eo.id, "text": eo.text, "old": eo.label_in(gettext), "new": en.label_in(gettext)}
        for eo, en in zip(o.elements, n.elements, strict=True)
        if (eo.status, eo.level) != (en.status, en.level)
    ]
    return {
        "id": o.id,
        "title": o.title,
        "section": o.section,
        "old_status": str(o.status),
        "new_status": str(n.status),
        "old": r4(o.level),
        "new": r4(n.level),
        "delta": delta(o.level, n.level),
        "change": str(change(o.level, n.level)),
        "old_target": o.target,
        "new_target": n.target,
        "old_gap": r4(o.gap),
        "new_gap": r4(n.gap),
        "changed_elements": changed,
    }


def _notices(
    old_q: Questionnaire, new_q: Questionnaire, gettext: Callable[[str], str]
) -> list[str]:
    out = []
    if " ".join(old_q.state.casefold().split()) != " ".join(new_q.state.casefold().split()):
        out.append(
            gettext(
                "The two questionnaires name different States ('%(old)s' and '%(new)s'); a "
                "comparison is meant for two assessments of the same State."
            )
            % {"old": old_q.state, "new": new_q.state}
        )
    if old_q.date and new_q.date and new_q.date < old_q.date:
        out.append(
            gettext(
                "The newer file is dated %(new)s, before the older one (%(old)s); were OLD and "
                "NEW given the wrong way round?"
            )
            % {"new": new_q.date.isoformat(), "old": old_q.date.isoformat()}
        )
    return out
