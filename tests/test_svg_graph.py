"""The graph SVG: well-formed, one box per practice, one curve per edge, links and escaping."""

from __future__ import annotations

import functools
import itertools
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gapcheck.catalogue import Catalogue, load_catalogue
from gapcheck.graph import Digraph, build_graph, neighbourhood
from gapcheck.render.svg_graph import crossings, expanded, graph_svg, order_columns
from tests.conftest import PRACTICES

NS = {"svg": "http://www.w3.org/2000/svg"}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def attr(el: ET.Element | None, name: str) -> str:
    """An attribute the drawing must have: a missing one fails the test where it is read."""
    assert el is not None, name
    value = el.get(name)
    assert value is not None, name
    return value


def nodes(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{NS['svg']}}}g") if "gc-node" in g.get("class", "")]


def edges(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{{{NS['svg']}}}g") if g.get("class") == "gc-edge"]


def test_whole_graph_has_one_node_per_practice_and_one_path_per_edge(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    root = parse(graph_svg(g, catalogue))
    assert sorted(attr(n, "data-id") for n in nodes(root)) == sorted(p.id for p in catalogue)
    drawn = sorted((e.get("data-from"), e.get("data-to")) for e in edges(root))
    assert drawn == sorted(g.edges)
    assert len(root.findall(".//svg:path", NS)) == len(g.edges)
    assert root.get("width") == "100%"
    x, y, w, h = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y) == (0, 0) and w > 0 and h > 0


def test_edges_carry_their_reason_and_nodes_a_tooltip(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    root = parse(graph_svg(g, catalogue))
    gp03 = catalogue.by_id["GP03"]
    edge = next(
        e for e in edges(root) if (e.get("data-from"), e.get("data-to")) == ("GP01", "GP03")
    )
    reason = next(d.reason for d in gp03.depends_on if d.id == "GP01")
    assert " ".join(reason.split()) in " ".join(edge.findtext("svg:title", "", NS).split())
    node = next(n for n in nodes(root) if n.get("data-id") == "GP03")
    assert gp03.title in node.findtext("svg:title", "", NS)
    assert "GP03" in "".join(node.itertext())


def test_columns_follow_prerequisites(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    root = parse(graph_svg(g, catalogue))
    x = {attr(n, "data-id"): float(attr(n.find("svg:rect", NS), "x")) for n in nodes(root)}
    for a, b in g.edges:
        assert x[a] < x[b], f"{a} should be drawn left of {b}"


def test_links_wrap_every_node_when_href_is_given(catalogue: Catalogue) -> None:
    g = neighbourhood(build_graph(catalogue), "GP03")
    root = parse(graph_svg(g, catalogue, href=lambda pid: f"../practices/{pid.lower()}.html"))
    links = root.findall(".//svg:a", NS)
    assert sorted(attr(a, "href") for a in links) == sorted(
        f"../practices/{pid.lower()}.html" for pid in g.nodes
    )
    for a in links:
        assert attr(a.find("svg:g", NS), "data-id").lower() in attr(a, "href")


def test_no_links_without_href(catalogue: Catalogue) -> None:
    root = parse(graph_svg(build_graph(catalogue), catalogue))
    assert root.findall(".//svg:a", NS) == []


def test_fill_label_extra_and_highlight(catalogue: Catalogue) -> None:
    g = neighbourhood(build_graph(catalogue), "GP03")
    svg = graph_svg(
        g,
        catalogue,
        fill={"GP03": "#1a3d6b", "GP01": "#ffe9a8"},
        label_extra={"GP03": "2.3 / 3"},
        highlight="GP03",
    )
    by_id = {n.get("data-id"): n for n in nodes(parse(svg))}
    gp03 = by_id["GP03"]
    assert "gc-highlight" in gp03.get("class", "")
    assert "gc-dark" in gp03.get("class", "")  # white text on a dark fill
    assert "gc-light" in by_id["GP01"].get("class", "")
    assert "fill:#1a3d6b" in gp03.find("svg:rect", NS).get("style", "")  # type: ignore[union-attr]
    assert "2.3 / 3" in "".join(gp03.itertext())
    assert "gc-highlight" not in by_id["GP01"].get("class", "")


def test_a_fill_that_is_not_a_colour_is_refused(catalogue: Catalogue) -> None:
    g = neighbourhood(build_graph(catalogue), "GP03")
    with pytest.raises(ValueError, match="not a colour"):
        graph_svg(g, catalogue, fill={"GP03": 'red" onload="alert(1)'})


def test_text_is_escaped(catalogue: Catalogue) -> None:
    g = Digraph(
        [
            ("GP90", {"title": '<script>alert("x")</script> & co', "number": 90}),
            ("GP91", {"title": "Plain", "number": 91}),
        ],
        [("GP90", "GP91", {"reason": "because <b>bold</b> & 'quoted'"})],
    )
    svg = graph_svg(
        g,
        catalogue,
        label_extra={"GP91": "<i>1 & 2</i>"},
        href=lambda pid: f'x.html?a=1&b="{pid}"',
        title="A <title> & more",
    )
    assert "<script>" not in svg and "<b>" not in svg and "<i>" not in svg
    root = parse(svg)
    tooltip = nodes(root)[0].findtext("svg:title", "", NS)
    assert '<script>alert("x")</script> & co' in tooltip
    assert "<i>1 & 2</i>" in "".join(nodes(root)[1].itertext())
    assert root.find("svg:title", NS).text == "A <title> & more"  # type: ignore[union-attr]
    assert root.find(".//svg:a", NS).get("href") == 'x.html?a=1&b="GP90"'  # type: ignore[union-attr]
    edge_title = edges(root)[0].findtext("svg:title", "", NS)
    assert "because <b>bold</b> & 'quoted'" in edge_title


def test_output_is_deterministic(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    assert graph_svg(g, catalogue) == graph_svg(build_graph(catalogue), catalogue)


def test_ordering_reduces_crossings(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    routed = expanded(g)
    assert crossings(routed, order_columns(g)) < crossings(routed, order_columns(g, sweeps=0)) / 2


def test_long_edges_run_between_the_boxes_they_pass(catalogue: Catalogue) -> None:
    g = build_graph(catalogue)
    root = parse(graph_svg(g, catalogue))
    rects = [
        tuple(float(r.get(k, 0)) for k in ("x", "y", "width", "height"))
        for r in root.iter(f"{{{NS['svg']}}}rect")
    ]
    passes = 0
    for edge in edges(root):
        d = edge.find("svg:path", NS).get("d", "")  # type: ignore[union-attr]
        # Each "C ... x y L x2 y" is a straight run across one column, at height y.
        for x1, y, x2 in re.findall(r"C[^C]*? ([\d.]+) ([\d.]+) L([\d.]+) [\d.]+", d):
            passes += 1
            for rx, ry, _width, rh in rects:
                if rx == float(x1):
                    assert not ry <= float(y) <= ry + rh, f"{edge.get('data-from')} -> ..."
            assert float(x2) > float(x1)
    routed = expanded(g)
    assert passes == len(routed) - len(g) > 0


def test_crossings_counts_an_x() -> None:
    g = Digraph((), [("a", "d", {}), ("b", "c", {})])
    assert crossings(g, [["a", "b"], ["c", "d"]]) == 1
    assert crossings(g, [["a", "b"], ["d", "c"]]) == 0
    assert crossings(g, order_columns(g)) == 0


def test_empty_graph_is_still_an_svg(catalogue: Catalogue) -> None:
    root = parse(graph_svg(Digraph(), catalogue))
    assert nodes(root) == []


@st.composite
def dags(draw: st.DrawFn) -> Digraph:
    n = draw(st.integers(min_value=1, max_value=12))
    nodes = [
        (f"GP{i + 60:02d}", {"title": draw(st.text(max_size=40)), "number": i + 60})
        for i in range(n)
    ]
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=n * 2))
    edges = [
        (f"GP{a + 60:02d}", f"GP{b + 60:02d}", {"reason": draw(st.text(max_size=30))})
        for a, b in pairs
        if a < b  # edges only forward: always acyclic
    ]
    return Digraph(nodes, edges)


@functools.cache
def shipped() -> Catalogue:
    return load_catalogue(PRACTICES)


@settings(max_examples=60, deadline=None)
@given(g=dags())
def test_any_dag_gives_wellformed_svg_with_everything_drawn(g: Digraph) -> None:
    root = parse(graph_svg(g, shipped(), href=lambda pid: f"{pid}.html", title="t\x00\x1b"))
    assert sorted(attr(n, "data-id") for n in nodes(root)) == sorted(g.nodes)
    assert len(edges(root)) == len(g.edges)
    columns = order_columns(g)
    assert sorted(p for c in columns for p in c if p in g) == sorted(g.nodes)
    routed = expanded(g)
    assert sorted(p for c in columns for p in c) == sorted(routed.nodes)
    assert crossings(routed, columns) <= crossings(routed, order_columns(g, sweeps=0))
    x = {attr(n, "data-id"): float(attr(n.find("svg:rect", NS), "x")) for n in nodes(root)}
    assert all(x[a] < x[b] for a, b in g.edges)


def geometric_crossings(graph: Digraph, columns: list[list[str]]) -> int:
    """The plain definition: every pair of segments that share no end, tested geometrically."""
    from gapcheck.render.svg_graph import _intersect, _positions

    ys = _positions(columns)
    xs = {pid: ci for ci, column in enumerate(columns) for pid in column}
    segments = [((xs[a], ys[a]), (xs[b], ys[b]), a, b) for a, b in graph.edges]
    return sum(
        1
        for (p1, p2, a1, b1), (q1, q2, a2, b2) in itertools.combinations(segments, 2)
        if not {a1, b1} & {a2, b2} and _intersect(p1, p2, q1, q2)
    )


@settings(max_examples=80, deadline=None)
@given(g=dags(), data=st.data())
def test_crossings_equal_the_geometric_count(g: Digraph, data: st.DataObject) -> None:
    columns = [data.draw(st.permutations(c)) for c in order_columns(g, sweeps=0)]
    assert crossings(g, columns) == geometric_crossings(g, columns)  # long edges as they are
    routed = expanded(g)
    assert crossings(routed, columns) == geometric_crossings(routed, columns)
