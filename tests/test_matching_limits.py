"""The matcher at its limits: one offer for 10,000 requests, huge offers, numbers out of range."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from gapcheck.capacity import pairs
from gapcheck.capacity.loading import load_offers, load_requests
from gapcheck.capacity.matching import match
from gapcheck.capacity.solvers import Instance, solve
from gapcheck.catalogue import Catalogue
from gapcheck.errors import GapcheckError, InputError
from gapcheck.models.capacity import Event, Offer, Provider, Request, RequestStatus

DAY = dt.date(2026, 6, 1)


def requests(n: int, practice: str = "GP03") -> list[Request]:
    history = [Event(status=RequestStatus.REQUESTED, date=DAY)]
    return [
        Request(
            id=f"r-{i:05d}",
            state="Republic of Testland",
            practice=practice,
            target=3,
            kinds=["training"],
            priority=(i % 7) / 2,
            history=history,
        )
        for i in range(n)
    ]


def test_one_offer_takes_all_of_ten_thousand_requests(catalogue: Catalogue) -> None:
    # the slot expansion this replaced ran out of memory here
    offer = Offer(
        id="big", provider=Provider(name="P"), sections=["B"], kinds=["training"], capacity=10_000
    )
    outcome = match(requests(10_000), [offer], catalogue)
    assert len(outcome.matches) == 10_000 and not outcome.unmatched


def test_more_requests_than_places_leaves_the_lowest_priorities(catalogue: Catalogue) -> None:
    offer = Offer(
        id="big", provider=Provider(name="P"), sections=["B"], kinds=["training"], capacity=3_000
    )
    asked = requests(5_000)
    outcome = match(asked, [offer], catalogue)
    assert len(outcome.matches) == 3_000
    lowest_matched = min(m.request.priority for m in outcome.matches)
    assert all(u.request.priority <= lowest_matched for u in outcome.unmatched)


def test_an_offer_with_200000_regions_is_refused_at_its_position(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    path = tmp_path / "offers.yaml"
    regions = ", ".join(f"r{i}" for i in range(200_000))
    path.write_text(
        "provider: P\noffers:\n- id: wide\n  practices: [GP03]\n  kinds: [training]\n"
        f"  regions: [{regions}]\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as e:
        load_offers([path], catalogue)
    [problem] = e.value.problems
    assert (problem.line, problem.col) == (6, 12)
    assert "more than 25 regions" in problem.message


def test_too_many_pairs_are_refused_before_they_are_built(
    catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pairs, "MAX_PAIRS", 1_000)
    offer = Offer(
        id="big", provider=Provider(name="P"), sections=["B"], kinds=["training"], capacity=10
    )
    with pytest.raises(GapcheckError, match="more than 1,000 possible pairs"):
        match(requests(1_001), [offer], catalogue)
    assert len(match(requests(1_000), [offer], catalogue).matches) == 10


def test_scores_beyond_the_solver_s_range_are_refused() -> None:
    one = np.array([0], dtype=np.int64)
    fits = Instance(1, np.array([1], dtype=np.int64), one, one, np.array([2**40]))
    assert solve(fits).tolist() == [0]
    too_big = Instance(1, np.array([1], dtype=np.int64), one, one, np.array([2**60]))
    with pytest.raises(GapcheckError, match="too large to match exactly"):
        solve(too_big)


OFFER = "provider: P\noffers:\n- id: wide\n  practices: [GP03]\n  kinds: [training]\n"
REQUEST = """requests:
- id: norland-2026-03-15-gp03
  state: Kingdom of Norland
  practice: GP03
  target: 3
  kinds: [training]
  history: [{status: requested, date: 2026-06-01}]
"""


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("practices", "GP03", "practices"),
        ("sections", "B", "sections"),
        ("kinds", "training", "kinds of assistance"),
        ("languages", "en", "languages"),
        ("regions", "Sahel", "regions"),
    ],
)
def test_every_list_of_an_offer_is_bounded_at_its_position(
    tmp_path: Path, catalogue: Catalogue, key: str, value: str, words: str
) -> None:
    lines = [line for line in OFFER.splitlines() if not line.startswith(f"  {key}:")]
    lines.append(f"  {key}: [{', '.join([value] * 26)}]")
    path = tmp_path / "offers.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_offers([path], catalogue)
    [problem] = e.value.problems
    assert problem.line == len(lines)
    assert f"more than 25 {words}" in problem.message
    # 25 is still read
    path.write_text("\n".join([*lines[:-1], f"  {key}: [{', '.join([value] * 25)}]"]) + "\n")
    assert len(load_offers([path], catalogue)) == 1


@pytest.mark.parametrize(
    ("key", "value", "words", "limit"),
    [
        ("kinds", "training", "kinds of assistance", 25),
        ("languages", "en", "languages", 25),
        ("elements", "{id: GP03.1, level: 1, target: 3}", "elements", 10),
    ],
)
def test_every_list_of_a_request_is_bounded_at_its_position(
    tmp_path: Path, catalogue: Catalogue, key: str, value: str, words: str, limit: int
) -> None:
    lines = [line for line in REQUEST.splitlines() if not line.startswith(f"  {key}:")]
    lines.append(f"  {key}: [{', '.join([value] * (limit + 1))}]")
    path = tmp_path / "requests.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_requests([path], catalogue)
    [problem] = e.value.problems
    assert problem.line == len(lines)
    assert f"more than {limit} {words}" in problem.message
    path.write_text("\n".join([*lines[:-1], f"  {key}: [{', '.join([value] * limit)}]"]) + "\n")
    assert len(load_requests([path], catalogue)) == 1


def test_requests_over_the_limit_are_refused_across_files(
    tmp_path: Path, catalogue: Catalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gapcheck.capacity import loading

    monkeypatch.setattr(loading, "MAX_REQUESTS", 3)
    paths = []
    for n in range(2):
        body = "requests:\n" + "".join(
            REQUEST.split("\n", 1)[1].replace("gp03", f"gp03-{n}{i}") for i in range(2)
        )
        paths.append(tmp_path / f"r{n}.yaml")
        paths[-1].write_text(body, encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_requests(paths, catalogue)
    [problem] = e.value.problems
    # the fourth request, the first over the limit: the second of the second file
    assert (problem.path, problem.line) == (str(paths[1]), 8)
    assert "more than 3 requests in all" in problem.message
