"""Commands of the self-assessment: questionnaire, report, compare, score."""

from __future__ import annotations

import datetime as dt

import click

from gapcheck.cli.common import catalogue_from, emit, output_option


@click.group()
def questionnaire() -> None:
    """Create questionnaires to fill in."""


@questionnaire.command("new")
@click.option("--state", required=True, help="Name of the State filling the questionnaire.")
@click.option("--lang", default="en", show_default=True, help="Language of the questions.")
@click.option(
    "--date",
    "when",
    type=click.DateTime(["%Y-%m-%d"]),
    help="Date of the assessment (default: today), as YYYY-MM-DD.",
)
@output_option("Write the questionnaire to this file (default: standard output).")
@click.pass_context
def questionnaire_new(
    ctx: click.Context, state: str, lang: str, when: dt.datetime | None, output: str | None
) -> None:
    """Write a blank questionnaire generated from the practices.

    \b
    Example:
      gapcheck questionnaire new --state "Republic of Arcadia" -o arcadia.yaml
    """
    from gapcheck.questionnaire import blank_questionnaire

    if lang != "en":
        raise click.BadParameter(
            f"no questions in '{lang}' yet; only 'en' is available", param_hint="--lang"
        )
    if not state.strip():
        raise click.BadParameter("give the State's name", param_hint="--state")
    text = blank_questionnaire(
        catalogue_from(ctx), state.strip(), when.date() if when else None, lang
    )
    emit(text, output)


COMMANDS: list[click.Command] = [questionnaire]
