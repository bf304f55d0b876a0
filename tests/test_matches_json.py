"""matches.json, schema_version 2: a request left out names how many requests hold its full
offers' places and the first six, not all of them (the whole lists are the offers')."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from gapcheck.capacity.requests import dump_requests
from gapcheck.models.capacity import Event, Request, RequestStatus

from .conftest import invoke

DAY = dt.date(2026, 6, 1)
OFFERS = """\
provider: {name: Generated provider}
offers:
- {id: first, sections: [B], kinds: [training], capacity: 4}
- {id: second, sections: [B], kinds: [training], capacity: 4}
"""


def _requests(n: int) -> list[Request]:
    history = [Event(status=RequestStatus.REQUESTED, date=DAY)]
    return [
        Request(
            id=f"r-{i:02d}",
            state="Republic of Testland",
            practice="GP03",
            target=3,
            kinds=["training"],
            priority=i % 3,
            history=history,
        )
        for i in range(n)
    ]


def test_a_request_left_out_gives_the_count_and_first_six_of_the_holders(
    tmp_path: Path,
) -> None:
    requests = tmp_path / "requests.yaml"
    requests.write_text(dump_requests(_requests(11), ""), encoding="utf-8")
    offers = tmp_path / "offers.yaml"
    offers.write_text(OFFERS, encoding="utf-8")
    out = tmp_path / "out"
    code, _, stderr = invoke("match", requests, offers, "--date", "2026-06-15", "-o", out)
    assert code == 0, stderr
    data = json.loads((out / "matches.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 2
    # 11 requests, 8 places: three left out, each with both offers full
    assert len(data["matches"]) == 8 and len(data["unmatched"]) == 3
    held = {o["id"]: o["requests"] for o in data["offers"]}
    for u in data["unmatched"]:
        assert "taken_by" not in u
        assert u["reason"] == "full" and sorted(u["offers"]) == ["first", "second"]
        holders = sorted({r for offer in u["offers"] for r in held[offer]})
        assert u["taken_by_count"] == len(holders) == 8
        assert u["taken_by_first"] == holders[:6]
        assert ", ".join(holders[:6]) + " and 2 more" in u["why"]


def test_a_request_without_full_offers_has_no_holders(tmp_path: Path) -> None:
    requests = tmp_path / "requests.yaml"
    asked = _requests(1)
    asked[0] = asked[0].model_copy(update={"practice": "GP01"})  # section A: no offer covers it
    requests.write_text(dump_requests(asked, ""), encoding="utf-8")
    offers = tmp_path / "offers.yaml"
    offers.write_text(OFFERS, encoding="utf-8")
    code, out, stderr = invoke("match", requests, offers, "--date", "2026-06-15", "-f", "json")
    assert code == 0, stderr
    [left] = json.loads(out)["unmatched"]
    assert left["reason"] == "no-offer"
    assert (left["taken_by_count"], left["taken_by_first"]) == (0, [])
