"""A dependency graph of practices drawn as a self-contained SVG, with no outside tools.

Columns are topological generations (prerequisites left, what builds on them right); within a
column, nodes are ordered by the mean position of their neighbours, a few sweeps each way,
keeping the order with the fewest crossings. The output is deterministic: the same graph gives
the same bytes, so generated pages and reports can be compared and cached.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations, pairwise

from gapcheck.catalogue import Catalogue
from gapcheck.graph import Digraph
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.render.environment import render_template

BOX_W = 176
GAP_X = 64
GAP_Y = 18
MARGIN = 12
LINE_H = 15
PAD_Y = 9
WRAP = 24
SWEEPS = 4
WAYPOINT_H = 6
WAYPOINT_GAP = 8

# Embedded once per SVG; identical rules, so several graphs on one page agree. The custom
# properties let a page (the site's dark palette) recolour the graph without touching it.
_STYLE = (
    ".gc-node rect{fill:var(--gc-node-bg,#f3f5f9);stroke:var(--gc-node-line,#55657d);"
    "stroke-width:1.2}"
    ".gc-node text{fill:var(--gc-node-text,#18202c);font:12px/1.2 system-ui,sans-serif}"
    ".gc-node .gc-id{font-weight:700}"
    ".gc-node.gc-dark text{fill:#fff}"
    ".gc-node.gc-light text{fill:#18202c}"
    ".gc-highlight rect{stroke:var(--gc-accent,#b4531f);stroke-width:3}"
    ".gc-edge path{fill:none;stroke:var(--gc-edge,#8593a6);stroke-width:1.6}"
    ".gc-edge polygon{fill:var(--gc-edge,#8593a6)}"
    ".gc-edge:hover path{stroke:var(--gc-accent,#b4531f);stroke-width:2.6}"
    "a.gc-link:hover rect,a.gc-link:focus rect{stroke:var(--gc-accent,#b4531f);stroke-width:2.6}"
)

# Colours come from code (levels in a report), but they end up in a style attribute: accept
# only what a colour can look like, so nothing else can ride along.
_COLOUR = re.compile(r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]{3,20}|(rgb|rgba|hsl|hsla|var)\([-\w\s,.%]+\))$")


@dataclass(frozen=True)
class _Box:
    pid: str
    x: float
    y: float
    lines: tuple[str, ...]


def graph_svg(
    graph: Digraph,
    catalogue: Catalogue,
    *,
    fill: dict[str, str] | None = None,
    label_extra: dict[str, str] | None = None,
    href: Callable[[str], str] | None = None,
    highlight: str | None = None,
    title: str = "",
    language: str = SOURCE_LANGUAGE,
) -> str:
    """Draw `graph` (edges from prerequisite to dependant) as an SVG string.

    `fill` colours nodes by id, `label_extra` adds a last line to a node (e.g. "2.3 / 3"),
    `href` turns each node into a link, `highlight` outlines one node, `title` names the image
    for screen readers. The words gapcheck adds are in `language` (the practices' titles are
    the catalogue's own: localise it first); the layout stays left to right in every language.
    """
    gettext = translator(language).gettext
    fill = fill or {}
    label_extra = label_extra or {}
    for pid, colour in fill.items():
        if not _COLOUR.match(colour):
            raise ValueError(f"fill for {pid}: {colour!r} is not a colour")
    routed = expanded(graph)
    columns = order_columns(graph)
    labels = {pid: _label(pid, graph, catalogue, label_extra.get(pid)) for pid in graph.nodes}
    box_h = PAD_Y * 2 + LINE_H * max((len(v) for v in labels.values()), default=1)

    def slot_h(slot: str) -> float:
        return box_h if slot in graph else WAYPOINT_H

    def column_h(column: list[str]) -> float:
        gaps = sum(_gap(a in graph, b in graph) for a, b in pairwise(column))
        return sum(slot_h(s) for s in column) + gaps

    height = MARGIN * 2 + max((column_h(c) for c in columns), default=0)
    width = MARGIN * 2 + len(columns) * BOX_W + max(len(columns) - 1, 0) * GAP_X
    boxes: dict[str, _Box] = {}
    for ci, column in enumerate(columns):
        y = MARGIN + (height - 2 * MARGIN - column_h(column)) / 2
        x = MARGIN + ci * (BOX_W + GAP_X)
        for ri, slot in enumerate(column):
            if ri:
                y += _gap(column[ri - 1] in graph, slot in graph)
            boxes[slot] = _Box(slot, x, y, labels.get(slot, ()))
            y += slot_h(slot)

    edges = [
        _edge(
            boxes[a],
            [boxes[w] for w in _route(routed, a, b)],
            boxes[b],
            box_h,
            str(graph.edges[a, b].get("reason") or ""),
        )
        for a, b in sorted(graph.edges)
    ]
    nodes = [
        _node(
            boxes[pid],
            box_h,
            _tooltip(pid, graph, catalogue, label_extra.get(pid), gettext),
            fill.get(pid),
            href(pid) if href else None,
            pid == highlight,
        )
        for column in columns
        for pid in column
        if pid in graph
    ]
    return render_template(
        "graph.svg.j2",
        language=language,
        width=width,
        height=_n(height),
        label=title or gettext("Dependency graph of the practices"),
        style=_STYLE,
        edges=edges,
        nodes=nodes,
    )


def _gap(a_is_node: bool, b_is_node: bool) -> float:
    return GAP_Y if a_is_node and b_is_node else WAYPOINT_GAP


def _waypoint(a: str, b: str, column: int) -> str:
    return f"{a}\x1f{b}\x1f{column}"  # \x1f cannot occur in a practice id


def expanded(graph: Digraph) -> Digraph:
    """The graph with every edge that skips columns split by one waypoint per skipped column.

    Waypoints take a thin slot in their column, so a long edge runs between the boxes of the
    columns it crosses instead of behind them, and crossings can be counted column by column.
    """
    column = {n: i for i, gen in enumerate(graph.generations()) for n in gen}
    nodes = {
        n: {"column": column[n], "number": int(graph.nodes[n].get("number", 0))} for n in graph
    }
    edges: list[tuple[str, str, dict[str, object]]] = []
    for a, b in graph.edges:
        previous = a
        for c in range(column[a] + 1, column[b]):
            point = _waypoint(a, b, c)
            nodes[point] = {"column": c, "number": nodes[a]["number"]}
            edges.append((previous, point, {}))
            previous = point
        edges.append((previous, b, {}))
    return Digraph(nodes.items(), edges)


def _route(routed: Digraph, a: str, b: str) -> list[str]:
    start, end = routed.nodes[a]["column"], routed.nodes[b]["column"]
    return [_waypoint(a, b, c) for c in range(start + 1, end)]


def order_columns(graph: Digraph, sweeps: int = SWEEPS) -> list[list[str]]:
    """Columns of practices and waypoints, ordered to keep edge crossings few.

    Starts from practices in catalogue order, then sweeps right and left, sorting each column
    by the mean position of its neighbours in the previous one, and keeps the order with the
    fewest crossings. `sweeps=0` gives the starting order.
    """
    routed = expanded(graph)
    count = max((d["column"] for d in routed.nodes.values()), default=-1) + 1
    columns: list[list[str]] = [[] for _ in range(count)]
    for n in sorted(routed.nodes, key=lambda n: (n not in graph, routed.nodes[n]["number"], n)):
        columns[routed.nodes[n]["column"]].append(n)
    best = [list(c) for c in columns]
    best_crossings = crossings(routed, best)
    for _ in range(sweeps):
        if best_crossings == 0:
            break
        for i in range(1, len(columns)):
            columns[i] = _reorder(columns, i, routed.predecessors)
        for i in range(len(columns) - 2, -1, -1):
            columns[i] = _reorder(columns, i, routed.successors)
        found = crossings(routed, columns)
        if found < best_crossings:
            best, best_crossings = [list(c) for c in columns], found
    return best


def _reorder(
    columns: list[list[str]], i: int, neighbours: Callable[[str], Iterable[str]]
) -> list[str]:
    ys = _positions(columns)
    column = columns[i]

    def key(pid: str) -> tuple[float, int]:
        near = [ys[n] for n in neighbours(pid)]
        mean = sum(near) / len(near) if near else ys[pid]
        return (mean, column.index(pid))

    return sorted(column, key=key)


def _positions(columns: list[list[str]]) -> dict[str, float]:
    """Vertical position of each slot with columns centred on each other, roughly as drawn."""
    return {pid: ri - (len(column) - 1) / 2 for column in columns for ri, pid in enumerate(column)}


def crossings(graph: Digraph, columns: list[list[str]]) -> int:
    """How many pairs of edges cross, edges taken as straight lines between slot centres.

    Give it `expanded(graph)` to count crossings as drawn, long edges following their waypoints.
    Two edges can only cross where their columns overlap; between the same two columns they
    cross exactly when their ends come in opposite orders, which is much cheaper to test than
    the geometry (layout ordering counts crossings many times for every drawing).
    """
    ys = _positions(columns)
    xs = {pid: ci for ci, column in enumerate(columns) for pid in column}
    spans: dict[tuple[int, int], list[tuple[float, float, str, str]]] = {}
    for a, b in graph.edges:
        spans.setdefault((xs[a], xs[b]), []).append((ys[a], ys[b], a, b))
    count = 0
    for group in spans.values():
        for (ya1, yb1, a1, b1), (ya2, yb2, a2, b2) in combinations(group, 2):
            if a1 != a2 and b1 != b2 and (ya1 - ya2) * (yb1 - yb2) < 0:
                count += 1
    for ((s1, e1), g1), ((s2, e2), g2) in combinations(spans.items(), 2):
        if max(s1, s2) >= min(e1, e2):  # no common stretch of columns: they cannot cross
            continue
        for ya1, yb1, a1, b1 in g1:
            for ya2, yb2, a2, b2 in g2:
                if not {a1, b1} & {a2, b2} and _intersect(
                    (s1, ya1), (e1, yb1), (s2, ya2), (e2, yb2)
                ):
                    count += 1
    return count


Point = tuple[float, float]


def _intersect(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    def side(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = side(q1, q2, p1), side(q1, q2, p2)
    d3, d4 = side(p1, p2, q1), side(p1, p2, q2)
    return d1 * d2 < 0 and d3 * d4 < 0


def _title_of(pid: str, graph: Digraph, catalogue: Catalogue) -> str:
    if pid in catalogue.by_id:
        return catalogue.by_id[pid].title
    return str(graph.nodes[pid].get("title", ""))


def _label(pid: str, graph: Digraph, catalogue: Catalogue, extra: str | None) -> tuple[str, ...]:
    lines = [pid, *textwrap.wrap(_title_of(pid, graph, catalogue), WRAP)]
    if extra:
        lines.append(extra)
    return tuple(lines)


def _tooltip(
    pid: str,
    graph: Digraph,
    catalogue: Catalogue,
    extra: str | None,
    gettext: Callable[[str], str] = str,
) -> str:
    text = f"{pid} {_title_of(pid, graph, catalogue)}"
    if pid in catalogue.by_id:
        section = catalogue.by_id[pid].section
        words = {"section": section, "title": catalogue.sections.get(section, "")}
        text += " (" + gettext("section %(section)s. %(title)s") % words + ")"
    if extra:
        text += f": {extra}"
    return text


def _node(
    box: _Box, box_h: int, tooltip: str, colour: str | None, link: str | None, highlighted: bool
) -> dict[str, object]:
    """What graph.svg.j2 draws for one practice: numbers formatted, text left to escape."""
    classes = ["gc-node"]
    if highlighted:
        classes.append("gc-highlight")
    if colour:
        classes.append("gc-dark" if _is_dark(colour) else "gc-light")
    first = box.y + PAD_Y + LINE_H - 3
    return {
        "pid": box.pid,
        "classes": " ".join(classes),
        "highlighted": highlighted,
        "tooltip": tooltip,
        "link": link,
        "colour": colour,
        "x": _n(box.x),
        "y": _n(box.y),
        "w": BOX_W,
        "h": box_h,
        "lines": [
            {"x": _n(box.x + 8), "y": _n(first + i * LINE_H), "text": line}
            for i, line in enumerate(box.lines)
        ],
    }


def _edge(a: _Box, via: list[_Box], b: _Box, box_h: int, reason: str) -> dict[str, str]:
    """A curve from a's right side to b's left side, straight through each waypoint's column."""
    x, y = a.x + BOX_W, a.y + box_h / 2
    path = f"M{_n(x)} {_n(y)}"
    for w in via:
        wy = w.y + WAYPOINT_H / 2
        path += _curve(x, y, w.x, wy) + f" L{_n(w.x + BOX_W)} {_n(wy)}"
        x, y = w.x + BOX_W, wy
    x2, y2 = b.x - 7, b.y + box_h / 2
    path += _curve(x, y, x2, y2)
    # The curve arrives horizontally, so the arrowhead always points right.
    head = f"{_n(x2)},{_n(y2 - 4.5)} {_n(b.x)},{_n(y2)} {_n(x2)},{_n(y2 + 4.5)}"
    tip = f"{a.pid} → {b.pid}: {reason}" if reason else f"{a.pid} → {b.pid}"
    return {"a": a.pid, "b": b.pid, "tip": tip, "path": path, "head": head}


def _curve(x1: float, y1: float, x2: float, y2: float) -> str:
    bend = max((x2 - x1) * 0.45, 12)
    return f" C{_n(x1 + bend)} {_n(y1)} {_n(x2 - bend)} {_n(y2)} {_n(x2)} {_n(y2)}"


def _is_dark(colour: str) -> bool:
    m = re.fullmatch(r"#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})([0-9a-fA-F]{2})?", colour)
    if not m:
        return False
    digits = m.group(1)
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.5


def _n(value: float) -> str:
    """Coordinates with at most one decimal, so output is stable and small."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text
