"""Commands about the knowledge base: validate, practices, graph, schema."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import click

from gapcheck.cli.common import catalogue_from, emit, format_option, output_option


@click.command()
@click.argument("path", required=False, type=click.Path())
@click.pass_context
def validate(ctx: click.Context, path: str | None) -> None:
    """Check the knowledge base, or one questionnaire, offers or requests file.

    With no PATH, checks the practices/ folder in use. Every problem is listed as
    file:line:column: message, and the exit status is 2 when there is any.

    \b
    Examples:
      gapcheck validate
      gapcheck validate practices/
      gapcheck validate questionnaires/examples/arcadia-2026.yaml
    """
    from gapcheck.catalogue import load_catalogue
    from gapcheck.validation import validate_file

    if path is None or Path(path).is_dir():
        cat = load_catalogue(path) if path else catalogue_from(ctx)
        edges = sum(len(p.depends_on) for p in cat)
        elements = sum(len(p.elements) for p in cat)
        click.echo(
            f"OK: {cat.root}: {len(cat)} practices, {elements} elements, {edges} dependencies"
        )
        return
    kind = validate_file(path, catalogue_from(ctx))
    click.echo(f"OK: {path} is a valid {kind} file")


@click.group()
def practices() -> None:
    """Browse the 25 good practices."""


@practices.command("list")
@click.option("-s", "--section", help="Only this section (A-E).")
@click.option("-a", "--actor", help="Only practices involving this actor (e.g. psychologists).")
@format_option("table", "csv", "json")
@click.pass_context
def practices_list(ctx: click.Context, section: str | None, actor: str | None, fmt: str) -> None:
    """List the practices, optionally by section or actor.

    \b
    Examples:
      gapcheck practices list --section C
      gapcheck practices list --actor families
    """
    from gapcheck.render.tables import practice_rows, render_rows

    cat = catalogue_from(ctx)
    if section and section.upper() not in cat.sections:
        raise click.BadParameter(
            f"unknown section '{section}'; use one of {', '.join(cat.sections)}",
            param_hint="--section",
        )
    if actor and actor not in cat.actors:
        raise click.BadParameter(
            f"unknown actor '{actor}'; use one of: {', '.join(cat.actors)}", param_hint="--actor"
        )
    rows = practice_rows(cat, section.upper() if section else None, actor)
    click.echo(render_rows(rows, fmt), nl=False)


@practices.command("show")
@click.argument("practice_id")
@click.pass_context
def practices_show(ctx: click.Context, practice_id: str) -> None:
    """Show one practice in full: statement, elements, indicators, links.

    \b
    Example:
      gapcheck practices show GP03
    """
    from gapcheck.graph import build_graph
    from gapcheck.render.terminal import practice_text

    cat = catalogue_from(ctx)
    try:
        practice = cat.practice(practice_id)
    except KeyError:
        raise click.BadParameter(
            f"no practice '{practice_id}'; use GP01 to GP{len(cat):02d}", param_hint="PRACTICE_ID"
        ) from None
    width = min(shutil.get_terminal_size((88, 24)).columns, 100)
    click.echo(practice_text(cat, build_graph(cat), practice, width))


@click.command()
@format_option("dot", "mermaid", "json")
@output_option()
@click.pass_context
def graph(ctx: click.Context, fmt: str, output: str | None) -> None:
    """Print the dependency graph (edges run from prerequisite to dependant).

    \b
    Examples:
      gapcheck graph --format dot | dot -Tsvg > graph.svg
      gapcheck graph --format json
    """
    from gapcheck import graph as g

    dg = g.build_graph(catalogue_from(ctx))
    if fmt == "dot":
        text = g.to_dot(dg)
    elif fmt == "mermaid":
        text = g.to_mermaid(dg)
    else:
        data = g.to_json(dg)
        data["leverage"] = [vars(r) for r in g.leverage(dg)]
        text = json.dumps(data, indent=2) + "\n"
    emit(text, output)


@click.command()
@click.argument(
    "kind",
    type=click.Choice(
        ["practice", "catalogue", "migration", "questionnaire", "offers", "requests"]
    ),
)
@output_option()
def schema(kind: str, output: str | None) -> None:
    """Print the JSON Schema of a kind of file, for editors' YAML autocompletion.

    \b
    Example (VS Code with the YAML extension picks it up from the file's first line):
      gapcheck schema questionnaire -o questionnaire.schema.json
    """
    from gapcheck.schemas import json_schema

    emit(json_schema(kind), output)


COMMANDS = [validate, practices, graph, schema]
