"""Commands of the self-assessment: questionnaire, report, compare, score."""

from __future__ import annotations

import datetime as dt

import click

from gapcheck.cli.common import (
    STDOUT,
    catalogue_from,
    date_option,
    emit,
    format_from_extension,
    format_option,
    lang_option,
    min_group_option,
    output_format,
    output_option,
)
from gapcheck.cli.language import Command, Group


@click.group(cls=Group)
def questionnaire() -> None:
    """Create questionnaires to fill in (YAML or spreadsheet), read workbooks back, upgrade."""


@questionnaire.command("new", short_help="Write a blank questionnaire (YAML or xlsx).")
@click.option("--state", required=True, help="Name of the State filling the questionnaire.")
@lang_option(
    "Write the questionnaire in this language: questions, comments and labels, and its "
    "`language` (default: English)."
)
@date_option("Date of the assessment (default: today).")
@format_option("yaml", "xlsx")
@output_option("Write the questionnaire to this file (default: standard output; xlsx needs -o).")
@click.pass_context
def questionnaire_new(
    ctx: click.Context,
    state: str,
    language: str | None,
    when: dt.date | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    """Write a blank questionnaire generated from the practices: YAML, or a spreadsheet.

    The spreadsheet (xlsx) has a cover sheet and one sheet per section, with a drop-down
    for each answer; read it back with `gapcheck questionnaire import` or report on it
    directly. A file name ending in .xlsx chooses xlsx.

    \b
    Examples:
      gapcheck questionnaire new --state "Republic of Arcadia" -o arcadia.yaml
      gapcheck questionnaire new --state "Republic of Arcadia" -o arcadia.xlsx
      gapcheck questionnaire new --state "République d'Arcadie" --lang fr -o arcadie.xlsx
    """
    state = state.strip()
    if not state or len(state) > 200:
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message("give the State's name (up to 200 characters)"), param_hint="--state"
        )
    to_xlsx = format_from_extension(output, ["yaml", "xlsx"]) == "xlsx"
    fmt = output_format(ctx, fmt, output)
    if fmt == "yaml":
        if to_xlsx:
            from gapcheck.errors import Message

            raise click.BadParameter(
                Message(
                    "a YAML questionnaire should not end in .xlsx; name it .yaml, or use "
                    "--format xlsx"
                ),
                param_hint="--output",
            )
        from gapcheck.render.questionnaire_yaml import blank_questionnaire

        emit(
            blank_questionnaire(catalogue_from(ctx), state, when, language=language),
            output,
            force=force,
            fresh=True,
        )
        return
    if not (to_xlsx or output == STDOUT):
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message(
                "a workbook is written to a file: give one ending in .xlsx, e.g. -o arcadia.xlsx "
                "(or -o - to send it to standard output)"
            ),
            param_hint="--output",
        )
    from gapcheck.render.questionnaire_yaml import blank_in
    from gapcheck.workbook.write import write_workbook

    catalogue = catalogue_from(ctx)
    blank = blank_in(catalogue, state, when, language)
    emit(write_workbook(catalogue, blank, language), output, force=force, fresh=True)


@questionnaire.command("import", short_help="Turn a filled workbook (.xlsx) into YAML.")
@click.argument("path", type=click.Path(dir_okay=False))
@output_option("Write the YAML questionnaire to this file (default: standard output).")
@lang_option(
    "Write the YAML's comments in this language (default: the questionnaire's own "
    "`language`, else English)."
)
@click.pass_context
def questionnaire_import(
    ctx: click.Context, path: str, output: str | None, force: bool, language: str | None
) -> None:
    """Turn a filled questionnaire workbook (.xlsx) into a YAML questionnaire.

    Every answer is checked first. A problem is reported with its sheet and cell, e.g.
    "arcadia.xlsx:B Prison Context!C12: level 5 is out of range", and nothing is written.
    A workbook filled in any of the six languages is read the same way.

    \b
    Example:
      gapcheck questionnaire import arcadia.xlsx -o arcadia.yaml
    """
    if not path.lower().endswith(".xlsx"):
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message(
                "give a workbook made by 'gapcheck questionnaire new' (a file ending in .xlsx)"
            ),
            param_hint="PATH",
        )
    format_from_extension(output, ["yaml"])
    from gapcheck.errors import Message
    from gapcheck.render.questionnaire_yaml import render_questionnaire
    from gapcheck.workbook import read_workbook
    from gapcheck.yamlio import within_read_limit

    catalogue = catalogue_from(ctx)
    text = render_questionnaire(catalogue, read_workbook(path, catalogue), language)
    within_read_limit(
        text,
        path,
        Message("the questionnaire"),
        Message("shorten the longest notes and evidence"),
    )
    emit(text, output, inputs=[path], force=force, fresh=True)


@questionnaire.command(
    "upgrade", short_help="Carry a questionnaire over to the catalogue version in use."
)
@click.argument("path", type=click.Path(dir_okay=False))
@output_option(
    "Write the carried-over questionnaire here (.yaml, or .xlsx for a workbook).", required=True
)
@click.pass_context
def questionnaire_upgrade(ctx: click.Context, path: str, output: str, force: bool) -> None:
    """Carry a questionnaire (YAML or workbook) made for an earlier catalogue version over.

    Answers to questions that kept their meaning are kept, also where the wording changed.
    A question that was split or merged gets new ids: those are left empty, each with a
    comment saying what it came from and how that was answered, for you to answer. The
    input is never changed.

    \b
    Examples:
      gapcheck questionnaire upgrade arcadia-2026.yaml -o arcadia-2026-1.1.yaml
      gapcheck questionnaire upgrade arcadia.xlsx -o arcadia-1.1.xlsx
    """
    from gapcheck.migration import upgrade
    from gapcheck.questionnaire_files import read_outdated

    catalogue = catalogue_from(ctx)
    old, migration = read_outdated(path, catalogue)
    result = upgrade(old, catalogue, migration)
    data: str | bytes
    if output.lower().endswith(".xlsx"):
        from gapcheck.workbook import write_workbook

        data = write_workbook(catalogue, result.questionnaire)
    else:
        from gapcheck.render.questionnaire_yaml import render_questionnaire

        data = render_questionnaire(catalogue, result.questionnaire)
    emit(data, output, inputs=[path], force=force, fresh=True)
    echo = click.echo
    echo(
        f"Carried over from catalogue version {migration.from_version} to "
        f"{migration.to_version}: {len(result.kept)} answer(s) kept.",
        err=True,
    )
    if result.reworded:
        echo(
            "Reworded, answer kept (check that it still holds): " + ", ".join(result.reworded),
            err=True,
        )
    if result.to_answer:
        echo(
            f"Left empty, to answer ({len(result.to_answer)}; a comment on each says why): "
            + ", ".join(eid for eid, _ in result.to_answer),
            err=True,
        )


@click.command(cls=Command)
@click.argument("path", type=click.Path(dir_okay=False))
@format_option("md", "html", "json", "docx")
@click.option(
    "--section",
    type=click.Choice(["full", "applicability"], case_sensitive=False),
    default="full",
    show_default=True,
    help="The whole report, or only the statement of applicability (every practice, its "
    "target, the n/a reasons and the evidence named).",
)
@output_option("Write the report to this file (default: standard output).")
@click.option(
    "--peers",
    type=click.Path(file_okay=False, exists=True),
    help="A folder of other States' questionnaires: place each section against them.",
)
@min_group_option("With --peers: fewest peers for a comparison (never below 3).")
@lang_option(
    "Write the report in this language (default: the questionnaire's own `language`, else "
    "English). JSON is data and stays in English."
)
@click.pass_context
def report(
    ctx: click.Context,
    path: str,
    fmt: str,
    section: str,
    output: str | None,
    force: bool,
    peers: str | None = None,
    min_group: int = 5,
    language: str | None = None,
) -> None:
    """Score a filled questionnaire and write its report.

    The report opens with what to do first; states the scale, the coverage and every
    unanswered element; shows how each level was worked out; ranks the gaps and lays them
    out in phases; ends with the statement of applicability. HTML is one file that opens
    anywhere, offline, and prints to A4 (the browser's "Save as PDF" makes the PDF);
    Markdown pastes into a document; docx is a Word document to edit and sign (replacing
    one needs --force: it may have been edited since).

    \b
    Examples:
      gapcheck report arcadia.yaml
      gapcheck report arcadia.yaml -o arcadia-report.html
      gapcheck report arcadia.yaml -o arcadia-report.docx
      gapcheck report arcadia.yaml --section applicability -o applicability.docx
      gapcheck report arcadia.yaml --format json -o arcadia-report.json
      gapcheck report arcadia.yaml --peers states/ -o arcadia-report.html
      gapcheck report arcadia.yaml --lang fr -o arcadia-rapport.docx
    """
    from gapcheck.i18n.messages import output_language
    from gapcheck.questionnaire_files import load_questionnaire_file
    from gapcheck.render.report import render_report
    from gapcheck.report import build_report

    if output is not None and output.lower().endswith(".pdf"):
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message(
                "gapcheck does not write PDF itself: write the HTML report (-o report.html), "
                "open it in a browser and print it to PDF (A4), or write a Word document "
                "(-o report.docx)"
            ),
            param_hint="--output",
        )
    fmt = output_format(ctx, fmt, output)
    catalogue = catalogue_from(ctx)
    q = load_questionnaire_file(path, catalogue)
    language = "en" if fmt == "json" else output_language(language, q.language)
    built = build_report(q, catalogue, language)
    inputs = [path]
    if peers is not None:
        from gapcheck.overview.peers import add_peers

        inputs += add_peers(built, q, path, peers, min_group)
    data: str | bytes
    if fmt == "docx":
        from gapcheck.render import docx_report
        from gapcheck.render.documents import official_statements

        if section.lower() == "full":
            statements = official_statements(built.catalogue)
            data = docx_report.report_docx(built.data, language, statements)
        else:
            data = docx_report.applicability_docx(built.data, language)
    elif section.lower() == "applicability":
        from gapcheck.render.applicability import render_applicability

        data = render_applicability(built.data, fmt, language)
    else:
        data = render_report(built, fmt)
    emit(data, output, inputs=inputs, force=force)


@click.command(cls=Command)
@click.argument("old", type=click.Path(dir_okay=False))
@click.argument("new", type=click.Path(dir_okay=False))
@format_option("md", "html", "json")
@output_option("Write the comparison to this file (default: standard output).")
@lang_option(
    "Write the comparison in this language (default: OLD's own `language`, else English). "
    "JSON is data and stays in English."
)
@click.pass_context
def compare(
    ctx: click.Context,
    old: str,
    new: str,
    fmt: str,
    output: str | None,
    force: bool,
    language: str | None = None,
) -> None:
    """Show progress between an earlier (OLD) and a newer (NEW) assessment.

    Per practice and per section: improved, regressed, unchanged, newly assessed or no
    longer assessed, with the change in level and the answers that changed.

    \b
    Example:
      gapcheck compare arcadia-2026.yaml arcadia-2028.yaml --format html -o progress.html
      gapcheck compare arcadia-2026.yaml arcadia-2028.yaml --lang es -o progreso.html
    """
    from gapcheck.batch import load_all
    from gapcheck.compare import compare as compare_assessments
    from gapcheck.i18n.messages import output_language
    from gapcheck.render.comparison import render_comparison

    fmt = output_format(ctx, fmt, output)
    catalogue = catalogue_from(ctx)
    old_q, new_q = load_all([old, new], catalogue)
    language = "en" if fmt == "json" else output_language(language, old_q.language)
    result = compare_assessments(old_q, new_q, catalogue, language)
    emit(render_comparison(result, fmt), output, inputs=[old, new], force=force)


@click.command(cls=Command)
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@format_option("table", "csv", "json")
@output_option()
@click.pass_context
def score(
    ctx: click.Context, files: tuple[str, ...], fmt: str, output: str | None, force: bool
) -> None:
    """Score many questionnaires: one row each (state, date, coverage, levels).

    Coverage is the percentage of elements answered; levels run from 0 to 4, overall and
    per section (A-E). If any file has a problem, every problem of every file is listed
    and nothing is scored.

    \b
    Examples:
      gapcheck score questionnaires/examples/*.yaml
      gapcheck score questionnaires/*.yaml --format csv -o scores.csv
    """
    from gapcheck.batch import score_rows
    from gapcheck.render.tables import render_rows

    fmt = output_format(ctx, fmt, output)
    rows = score_rows(files, catalogue_from(ctx))
    emit(render_rows(rows, fmt), output, inputs=files, force=force)


COMMANDS: list[click.Command] = [questionnaire, report, compare, score]
