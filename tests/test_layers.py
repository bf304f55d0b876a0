"""The layers of the house, read from the source: every import, at module level and in functions.

Data flows YAML -> models -> pure functions -> renderers -> command line; a module never imports
a layer above it. These rules are checked on the import statements themselves (ast), so a
function-level import hidden from start-up is caught like any other. Imports under
`if TYPE_CHECKING:` never run: they count for the layer rules but not for cycles.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# What a domain module must not reach for: the renderers and what they draw with, the
# command line, the spreadsheet library and the site builder.
DOMAIN_FORBIDDEN = ("gapcheck.render", "jinja2", "markupsafe", "click", "openpyxl", "mkdocs")
# The readers and writers of spreadsheets are the one place openpyxl belongs.
OPENPYXL_HOME = ("gapcheck.workbook",)
# Models are the bottom layer: other models, the error type, the standard library, pydantic.
MODELS_MAY_IMPORT = ("gapcheck.models", "gapcheck.errors", "pydantic", "pydantic_core")


@dataclass(frozen=True)
class Import:
    """One imported module, where it is imported, and whether it runs."""

    file: str
    line: int
    target: str  # the module imported, resolved against the modules of the package
    statement: str
    type_checking: bool  # under `if TYPE_CHECKING:`, so it never runs
    in_function: bool = False  # runs when the function is called, not at import

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.statement}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


Found = Iterator[tuple[ast.Import | ast.ImportFrom, bool, bool]]


def _walk(node: ast.AST, guarded: bool, in_function: bool) -> Found:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.Import | ast.ImportFrom):
            yield child, guarded, in_function
        elif isinstance(child, ast.If) and _is_type_checking(child.test):
            for stmt in child.body:
                yield from _walk_one(stmt, True, in_function)
            for stmt in child.orelse:
                yield from _walk_one(stmt, guarded, in_function)
        else:
            inside = in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            yield from _walk(child, guarded, inside)


def _walk_one(stmt: ast.stmt, guarded: bool, in_function: bool) -> Found:
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        yield stmt, guarded, in_function
    else:
        yield from _walk(ast.Module(body=[stmt], type_ignores=[]), guarded, in_function)


def imports_of(
    source: str, module: str, file: str, known: Iterable[str], is_package: bool = False
) -> list[Import]:
    """Every import in `source` (the module `module`), each resolved to the module it loads.

    `from gapcheck.render import documents` loads gapcheck.render.documents when that is a
    module of the package (`known`), else the package itself.
    """
    modules = set(known)
    package = module if is_package else module.rpartition(".")[0]
    found: list[Import] = []
    for node, guarded, in_function in _walk(ast.parse(source, file), False, False):
        text = ast.unparse(node)
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        else:
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        for target in dict.fromkeys(targets):
            found.append(Import(file, node.lineno, target, text, guarded, in_function))
    return found


def _under(name: str, prefixes: Iterable[str]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _top(name: str) -> str:
    return name.split(".", 1)[0]


def is_cli(module: str) -> bool:
    """The command line, and `python -m gapcheck` that runs it."""
    return _under(module, ("gapcheck.cli",)) or module == "gapcheck.__main__"


def is_domain(module: str) -> bool:
    """Everything but the renderers, the command line, the site and the workbook writer."""
    outside = ("gapcheck.render", "gapcheck.cli", "gapcheck.guidance")
    return not (
        _under(module, outside) or is_cli(module) or module.startswith("gapcheck.workbook.write")
    )


def layer_problems(imports: dict[str, list[Import]]) -> list[str]:
    """Each import that crosses a layer the wrong way, as `file:line: import: why`."""
    out: list[str] = []
    for module, found in imports.items():
        for imp in found:
            why = _why(module, imp.target)
            if why:
                out.append(f"{imp}: {why}")
    return out


def _why(module: str, target: str) -> str | None:
    if _under(target, ("click",)) and not is_cli(module):
        return "only the command line (gapcheck.cli) imports click; pass plain values in"
    if _under(target, ("gapcheck.cli",)) and not is_cli(module):
        if _under(module, ("gapcheck.guidance",)):
            return "the site (guidance) must not import the command line; both use the library"
        return "only the command line imports gapcheck.cli"
    if _under(module, ("gapcheck.models",)):
        if target == "__future__" or _top(target) in sys.stdlib_module_names:
            return None
        if not _under(target, MODELS_MAY_IMPORT):
            return "models import only other models, gapcheck.errors, the stdlib and pydantic"
        return None
    if is_domain(module):
        if _under(target, ("gapcheck.guidance",)):
            return "a domain module must not import the site (gapcheck.guidance)"
        hit = next((f for f in DOMAIN_FORBIDDEN if _under(target, (f,))), None)
        if hit == "openpyxl" and _under(module, OPENPYXL_HOME):
            return None
        if hit:
            return (
                f"a domain module must not import {hit}; move the drawing or writing to "
                "gapcheck.render (or the command line) and pass it the data"
            )
    return None


# Function-level imports of gapcheck modules outside the command line, each kept for a start-up
# cost measured with python -X importtime (the comment beside each gives the number).
DEFERRED = {
    ("gapcheck", "gapcheck.errors"),  # dataclasses and pathlib, about 15 ms of --help
    ("gapcheck.questionnaire_files", "gapcheck.workbook.read"),  # openpyxl, about 230 ms
    ("gapcheck.render.capacity", "gapcheck.render.environment"),  # jinja2, about 90 ms
}


def deferred_problems(imports: dict[str, list[Import]]) -> list[str]:
    """Function-level imports of gapcheck modules that no measured cost justifies."""
    return [
        f"{imp}: import {imp.target} at module level (a function-level import is kept only "
        "for a measured start-up cost, listed in DEFERRED with its number)"
        for module, found in imports.items()
        if not is_cli(module)
        for imp in found
        if imp.in_function
        and _under(imp.target, ("gapcheck",))
        and (module, imp.target) not in DEFERRED
    ]


def cycles(imports: dict[str, list[Import]]) -> list[list[str]]:
    """Import cycles among the package's modules, counting every import that runs."""
    graph: dict[str, set[str]] = {m: set() for m in imports}
    for module, found in imports.items():
        for imp in found:
            if not imp.type_checking and imp.target in graph and imp.target != module:
                graph[module].add(imp.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return out


def cycle_problems(imports: dict[str, list[Import]]) -> list[str]:
    out = []
    for component in cycles(imports):
        members = set(component)
        edges = [
            str(imp)
            for m in component
            for imp in imports[m]
            if imp.target in members and not imp.type_checking and imp.target != m
        ]
        out.append(
            f"import cycle among {', '.join(component)}: " + "; ".join(edges) + " (move what "
            "both need into a lower module, or let the caller pass it in)"
        )
    return out


def package_imports(root: Path = SRC) -> dict[str, list[Import]]:
    files = sorted((root / "gapcheck").rglob("*.py"))
    names = {module_name(f, root): f for f in files}
    return {
        name: imports_of(
            f.read_text(encoding="utf-8"),
            name,
            str(f.relative_to(root.parent)),
            names,
            is_package=f.name == "__init__.py",
        )
        for name, f in names.items()
    }


@pytest.fixture(scope="module")
def imports() -> dict[str, list[Import]]:
    return package_imports()


def test_the_source_is_read(imports: dict[str, list[Import]]) -> None:
    # A reader that found nothing would pass every rule below.
    assert "gapcheck.report" in imports and "gapcheck.cli" in imports
    targets = {imp.target for imp in imports["gapcheck.cli.assess"]}
    assert "click" in targets and "gapcheck.cli.common" in targets


def test_every_layer_imports_only_from_below(imports: dict[str, list[Import]]) -> None:
    problems = layer_problems(imports)
    assert not problems, "\n".join(problems)


def test_gapcheck_modules_are_imported_at_module_level(imports: dict[str, list[Import]]) -> None:
    problems = deferred_problems(imports)
    assert not problems, "\n".join(problems)


def test_the_checker_catches_a_planted_function_level_import() -> None:
    source = "import os\n\ndef f():\n    if os.sep:\n        from gapcheck.report import x\n"
    found = {"gapcheck.compare": imports_of(source, "gapcheck.compare", "c.py", KNOWN)}
    (problem,) = deferred_problems(found)
    assert problem.startswith("c.py:5: from gapcheck.report import x: import gapcheck.report")
    cli_found = {"gapcheck.cli.assess": imports_of(source, "gapcheck.cli.assess", "a.py", KNOWN)}
    assert deferred_problems(cli_found) == []  # commands import what they need when they run


def test_no_import_cycle(imports: dict[str, list[Import]]) -> None:
    problems = cycle_problems(imports)
    assert not problems, "\n".join(problems)


KNOWN = ["gapcheck", "gapcheck.report", "gapcheck.render", "gapcheck.render.documents"]


def _planted(module: str, source: str) -> list[str]:
    file = module.replace(".", "/") + ".py"
    return layer_problems({module: imports_of(source, module, file, [*KNOWN, module])})


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        (
            "gapcheck.report",
            "def f():\n    from gapcheck.render import documents\n",
            "gapcheck/report.py:2: from gapcheck.render import documents: a domain module "
            "must not import gapcheck.render",
        ),
        ("gapcheck.report", "import jinja2\n", "gapcheck/report.py:1: import jinja2: a domain"),
        (
            "gapcheck.scoring",
            "if True:\n    import markupsafe as m\n",
            "gapcheck/scoring.py:2: import markupsafe as m: a domain module must not import "
            "markupsafe",
        ),
        ("gapcheck.catalogue", "import openpyxl.styles\n", "must not import openpyxl"),
        ("gapcheck.yamlio", "from mkdocs.config import x\n", "must not import mkdocs"),
        ("gapcheck.render.charts", "import click\n", "only the command line"),
        ("gapcheck.guidance.pages", "from gapcheck.cli import common\n", "must not import the"),
        ("gapcheck.models.values", "from gapcheck.report import r4\n", "models import only"),
        ("gapcheck.models.values", "import yaml\n", "models import only"),
    ],
)
def test_the_checker_catches_a_planted_import(module: str, source: str, expected: str) -> None:
    found = _planted(module, source)
    assert len(found) == 1 and expected in found[0], found


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("gapcheck.render.documents", "import jinja2\nfrom markupsafe import Markup\n"),
        ("gapcheck.workbook.read", "from openpyxl.reader.excel import ExcelReader\n"),
        ("gapcheck.workbook.write", "import openpyxl\n"),
        ("gapcheck.models.values", "import re\nfrom pydantic import BaseModel\n"),
        ("gapcheck.models.values", "from gapcheck.errors import Problem\n"),
        ("gapcheck.cli.assess", "import click\nfrom gapcheck.report import build_report\n"),
    ],
)
def test_the_checker_lets_a_layer_import_from_below(module: str, source: str) -> None:
    assert _planted(module, source) == []


def test_the_checker_catches_a_planted_cycle() -> None:
    known = ["gapcheck.a", "gapcheck.b", "gapcheck.c"]
    sources = {
        "gapcheck.a": "from gapcheck.b import x\n",
        # function-level: hidden from start-up, a cycle all the same
        "gapcheck.b": "def f():\n    from gapcheck import c\n",
        "gapcheck.c": "import os\nif TYPE_CHECKING:\n    from gapcheck.b import y\n"
        "import gapcheck.a\n",
    }
    found = {m: imports_of(s, m, m.replace(".", "/") + ".py", known) for m, s in sources.items()}
    assert cycles(found) == [["gapcheck.a", "gapcheck.b", "gapcheck.c"]]
    (message,) = cycle_problems(found)
    assert "gapcheck/b.py:2: from gapcheck import c" in message
    assert "gapcheck/c.py:4: import gapcheck.a" in message
    assert "gapcheck/c.py:3" not in message  # TYPE_CHECKING never runs
    # broken at one edge, it is gone
    found["gapcheck.c"] = imports_of("import os\n", "gapcheck.c", "gapcheck/c.py", known)
    assert cycles(found) == []
