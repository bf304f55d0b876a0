"""The self-assessment report: a questionnaire scored, traced and laid out as plain data.

`build_report` gathers everything a report shows into one JSON-ready mapping (its shape is
documented in docs/report-json.md and carries `schema_version`); `gapcheck.render.report`
turns it into Markdown, a self-contained HTML page, or JSON. Every report states the scale, the
coverage and the unanswered elements, so a partly answered questionnaire never looks complete.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from gapcheck.applicability import applicability
from gapcheck.first_steps import first_steps
from gapcheck.i18n.content import localise
from gapcheck.i18n.formats import decimal
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.base import N_
from gapcheck.models.questionnaire import SCALE, Questionnaire
from gapcheck.outputs import (
    SCHEMA_VERSION,
    Coverage,
    PracticeRow,
    ReportData,
    ScaleInfo,
    SectionRow,
    header,
)
from gapcheck.questionnaire import version_notice
from gapcheck.roadmap import HELD_BACK_BELOW, held_back, phases, priorities
from gapcheck.scoring import MAX_LEVEL, Assessment, AssessmentStatus, PracticeScore, score

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.graph import Digraph

__all__ = ["SCHEMA_VERSION", "Report", "build_report"]
Format = Literal["md", "html", "json"]
FORMATS: tuple[Format, ...] = ("md", "html", "json")

SCALE_RULES = (
    N_("Each element: %(scale)s; or n/a with a reason; or left empty (not yet answered)."),
    N_(
        "A practice's level is the mean of its answered elements that are not n/a (0 to 4), "
        "also shown as a percentage (level / 4 x 100). All elements n/a: the practice is n/a. "
        "None answered: the practice is not assessed."
    ),
    N_(
        "A section's level is the mean of its assessed practices' levels; the overall level is "
        "the mean over all assessed practices, each practice weighing the same."
    ),
    N_("Coverage is the share of elements answered (n/a counts as answered)."),
    N_(
        "Gap = target - level when the level is below the target (else 0), for each assessed "
        "practice. The target is 3 unless the questionnaire sets another."
    ),
    N_(
        "Priority: the gap times one more than the number of practices that build on the "
        "practice, directly or not, divided by 4. So a gap in a practice much else builds on "
        "comes first."
    ),
    N_(
        "Phase: when a gap can be closed. A practice comes one phase after the latest phase of "
        "any practice with a gap that it builds on; the first actions follow the phases, and "
        "inside a phase the priority."
    ),
    N_("A practice is held back when a practice it builds on is assessed below level %(below)s."),
)


@dataclass(frozen=True)
class Report:
    """A report's data (JSON-ready) and the catalogue it was scored against, for drawing."""

    data: ReportData
    catalogue: Catalogue
    graph: Digraph
    language: str = SOURCE_LANGUAGE


def r4(value: float | None) -> float | None:
    """Round for a stable JSON shape: enough digits to recompute, none of float noise."""
    return None if value is None else round(value, 4)


def percent(level: float | None) -> float | None:
    return None if level is None else r4(level / MAX_LEVEL * 100)


def scale_data(language: str = SOURCE_LANGUAGE) -> ScaleInfo:
    """The scale's words and the scoring rules, in `language`."""
    gettext = translator(language).gettext
    labels = {k: gettext(v) for k, v in SCALE.items()}
    words = {
        "scale": ", ".join(f"{k} {v}" for k, v in labels.items()),
        "below": f"{HELD_BACK_BELOW:g}",
    }
    return {
        "levels": [{"level": k, "label": v} for k, v in labels.items()],
        "max": MAX_LEVEL,
        "rules": [_fill(gettext(rule), words) for rule in SCALE_RULES],
    }


def _fill(text: str, words: Mapping[str, str]) -> str:
    return text % words if "%(" in text else text


def calculation(p: PracticeScore, language: str = SOURCE_LANGUAGE) -> str:
    """How a practice's level was worked out, in one line an official can check by hand."""
    t = translator(language)
    levels = [e.level for e in p.elements if e.level is not None]
    na = sum(e.status is AssessmentStatus.NA for e in p.elements)
    missing = sum(e.status is AssessmentStatus.UNANSWERED for e in p.elements)
    n = len(p.elements)
    if p.status is AssessmentStatus.NA:
        return t.ngettext(
            "all %(n)d elements are n/a, so the practice is n/a",
            "all %(n)d elements are n/a, so the practice is n/a",
            n,
        ) % {"n": n}
    if not levels:
        return t.ngettext(
            "none of the %(n)d elements is answered yet, so it is not assessed",
            "none of the %(n)d elements is answered yet, so it is not assessed",
            n,
        ) % {"n": n}
    sums = " + ".join(str(v) for v in levels)
    text = f"({sums}) / {len(levels)} = {decimal(p.level or 0.0, 2, language)}"
    left_out = []
    if na:
        left_out.append(t.gettext("%(n)d n/a") % {"n": na})
    if missing:
        left_out.append(
            t.ngettext("%(n)d not answered", "%(n)d not answered", missing) % {"n": missing}
        )
    if left_out:
        text += t.gettext("; left out: %(what)s") % {"what": ", ".join(left_out)}
    return text


def _practice_row(
    p: PracticeScore,
    q: Questionnaire,
    catalogue: Catalogue,
    held: tuple[str, ...],
    language: str = SOURCE_LANGUAGE,
) -> PracticeRow:
    gettext = translator(language).gettext
    answers = q.practices.get(p.id)
    custom = answers is not None and answers.target is not None
    wish = answers.assistance if answers else None
    return {
        "id": p.id,
        "number": p.number,
        "title": p.title,
        "section": p.section,
        "status": str(p.status),
        "level": r4(p.level),
        "percent": percent(p.level),
        "target": p.target,
        "target_source": "custom" if custom else "default",
        "gap": r4(p.gap),
        "calculation": calculation(p, language),
        "answered": p.answered,
        "not_applicable": sum(e.status is AssessmentStatus.NA for e in p.elements),
        "elements_total": len(p.elements),
        "not_applicable_reason": p.na_reason,
        "builds_on": [d.id for d in catalogue.by_id[p.id].depends_on],
        "held_back_by": list(held),
        "elements": [
            {
                "id": e.id,
                "text": e.text,
                "question": e.question,
                "status": str(e.status),
                "level": e.level,
                "answer": e.label_in(gettext),
                "reason": e.reason,
                "comment": e.comment,
            }
            for e in p.elements
        ],
        "evidence": p.evidence,
        "notes": p.notes,
        "safeguards": [
            {"kind": s.kind, "name": catalogue.safeguards.get(s.kind, s.kind), "text": s.text}
            for s in p.safeguards
        ],
        "hold_securely": [i.text for i in catalogue.by_id[p.id].indicators if i.hold_securely],
        "assistance": {
            "wanted": bool(wish and wish.wanted),
            "kinds": list(wish.kinds) if wish else [],
            "kind_names": [catalogue.assistance.get(k, k) for k in wish.kinds] if wish else [],
            "note": wish.note if wish else "",
            "time_frame": wish.time_frame if wish else "",
        },
    }


def coverage_data(a: Assessment) -> Coverage:
    na = sum(e.status is AssessmentStatus.NA for p in a.practices for e in p.elements)
    return {
        "answered": a.answered,
        "not_applicable": na,
        "unanswered": a.total - a.answered,
        "total": a.total,
        "share": r4(a.coverage),
        "percent": r4(a.coverage * 100),
        "complete": a.answered == a.total,
        # a blank questionnaire is not "partly answered": it has nothing to report yet
        "progress": "complete" if a.answered == a.total else "none" if not a.answered else "partly",
    }


def build_report(q: Questionnaire, catalogue: Catalogue, language: str = SOURCE_LANGUAGE) -> Report:
    """Score `q` and gather everything a report shows, as plain JSON-ready data.

    In a `language` other than English, the practices' texts are the knowledge base's
    translations (i18n/content.py: the official statement stays English) and every sentence
    gapcheck writes is in that language; ids, levels and scores are the same in every
    language.
    """
    catalogue = localise(catalogue, language)
    graph = catalogue.graph
    a = score(q, catalogue)
    held = held_back(a, graph)
    ranked = priorities(a, graph)
    rows = [_practice_row(p, q, catalogue, held.get(p.id, ()), language) for p in a.practices]
    statuses = [p.status for p in a.practices]
    notice = version_notice(q.catalogue_version, catalogue, translator(language).gettext)
    notices = [notice] if notice else []
    data: ReportData = {
        **header("gapcheck-report", catalogue),
        "questionnaire": {
            "state": q.state,
            "institution": q.institution,
            "respondent": q.respondent,
            "date": q.date.isoformat() if q.date else None,
            "confidential": q.confidential,
            "catalogue_version": q.catalogue_version or None,
            "default_target": q.default_target,
        },
        "scale": scale_data(language),
        "coverage": coverage_data(a),
        "overall": {
            "level": r4(a.overall),
            "percent": percent(a.overall),
            "practices": len(a.practices),
            "assessed": statuses.count(AssessmentStatus.ASSESSED),
            "not_applicable": statuses.count(AssessmentStatus.NA),
            "not_assessed": statuses.count(AssessmentStatus.NOT_ASSESSED),
            "with_gap": len(ranked),
        },
        "sections": [_section_row(s.id, s.title, rows, s.level) for s in a.sections],
        "practices": rows,
        "priorities": [
            {
                "rank": i,
                "id": p.id,
                "title": p.title,
                "gap": r4(p.gap),
                "dependants": p.dependants,
                "priority": r4(p.priority),
                "phase": p.phase,
                "held_back_by": list(p.held_back_by),
                "safeguards": [s["name"] for s in rows[_index(rows, p.id)]["safeguards"]],
            }
            for i, p in enumerate(ranked, start=1)
        ],
        "phases": [
            {"phase": n, "practices": [p.id for p in group]}
            for n, group in enumerate(phases(ranked), start=1)
        ],
        "held_back": [
            {"id": pid, "by": [{"id": b, "level": r4(a.by_id[b].level)} for b in by]}
            for pid, by in sorted(held.items())
        ],
        "first_steps": first_steps(a, ranked, graph, language),
        "applicability": applicability(rows),
        "unanswered": [
            {"practice": p.id, "element": e.id, "text": e.text}
            for p in a.practices
            for e in p.elements
            if e.status is AssessmentStatus.UNANSWERED
        ],
        "notices": notices,
    }
    return Report(data, catalogue, graph, language)


def _index(rows: list[PracticeRow], pid: str) -> int:
    return next(i for i, r in enumerate(rows) if r["id"] == pid)


def _section_row(sid: str, title: str, rows: list[PracticeRow], level: float | None) -> SectionRow:
    members = [r for r in rows if r["section"] == sid]
    assessed = [r for r in members if r["level"] is not None]
    # The target mark beside a section's bar: the mean target of the practices its level
    # averages, so bar and mark compare like with like.
    target = sum(r["target"] for r in assessed) / len(assessed) if assessed else None
    return {
        "id": sid,
        "title": title,
        "level": r4(level),
        "percent": percent(level),
        "target": r4(target),
        "practices": len(members),
        "assessed": len(assessed),
        "not_applicable": sum(r["status"] == str(AssessmentStatus.NA) for r in members),
        "answered": sum(r["answered"] for r in members),
        "elements_total": sum(r["elements_total"] for r in members),
    }
