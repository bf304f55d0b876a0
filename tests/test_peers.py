"""`add_peers`, the library side of `gapcheck report --peers`, called directly."""

from __future__ import annotations

from pathlib import Path
from statistics import quantiles
from typing import Any, cast

from gapcheck.catalogue import Catalogue
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.overview.peers import add_peers
from gapcheck.report import build_report
from tests.overview_support import questionnaire, request, state_name, write_yaml


def _own(tmp_path: Path, catalogue: Catalogue) -> tuple[Path, Questionnaire]:
    data = questionnaire(catalogue, "Republic of Arcadia", {"GP01": 2})
    path = tmp_path / "own.yaml"
    write_yaml(path, data)
    return path, Questionnaire.model_validate(data)


def test_add_peers_places_the_state_and_names_the_files_read(
    tmp_path: Path, catalogue: Catalogue
) -> None:
    peers = tmp_path / "peers"
    peers.mkdir()
    levels = [0, 1, 1, 3, 4, 4]
    for i, level in enumerate(levels):
        write_yaml(peers / f"p{i}.yaml", questionnaire(catalogue, state_name(i), {"GP01": level}))
    # a requests file kept beside them is passed over, and the State's own file is not a peer
    write_yaml(
        peers / "requests.yaml", {"requests": [request(state_name(0), "GP01", ["training"], n=1)]}
    )
    own_path, q = _own(peers, catalogue)
    built = build_report(q, catalogue)

    files = add_peers(built, q, own_path, peers, min_group=5)

    assert sorted(Path(f).name for f in files) == [f"p{i}.yaml" for i in range(len(levels))]
    part = cast("dict[str, Any]", built.data)["peers"]
    assert part["min_group"] == 5
    a = next(s for s in part["sections"] if s["id"] == "A")  # section A holds GP01 alone
    assert a["level"] == 2.0 and a["peers"] == len(levels)
    q1, median, q3 = quantiles(levels, n=4, method="inclusive")
    assert (a["q1"], a["median"], a["q3"]) == (round(q1, 2), round(median, 2), round(q3, 2))
    assert a["place"].startswith("among")
    b = next(s for s in part["sections"] if s["id"] == "B")
    assert b["peers"] is None and b["reason"] == "no peer has assessed this section"


def test_add_peers_with_too_few_shows_no_figure(tmp_path: Path, catalogue: Catalogue) -> None:
    for i in range(2):
        write_yaml(tmp_path / f"p{i}.yaml", questionnaire(catalogue, state_name(i), {"GP01": i}))
    own_path, q = _own(tmp_path, catalogue)
    built = build_report(q, catalogue)

    assert len(add_peers(built, q, own_path, tmp_path, min_group=3)) == 2
    a = cast("dict[str, Any]", built.data)["peers"]["sections"][0]
    assert a["peers"] is None and a["median"] is None and "fewer than 3" in a["reason"]
