"""Who takes part in an overview, and with what: one scored row per State and date.

Only levels, the region and the opt-ins are kept: no free text from a questionnaire ever
reaches an aggregate, so nothing a State wrote in its notes can leak into one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gapcheck.capacity.fit import normal_region
from gapcheck.catalogue import Catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.scoring import score


@dataclass(frozen=True)
class Participant:
    """One State's questionnaire at one date, reduced to what aggregates may use."""

    key: str  # the State as matched across dates and requests (normalised name)
    state: str
    date: str
    region: str  # normalised; "" when not given
    region_label: str
    confidential: bool
    share: bool  # share_in_aggregates
    listed: bool  # list_in_overview
    practices: dict[str, float]  # assessed practices only
    sections: dict[str, float]  # sections with at least one assessed practice

    @property
    def eligible(self) -> bool:
        """May enter an aggregate shown outside the Administrative Unit."""
        return not self.confidential or self.share


def state_key(name: str) -> str:
    return " ".join(name.casefold().split())


def participant(q: Questionnaire, catalogue: Catalogue) -> Participant:
    a = score(q, catalogue)
    return Participant(
        key=state_key(q.state),
        state=q.state,
        date=a.date,
        region=normal_region(q.region),
        region_label=" ".join(q.region.split()),
        confidential=q.confidential,
        share=q.share_in_aggregates,
        listed=q.list_in_overview,
        practices={p.id: p.level for p in a.practices if p.level is not None},
        sections={s.id: s.level for s in a.sections if s.level is not None},
    )


@dataclass(frozen=True)
class Population:
    """Each State's latest questionnaire, and the earlier one for those given at two dates."""

    latest: tuple[Participant, ...]
    earlier: dict[str, Participant]


def population(questionnaires: Iterable[Questionnaire], catalogue: Catalogue) -> Population:
    by_state: dict[str, list[Participant]] = {}
    for q in questionnaires:
        p = participant(q, catalogue)
        by_state.setdefault(p.key, []).append(p)
    latest: list[Participant] = []
    earlier: dict[str, Participant] = {}
    for key in sorted(by_state):
        # undated sorts first: a dated questionnaire is the more recent statement
        rows = sorted(by_state[key], key=lambda p: p.date)
        latest.append(rows[-1])
        if len(rows) > 1 and rows[0].date != rows[-1].date:
            earlier[key] = rows[0]
    return Population(tuple(latest), earlier)
