"""Keeps the message catalogues in step with the code: `python -m gapcheck.i18n.extract`.

Babel extracts every marked string (i18n/messages.py says how strings are marked) from the
sources of a checkout, area by area, and each language's `src/gapcheck/locale/<lang>/<area>.po`
is brought up to date: new strings are added untranslated, translations of strings that
stayed are kept, strings no longer in the code are dropped. With `--check`, nothing is written
and the exit status is 1 when a catalogue is out of step (the tests run it).

Areas exist so that the catalogues can be translated and reviewed in parts; at run time all
the areas of a language are one catalogue. Source line numbers are left out of the files, so
that moving code does not change them.
"""

from __future__ import annotations

import io
import re
import sys
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

from gapcheck.models.translation import LANGUAGES
from gapcheck.resources import shipped_root

# Each source file belongs to the first area with a prefix of its path (from the checkout's
# top); the last area takes the rest of the package.
AREAS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "form",
        (
            "site-overrides/assets/javascripts/",
            "src/gapcheck/guidance/form.py",
            # the questionnaire fields' titles and descriptions, the form's labels
            "src/gapcheck/models/questionnaire.py",
            "src/gapcheck/guidance/report_data.py",
            "src/gapcheck/templates/guidance/form.md.j2",
        ),
    ),
    (
        "capacity",
        (
            "src/gapcheck/templates/capacity/",
            "src/gapcheck/render/capacity",
            "src/gapcheck/render/matches_text",
            "src/gapcheck/render/shortlist",
            "src/gapcheck/capacity/",
            "src/gapcheck/overview/",
            "src/gapcheck/render/overview",
            "src/gapcheck/templates/overview",
            "src/gapcheck/templates/chart_overview",
        ),
    ),
    (
        "site",
        (
            "src/gapcheck/templates/guidance/",
            "src/gapcheck/guidance/",
            "src/gapcheck/templates/assess_",
            "src/gapcheck/templates/applicability_page",
            "site-overrides/main.html",
        ),
    ),
    (
        "workbook",
        (
            "src/gapcheck/workbook/",
            "src/gapcheck/templates/questionnaire.yaml.j2",
            "src/gapcheck/render/questionnaire_yaml",
        ),
    ),
    # the command line's help and click's own words (see _cli_messages): no files of its own
    ("cli", ()),
    ("reports", ("src/gapcheck/",)),
)
AREA_NAMES = tuple(name for name, _ in AREAS)

_PYTHON_KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "N_": None,
    # an error message said in the reader's language at the error boundary (errors.Message)
    "Message": None,
}
# The form's scripts translate with t("...") and tn("one", "many", n), from the page's data.
_SCRIPT_KEYWORDS: dict[str, Any] = {"t": None, "tn": (1, 2)}
# Jinja must parse the templates as the environment does (render/environment.py).
_JINJA_OPTIONS = {"trim_blocks": "true", "lstrip_blocks": "true", "newstyle_gettext": "true"}

_HEADER = """\
# gapcheck's own words, language {language}, area {area}: unofficial translations, the
# English text is authoritative. Write each msgstr; keep %(name)s, {{name}} and <tags> exactly
# as they are. An empty msgstr, or one marked fuzzy, is shown in English.
# Updated by: python -m gapcheck.i18n.extract"""

# The command line's help texts are plain strings in click's decorators and docstrings: a
# Babel extraction method of the command line reads them from its command tree, file by file.
_CLI_HELP = "gapcheck.cli.help_texts:extract_help"
# click's own words that gapcheck shows (help, usage errors), from click's installed sources:
# click marks them with gettext's `_` and `ngettext` (cli/language.py says how they are shown).
_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types")
_CLICK_KEYWORDS: dict[str, Any] = {"_": None, "ngettext": (1, 2)}
# ...and one click translates without marking it where it is written: `_(extra["required"])`
_CLICK_UNMARKED = ("required",)
# click's words for the programmer who declares an option wrongly, never for the reader
_CLICK_FOR_PROGRAMMERS = re.compile(
    r"Name '\{name\}' defined twice|Boolean option |Could not determine name |No options "
    r"defined |Arguments take exactly one |Invalid start character |Choice\(\{choices\}\)"
)

Key = tuple[str, str | None]  # (msgid, context)
# Fixed header dates: a catalogue changes only when its strings or translations do.
_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def checkout() -> Path:
    """The top of the checkout these sources are in (extraction needs the sources)."""
    # An editable install's shipped files are its checkout (resources.py); a wheel carries no
    # sources to extract from, and then there is no src/ here.
    return shipped_root()


def area_of(relative: str) -> str | None:
    for name, prefixes in AREAS:
        if any(relative.startswith(p) for p in prefixes):
            return name
    return None


def _sources(root: Path) -> Iterator[tuple[str, Path]]:
    patterns = ("src/gapcheck/**/*.py", "src/gapcheck/templates/**/*.j2")
    extra = ("site-overrides/main.html", "site-overrides/assets/javascripts/*.js")
    for pattern in (*patterns, *extra):
        for path in sorted(root.glob(pattern)):
            yield path.relative_to(root).as_posix(), path


def _method_of(path: Path) -> tuple[Any, dict[str, Any], dict[str, str]]:
    if path.suffix == ".py":
        return "python", _PYTHON_KEYWORDS, {}
    if path.suffix == ".js":
        return "javascript", _SCRIPT_KEYWORDS, {}
    return "jinja2.ext:babel_extract", _PYTHON_KEYWORDS, _JINJA_OPTIONS


def extract(root: Path | None = None) -> dict[str, Catalog]:
    """Every marked string, as one template catalogue per area."""
    root = root or checkout()
    templates = {
        name: Catalog(project="gapcheck", domain=name, creation_date=_DATE, revision_date=_DATE)
        for name in AREA_NAMES
    }
    for relative, path in _sources(root):
        area = area_of(relative)
        if area is None:
            continue
        method, keywords, options = _method_of(path)
        found = extract_from_file(
            method, path, keywords=keywords, options=options, comment_tags=("Translators:",)
        )
        for lineno, message, comments, context in found:
            templates[area].add(
                message,
                locations=[(relative, lineno)],
                auto_comments=comments,
                context=context,
            )
    for relative, lineno, message in _cli_messages(root):
        templates["cli"].add(message, locations=[(relative, lineno)])
    return templates


def _cli_messages(root: Path) -> Iterator[tuple[str, int, Any]]:
    """The command line's help texts and click's own words, as (file, line, message)."""
    for relative, path in _sources(root):
        if relative.startswith("src/gapcheck/cli/") and path.suffix == ".py":
            for lineno, message, _, _ in extract_from_file(_CLI_HELP, path, keywords={"_": None}):
                yield relative, lineno, message
    spec = find_spec("click")  # its sources are read, not imported: i18n does not import click
    folder = Path(next(iter(spec.submodule_search_locations or ()))) if spec else None
    if folder is None:
        return
    for module in _CLICK_MODULES:
        found = extract_from_file("python", folder / f"{module}.py", keywords=_CLICK_KEYWORDS)
        for lineno, message, _, _ in found:
            first = message if isinstance(message, str) else message[0]
            if not _CLICK_FOR_PROGRAMMERS.match(first):
                yield f"click/{module}.py", lineno, message
    for message in _CLICK_UNMARKED:
        yield "click/core.py", 0, message


def _keys(catalogue: Iterable[Any]) -> set[Key]:
    return {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in catalogue if m.id}


def updated(template: Catalog, language: str, existing: str | None) -> Catalog:
    """The catalogue of `language` for one area, with what `existing` already translated."""
    catalogue = Catalog(
        locale=language,
        domain=template.domain,
        project="gapcheck",
        header_comment=_HEADER.format(language=language, area=template.domain),
        fuzzy=False,
        creation_date=_DATE,
        revision_date=_DATE,
    )
    if existing is not None:
        catalogue = read_po(io.StringIO(existing), locale=language, domain=template.domain)
    catalogue.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalogue.obsolete.clear()
    catalogue.revision_date = _DATE
    return catalogue


def po_text(catalogue: Catalog) -> str:
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, include_lineno=False, omit_header=False)
    return buffer.getvalue().decode("utf-8")


def out_of_step(root: Path | None = None) -> list[str]:
    """What --check reports: each catalogue whose strings are not the code's, and how."""
    root = root or checkout()
    problems: list[str] = []
    for area, template in extract(root).items():
        wanted = _keys(template)
        for language in LANGUAGES:
            path = root / "src/gapcheck/locale" / language / f"{area}.po"
            if not path.exists():
                if wanted:
                    problems.append(f"{path.relative_to(root)}: missing ({len(wanted)} strings)")
                continue
            have = _keys(read_po(io.StringIO(path.read_text(encoding="utf-8")), locale=language))
            for verb, keys in (("not in the code", have - wanted), ("missing", wanted - have)):
                for msgid, context in sorted(keys, key=lambda k: (k[0], k[1] or "")):
                    where = f" (context {context!r})" if context else ""
                    problems.append(f"{path.relative_to(root)}: {verb}: {msgid!r}{where}")
    return problems


def update(root: Path | None = None) -> list[Path]:
    """Brings every catalogue up to date; returns the files written."""
    root = root or checkout()
    written: list[Path] = []
    for area, template in extract(root).items():
        for language in LANGUAGES:
            path = root / "src/gapcheck/locale" / language / f"{area}.po"
            existing = path.read_text(encoding="utf-8") if path.exists() else None
            if existing is None and not len(template):
                continue
            text = po_text(updated(template, language, existing))
            if text != existing:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                written.append(path)
    return written


def main(argv: list[str]) -> int:
    if "--check" in argv:
        problems = out_of_step()
        for line in problems:
            print(line)
        if problems:
            print("Run: python -m gapcheck.i18n.extract   (then translate the new entries)")
        return 1 if problems else 0
    for path in update():
        print(f"updated {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
