"""Commands about the knowledge base: validate, practices, graph, schema, examples."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from gapcheck.cli.common import (
    LazyChoice,
    catalogue_from,
    emit,
    emit_all,
    format_from_extension,
    format_option,
    output_format,
    output_option,
    status,
    writes_nothing,
)
from gapcheck.cli.language import Command, Group

if TYPE_CHECKING:
    from pathlib import Path

    from gapcheck.catalogue import Catalogue
    from gapcheck.errors import Problem


@click.command("validate", cls=Command)
@click.argument("path", required=False, type=click.Path())
@click.pass_context
@writes_nothing
def validate_command(ctx: click.Context, path: str | None) -> None:
    """Check the knowledge base, or one questionnaire (YAML or workbook), offers, requests
    or translation file.

    With no PATH, checks the practices/ folder in use, its translations (i18n/) included,
    and the translations of the site's hand-written pages (docs/i18n/): a translation whose
    English text has changed since is stale, reported as a warning that does not fail the
    check. A docs/ folder, or one translated page (docs/i18n/fr/scoring.md), is checked on
    its own. A questionnaire gets the same checks
    as `gapcheck report` gives it. Every problem is listed as file:line:column: message,
    and the exit status is 2 when there is any. Nothing is written.

    \b
    Examples:
      gapcheck validate
      gapcheck validate practices/
      gapcheck validate questionnaires/examples/arcadia-2026.yaml
      gapcheck validate practices/i18n/fr/GP03.yaml
      gapcheck validate docs/i18n/fr/scoring.md
    """
    from gapcheck.catalogue import load_catalogue
    from gapcheck.i18n.checks import check_translation_file, check_translations
    from gapcheck.i18n.doc_pages import check_page_file, is_docs_folder
    from gapcheck.validation import validate_file

    if path is not None and os.path.isdir(path) and is_docs_folder(path):
        _validate_docs(path)
        return
    if path is None or os.path.isdir(path):
        cat = load_catalogue(path) if path else catalogue_from(ctx)
        translations, warnings = check_translations(cat)
        edges = sum(len(p.depends_on) for p in cat)
        elements = sum(len(p.elements) for p in cat)
        status(f"OK: {cat.root}: {len(cat)} practices, {elements} elements, {edges} dependencies")
        _translation_status(sorted(translations.by_language), warnings)
        if path is None:
            from gapcheck.resources import shipped

            _validate_docs(shipped("docs"))
        return
    if path.lower().endswith(".md"):
        warnings = check_page_file(path)
        status(f"OK: {path} is a valid translated page")
        _translation_status([], warnings)
        return
    cat = catalogue_from(ctx)
    kind = validate_file(path, cat)
    status(f"OK: {path} is a valid {kind} file")
    if kind == "translation":
        _translation_status([], check_translation_file(path, cat))


def _validate_docs(docs: str | Path) -> None:
    from gapcheck.i18n.doc_pages import load_doc_pages

    pages = load_doc_pages(docs)
    count = sum(len(found) for found in pages.translations.values())
    status(f"OK: {docs}: {len(pages.pages)} hand-written pages, {count} translations")
    _translation_status([], pages.stale_warnings())


def _translation_status(languages: list[str], warnings: list[Problem]) -> None:
    if languages:
        status(f"OK: translations into {', '.join(languages)}")
    for warning in warnings:
        status(str(warning))
    if warnings:
        n = len(warnings)
        status(
            f"{n} stale translation{'s' if n != 1 else ''} (warnings, not errors): the English "
            "changed since; outputs show the English text there until the translation is "
            "updated (gapcheck translations --missing)"
        )


lang_option = click.option(
    "-l",
    "--lang",
    "language",
    type=LazyChoice("gapcheck.models.translation:CONTENT_LANGUAGES"),
    default="en",
    show_default=True,
    help="Language of the practices' texts (unofficial translations; English where missing).",
)


def _in_language(ctx: click.Context, language: str) -> Catalogue:
    from gapcheck.i18n.content import localise

    return localise(catalogue_from(ctx), language)


@click.group(cls=Group)
def practices() -> None:
    """Browse the 25 good practices."""


@practices.command("list")
@click.option("-s", "--section", help="Only this section (A-E).")
@click.option("-a", "--actor", help="Only practices involving this actor (e.g. psychologists).")
@lang_option
@format_option("table", "csv", "json")
@output_option()
@click.pass_context
def practices_list(
    ctx: click.Context,
    section: str | None,
    actor: str | None,
    language: str,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    """List the practices, optionally by section or actor (by id or name, in any case).

    \b
    Examples:
      gapcheck practices list --section C
      gapcheck practices list --actor families
      gapcheck practices list --format csv -o practices.csv
      gapcheck practices list --lang fr
    """
    from gapcheck.render.tables import practice_rows, render_rows

    fmt = output_format(ctx, fmt, output)
    cat = _in_language(ctx, language)
    section_id = _named(section, cat.sections, "section", "--section")
    actor_id = _named(actor, cat.actors, "actor", "--actor")
    emit(render_rows(practice_rows(cat, section_id, actor_id), fmt), output, force=force)


def _named(given: str | None, known: dict[str, str], what: str, option: str) -> str | None:
    """The id of what the user named, by its id or its name, in any case and spacing."""
    if given is None:
        return None
    from gapcheck.errors import unknown
    from gapcheck.models.capacity import normalise_slug

    key = " ".join(given.casefold().split())
    for id_, name in known.items():
        if key == " ".join(name.casefold().split()) or str(normalise_slug(key)) == id_.casefold():
            return id_

    raise click.BadParameter(unknown(what, given, list(known)), param_hint=option)


@practices.command("show")
@click.argument("practice_id")
@lang_option
@output_option()
@click.pass_context
def practices_show(
    ctx: click.Context, practice_id: str, language: str, output: str | None, force: bool
) -> None:
    """Show one practice in full: statement, elements, indicators, links.

    The id may be written GP03, gp03 or 3. With --lang, the texts are shown in that
    language where a translation exists; the statement is shown in English, marked as the
    official text, with its unofficial translation beside it.

    \b
    Examples:
      gapcheck practices show GP03
      gapcheck practices show gp03 -o gp03.txt
      gapcheck practices show GP03 --lang fr
    """
    from gapcheck.errors import Message, printable, shorten
    from gapcheck.render.terminal import practice_text

    cat = _in_language(ctx, language)
    try:
        practice = cat.practice(practice_id)
    except KeyError:
        raise click.BadParameter(
            Message(
                "no practice '%(id)s'; use GP01 to %(last)s",
                id=printable(shorten(practice_id)),
                last="GP" + format(len(cat), "02d"),
            ),
            param_hint="PRACTICE_ID",
        ) from None
    format_from_extension(output, ["text", "md"])
    import shutil

    width = 88 if output else min(shutil.get_terminal_size((88, 24)).columns, 100)
    text = practice_text(cat, cat.graph, practice, width)
    emit(text if text.endswith("\n") else text + "\n", output, force=force)


@click.command(cls=Command)
@format_option("dot", "mermaid", "json")
@output_option()
@click.pass_context
def graph(ctx: click.Context, fmt: str, output: str | None, force: bool) -> None:
    """Print the dependency graph (edges run from prerequisite to dependant).

    \b
    Examples:
      gapcheck graph --format dot | dot -Tsvg > graph.svg
      gapcheck graph --format json
    """
    from gapcheck import graph as g

    fmt = output_format(ctx, fmt, output)
    dg = catalogue_from(ctx).graph
    if fmt == "dot":
        text = g.to_dot(dg)
    elif fmt == "mermaid":
        text = g.to_mermaid(dg)
    else:
        data = g.to_json(dg)
        data["leverage"] = [vars(r) for r in g.leverage(dg)]
        import json

        text = json.dumps(data, indent=2) + "\n"
    emit(text, output, force=force)


@click.command(cls=Command)
@click.argument(
    "kind",
    type=LazyChoice("gapcheck.schemas:MODELS"),
)
@output_option()
def schema(kind: str, output: str | None, force: bool) -> None:
    """Print the JSON Schema of a kind of file, for editors' YAML autocompletion.

    \b
    Example (VS Code with the YAML extension picks it up from the file's first line):
      gapcheck schema questionnaire -o questionnaire.schema.json
    """
    from gapcheck.schemas import json_schema

    format_from_extension(output, ["json"])
    emit(json_schema(kind), output, force=force)


@click.command(cls=Command)
@click.option(
    "-o",
    "--output",
    "folder",
    default="examples",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder to copy them into; the offers go into its offers/ folder.",
)
def examples(folder: str) -> None:
    """Copy the example questionnaires and donors' offers, to try every command on.

    They describe fictional States (Arcadia in 2026 and 2028, Estoria, Norland) and
    fictional providers. Nothing is copied if any of the files is there already.

    \b
    Example:
      gapcheck examples -o examples
      gapcheck report examples/arcadia-2026.yaml
    """
    from pathlib import Path

    from gapcheck.errors import InputError, Message, Problem
    from gapcheck.resources import example_files
    from gapcheck.writes import Target

    files = {Path(folder, name): source for name, source in example_files().items()}
    there = [
        Problem(str(t), None, None, Message("already exists; choose another folder (-o)"))
        for t in files
        if t.exists()
    ]
    if there:
        raise InputError(there)
    # one set: a failure half-way leaves no half-copied examples behind
    copies = [Target(str(t), s.read_bytes(), named=False) for t, s in files.items()]
    emit_all(copies)


COMMANDS = [validate_command, practices, graph, schema, examples]
