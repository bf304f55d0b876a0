"""The shapes of gapcheck's JSON outputs: a report, a comparison, the matches.

One TypedDict per object, each field with a line saying what it holds; the producers are typed
with them (so mypy checks every key they write) and docs/report-json.md is printed from them
by `python -m gapcheck.render.json_doc`, so the page cannot drift from the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal, TypedDict

from gapcheck import __version__

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue

# Within one version fields may be added, never removed, renamed or given another meaning.
SCHEMA_VERSION = 1
# matches.json alone is at 2: a request left without an offer no longer lists every request
# holding its offers' places (5.5 million ids, 94 MB at 20,000 x 5,000, all of them already
# under `offers[].requests`), only how many and the first few (docs/capacity.md)
MATCHES_SCHEMA_VERSION = 2
# how many of those holders `taken_by_first` names, as the explanation does
FIRST_HOLDERS = 6

Kind = Literal["gapcheck-report", "gapcheck-comparison"]

# Number fields are rounded to 4 decimals; None is JSON null ("no value").
Level = float | None


class CatalogueInfo(TypedDict):
    version: Annotated[str, "the catalogue version the file was scored against"]
    source: Annotated[str, "title of the Memorandum"]
    publisher: Annotated[str, "who published it"]


class Header(TypedDict):
    schema_version: Annotated[int, "`1`"]
    kind: Annotated[Kind, '`"gapcheck-report"` or `"gapcheck-comparison"`']
    generated_by: Annotated[str, 'e.g. `"gapcheck 0.1.0"`']
    catalogue: Annotated[CatalogueInfo, "the catalogue in use"]


def header(kind: Kind, catalogue: Catalogue) -> Header:
    """What every report and comparison starts with: its version, kind, maker and catalogue."""
    return {
        "schema_version": SCHEMA_VERSION,
        "kind": kind,
        "generated_by": f"gapcheck {__version__}",
        "catalogue": {
            "version": catalogue.version,
            "source": catalogue.meta.source.title,
            "publisher": catalogue.meta.source.publisher,
        },
    }


# ----------------------------------------------------------------------------- report


class QuestionnaireInfo(TypedDict):
    state: Annotated[str, "the State, as written"]
    institution: Annotated[str, 'as written, or `""`']
    respondent: Annotated[str, 'as written, or `""`']
    date: Annotated[str | None, "`YYYY-MM-DD`"]
    confidential: Annotated[bool, "whether the State asked for its answers to be kept private"]
    catalogue_version: Annotated[str | None, "as written in the file"]
    default_target: Annotated[float, "the target of a practice that sets none"]


class ScaleLevel(TypedDict):
    level: Annotated[int, "0 to 4"]
    label: Annotated[str, 'the level in words, e.g. `"partly in place"`']


class ScaleInfo(TypedDict):
    levels: Annotated[list[ScaleLevel], "the levels 0 to 4"]
    max: Annotated[int, "`4`"]
    rules: Annotated[list[str], "the scoring rules in plain words"]


class Coverage(TypedDict):
    answered: Annotated[int, "elements answered, n/a included"]
    not_applicable: Annotated[int, "elements answered n/a"]
    unanswered: Annotated[int, "elements not answered yet"]
    total: Annotated[int, "elements in the catalogue"]
    share: Annotated[Level, "answered / total, 0 to 1"]
    percent: Annotated[Level, "the share × 100"]
    complete: Annotated[bool, "every element answered"]
    progress: Annotated[
        Literal["none", "partly", "complete"],
        "`none` (nothing answered yet), `partly` or `complete`",
    ]


class Overall(TypedDict):
    level: Annotated[Level, "mean level of the assessed practices"]
    percent: Annotated[Level, "level / 4 × 100"]
    practices: Annotated[int, "practices in the catalogue (25)"]
    assessed: Annotated[int, "practices assessed"]
    not_applicable: Annotated[int, "practices n/a"]
    not_assessed: Annotated[int, "practices with no answered element"]
    with_gap: Annotated[int, "practices below their target"]


class SectionRow(TypedDict):
    id: Annotated[str, '`"A"` ... `"E"`']
    title: Annotated[str, 'e.g. `"Defining Goals and Objectives"`']
    level: Annotated[Level, "mean of its assessed practices' levels"]
    percent: Annotated[Level, "level / 4 × 100"]
    target: Annotated[Level, "mean target of its assessed practices (the mark beside its bar)"]
    practices: Annotated[int, "its practices"]
    assessed: Annotated[int, "its practices assessed"]
    not_applicable: Annotated[int, "its practices n/a"]
    answered: Annotated[int, "its elements answered (n/a counted as answered)"]
    elements_total: Annotated[int, "its elements"]


class ElementRow(TypedDict):
    id: Annotated[str, 'e.g. `"GP21.3"`']
    text: Annotated[str, "what the element is"]
    question: Annotated[str, "the question asked"]
    status: Annotated[str, '`"answered"`, `"n/a"` or `"unanswered"`']
    level: Annotated[int | None, "0 to 4"]
    answer: Annotated[str, 'the level in words, e.g. `"2 (partly in place)"`']
    reason: Annotated[str, "why it is n/a, as written"]
    comment: Annotated[str, "as written"]


class Safeguard(TypedDict):
    kind: Annotated[str, "the safeguard's id"]
    name: Annotated[str, "its name"]
    text: Annotated[str, "what to keep in view while closing the gap"]


class Assistance(TypedDict):
    wanted: Annotated[bool, "whether the State asks for help with this practice"]
    kinds: Annotated[list[str], "ids of the kinds of help"]
    kind_names: Annotated[list[str], "their names"]
    note: Annotated[str, "as written"]
    time_frame: Annotated[str, "as written"]


class PracticeRow(TypedDict):
    id: Annotated[str, '`"GP21"`']
    number: Annotated[int, "`21`"]
    title: Annotated[str, "the short title"]
    section: Annotated[str, '`"D"`']
    status: Annotated[str, '`"assessed"`, `"n/a"` or `"not assessed"`']
    level: Annotated[Level, "mean of its answered elements that are not n/a"]
    percent: Annotated[Level, "level / 4 × 100"]
    target: Annotated[float, "the target that sets the gap"]
    target_source: Annotated[
        str, '`"custom"` (set for this practice) or `"default"` (the file\'s `default_target`)'
    ]
    gap: Annotated[Level, "max(0, target − level)"]
    calculation: Annotated[str, 'the working, e.g. `"(2 + 1 + 2 + 1) / 4 = 1.50; left out: 1 n/a"`']
    answered: Annotated[int, "its elements answered"]
    not_applicable: Annotated[int, "its elements n/a"]
    elements_total: Annotated[int, "its elements"]
    not_applicable_reason: Annotated[str, 'why the whole practice is n/a, else `""`']
    builds_on: Annotated[list[str], "ids of its direct prerequisites in the catalogue"]
    held_back_by: Annotated[list[str], "ids of direct prerequisites assessed below level 2"]
    elements: Annotated[list[ElementRow], "its elements"]
    evidence: Annotated[str, "as written"]
    notes: Annotated[str, "as written"]
    safeguards: Annotated[list[Safeguard], "the safeguards to keep in view while closing its gap"]
    hold_securely: Annotated[
        list[str],
        "kinds of evidence that would expose people if a file leaked: keep them in secure "
        "records, out of shared files",
    ]
    assistance: Annotated[Assistance, "the help the State asks for"]


class Priority(TypedDict):
    rank: Annotated[int, "1 for the highest priority"]
    id: Annotated[str, "the practice"]
    title: Annotated[str, "its short title"]
    gap: Annotated[Level, "its gap"]
    dependants: Annotated[int, "practices that build on it, directly or not"]
    priority: Annotated[Level, "gap × (1 + dependants) / 4"]
    phase: Annotated[int, "its phase in the roadmap"]
    held_back_by: Annotated[list[str], "ids of direct prerequisites assessed below level 2"]
    safeguards: Annotated[list[str], "names of its safeguards"]


class Phase(TypedDict):
    phase: Annotated[int, "from 1"]
    practices: Annotated[list[str], "ids of the practices in it, by priority"]


class HeldBy(TypedDict):
    id: Annotated[str, "a prerequisite"]
    level: Annotated[Level, "its level"]


class HeldBack(TypedDict):
    id: Annotated[str, "an assessed practice"]
    by: Annotated[list[HeldBy], "the practices it builds on directly that are below level 2"]


class Unanswered(TypedDict):
    practice: Annotated[str, "practice id"]
    element: Annotated[str, "element id"]
    text: Annotated[str, "what the element is"]


class FirstSteps(TypedDict):
    actions: Annotated[
        list[dict[str, Any]],
        "up to three `{id, title, rank, phase, gap, dependants, reason}`, in phase order and "
        "by rank inside a phase; `reason` is a sentence",
    ]
    warnings: Annotated[
        list[dict[str, Any]],
        "`{kind, ids, text}`; `kind` is `low-coverage` or `prerequisite-not-assessed` (then "
        "`ids` is the placed practice followed by its unassessed prerequisites)",
    ]
    rank_and_phase: Annotated[str, "how rank and phase relate, in plain words"]
    rank_and_phase_example: Annotated[
        str, "a case from this report where a higher rank comes in a later phase, or empty"
    ]
    phases: Annotated[
        list[dict[str, Any]],
        "`{phase, practices, closes, projected_overall}`: `closes` lists `{id, level, "
        "projected}` (the level now and the target), `projected_overall` the overall level "
        "once this phase and those before it are done",
    ]


class NotApplicable(TypedDict):
    element: Annotated[str | None, "the element, or `null` when the whole practice is n/a"]
    reason: Annotated[str, "the reason given"]


class ApplicabilityRow(TypedDict):
    id: Annotated[str, "the practice"]
    title: Annotated[str, "its title"]
    section: Annotated[str, "its section"]
    applies: Annotated[str, "`yes`, `in part` (some elements n/a) or `no` (the whole practice n/a)"]
    status: Annotated[str, "as in a practice"]
    target: Annotated[float, "as in a practice"]
    target_source: Annotated[str, "as in a practice"]
    not_applicable: Annotated[list[NotApplicable], "each n/a element with its reason"]
    evidence: Annotated[str, "the evidence named, as written"]


class ReportData(Header):
    questionnaire: Annotated[QuestionnaireInfo, "who answered, and when"]
    scale: Annotated[ScaleInfo, "the scale and the scoring rules"]
    coverage: Annotated[Coverage, "how much of the questionnaire is answered"]
    overall: Annotated[Overall, "the whole assessment"]
    sections: Annotated[list[SectionRow], "one per section"]
    practices: Annotated[list[PracticeRow], "one per practice"]
    priorities: Annotated[list[Priority], "practices with a gap, highest priority first"]
    phases: Annotated[list[Phase], "the roadmap"]
    held_back: Annotated[list[HeldBack], "practices held back by a prerequisite"]
    first_steps: Annotated[FirstSteps, "what to do first (see scoring.md, What to do first)"]
    applicability: Annotated[
        list[ApplicabilityRow], "the statement of applicability: one row per practice"
    ]
    unanswered: Annotated[list[Unanswered], "every element not answered yet"]
    notices: Annotated[
        list[str], "warnings in plain words, e.g. a questionnaire made for another catalogue"
    ]


# ------------------------------------------------------------------------- comparison


class Summary(TypedDict):
    state: Annotated[str, "as written"]
    institution: Annotated[str, "as written"]
    date: Annotated[str | None, "`YYYY-MM-DD`"]
    overall: Annotated[Level, "overall level"]
    overall_percent: Annotated[Level, "overall level / 4 × 100"]
    coverage: Annotated[Level, "share of elements answered, 0 to 1"]
    answered: Annotated[int, "elements answered"]
    unanswered: Annotated[int, "elements not answered"]
    total: Annotated[int, "elements"]
    assessed: Annotated[int, "practices assessed"]


class Delta(TypedDict):
    old: Annotated[Level, "in the earlier assessment"]
    new: Annotated[Level, "in the newer one"]
    delta: Annotated[Level, "new − old, `null` unless both exist"]


class OverallChange(Delta):
    change: Annotated[str, "the kind of change (below)"]


class SectionChange(TypedDict):
    id: Annotated[str, "the section"]
    title: Annotated[str, "its title"]
    old: Annotated[Level, "its earlier level"]
    new: Annotated[Level, "its newer level"]
    delta: Annotated[Level, "new − old"]
    change: Annotated[str, "the kind of change"]
    old_assessed: Annotated[int, "its practices assessed before"]
    new_assessed: Annotated[int, "its practices assessed now"]
    practices: Annotated[int, "its practices"]


class ChangedElement(TypedDict):
    id: Annotated[str, "the element"]
    text: Annotated[str, "what it is"]
    old: Annotated[str, "the earlier answer in words"]
    new: Annotated[str, "the newer answer in words"]


class PracticeChange(TypedDict):
    id: Annotated[str, "the practice"]
    title: Annotated[str, "its short title"]
    section: Annotated[str, "its section"]
    old_status: Annotated[str, "its earlier status"]
    new_status: Annotated[str, "its newer status"]
    old: Annotated[Level, "its earlier level"]
    new: Annotated[Level, "its newer level"]
    delta: Annotated[Level, "new − old"]
    change: Annotated[str, "the kind of change"]
    old_target: Annotated[float, "its earlier target"]
    new_target: Annotated[float, "its newer target"]
    old_gap: Annotated[Level, "its earlier gap"]
    new_gap: Annotated[Level, "its newer gap"]
    changed_elements: Annotated[list[ChangedElement], "each element whose answer changed"]


class ComparisonData(Header):
    confidential: Annotated[bool, "true when either questionnaire is confidential"]
    scale: Annotated[ScaleInfo, "as in a report"]
    old: Annotated[Summary, "the earlier assessment"]
    new: Annotated[Summary, "the newer one"]
    overall: Annotated[OverallChange, "the overall level"]
    coverage: Annotated[Delta, "the shares of elements answered"]
    counts: Annotated[dict[str, int], "number of practices for each kind of change"]
    sections: Annotated[list[SectionChange], "one per section"]
    practices: Annotated[list[PracticeChange], "one per practice"]
    notices: Annotated[
        list[str], "e.g. the files name different States, or NEW is dated before OLD"
    ]


# ---------------------------------------------------------------------------- matches


class RequestCells(TypedDict):
    request: Annotated[str, "the request's id, or its reference when confidential"]
    state: Annotated[str | None, "the State, or `null` when this audience may not see it"]
    practice: Annotated[str, "the practice"]


class MatchRow(RequestCells):
    priority: Annotated[float, "the request's priority, as stated by the requesting State"]
    offer: Annotated[str, "the offer's id"]
    provider: Annotated[str, "who offers"]
    fit: Annotated[
        float | None,
        "how well the offer fits, from about 1.17 to 4 (capacity.md); `null` when withheld "
        "from donors",
    ]
    weight: Annotated[
        float | None,
        "0.1 + priority; `null` when withheld from donors",
    ]
    score: Annotated[
        float | None,
        "weight × fit; `null` when withheld from donors",
    ]
    named: Annotated[bool, "whether the offer names the practice"]
    kinds: Annotated[list[str], "kinds of help both share"]
    languages: Annotated[
        list[str] | None,
        "languages both share; `null` when withheld from donors",
    ]
    region: Annotated[
        bool | None,
        "whether the offer covers the State's region; `null` when withheld from donors",
    ]
    why: Annotated[str, "why this offer, in plain words"]


class UnmatchedRow(RequestCells):
    priority: Annotated[float, "the request's priority, as stated by the requesting State"]
    reason: Annotated[str, "why no offer was matched"]
    offers: Annotated[list[str], "offers that could have served it"]
    taken_by_count: Annotated[
        int,
        "how many requests (that this audience may see) took those offers when they are full, "
        "0 otherwise; all of them are in those offers' `offers[].requests`",
    ]
    taken_by_first: Annotated[list[str], "the first six of them, in id order, as `why` names them"]
    why: Annotated[str, "the reason in plain words"]


class OfferRow(TypedDict):
    id: Annotated[str, "the offer"]
    provider: Annotated[str, "who offers"]
    capacity: Annotated[int, "how many requests it can take"]
    taken: Annotated[int, "how many it took"]
    requests: Annotated[list[str], "the requests it took (ids or references)"]


class UnderWay(RequestCells):
    status: Annotated[str, "where it stands"]


class MatchesData(TypedDict):
    schema_version: Annotated[int, "`2` (a report and a comparison are at `1`)"]
    view: Annotated[str, "the audience: `donors` or `admin`"]
    solver: Annotated[str, "`scipy` or `flow`"]
    date: Annotated[str | None, "offers open on this day, `YYYY-MM-DD`"]
    total_score: Annotated[float, "the sum of the matches' scores"]
    admissible_pairs: Annotated[int, "request-offer pairs that could be matched"]
    priorities: Annotated[
        str,
        "where the priorities come from: `as stated by the requesting State` (its requests "
        "file; not checked against its questionnaire)",
    ]
    matches: Annotated[list[MatchRow], "one per match"]
    unmatched: Annotated[list[UnmatchedRow], "open requests left without an offer"]
    offers: Annotated[list[OfferRow], "every offer"]
    under_way: Annotated[list[UnderWay], "requests no longer open"]
