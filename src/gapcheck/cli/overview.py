"""`gapcheck overview`: the picture across States, for one audience."""

from __future__ import annotations

import click

from gapcheck.cli.common import (
    catalogue_from,
    emit,
    format_option,
    lang_option,
    min_group_option,
    offers_option,
    output_format,
    output_option,
    requests_option,
)
from gapcheck.cli.language import Command

AUDIENCES = ("public", "members", "unit")


@click.command(cls=Command, short_help="The picture across States, with disclosure control.")
@click.argument("questionnaires", nargs=-1, required=True, type=click.Path(dir_okay=False))
@requests_option("requests_files")
@offers_option("offers_files")
@click.option(
    "--audience",
    required=True,
    type=click.Choice(AUDIENCES, case_sensitive=False),
    help="Who will read it: public, members, or unit (the Administrative Unit: everything).",
)
@min_group_option("Smallest group of States whose figures are shown (never below 3).")
@lang_option("Write the page in this language (default: English); JSON and CSV stay as they are.")
@format_option("md", "html", "json", "csv")
@output_option("Write the overview to this file (.html, .json, .csv or .md).")
@click.pass_context
def overview(
    ctx: click.Context,
    questionnaires: tuple[str, ...],
    requests_files: tuple[str, ...],
    offers_files: tuple[str, ...],
    audience: str,
    min_group: int,
    language: str | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    """Across the States' questionnaires: levels per practice and section, by region and in
    total; with --requests and --offers, help asked and offered and what is left after
    matching; for States given at two dates, what moved.

    Figures for groups of fewer than --min-group States are not shown, nor any figure that
    would let one be worked out; confidential questionnaires and requests count only when
    the questionnaire says share_in_aggregates: true. The unit audience sees everything,
    names included, and every page says so. See docs/overview.md.

    \b
    Examples:
      gapcheck overview states/*.yaml --audience public -o overview.html
      gapcheck overview states/*.yaml --audience public --lang fr -o apercu.html
      gapcheck overview states/*.yaml --requests requests.yaml --offers offers/*.yaml \\
          --audience members -o overview.json
    """
    from gapcheck.batch import load_all
    from gapcheck.overview.build import build_overview
    from gapcheck.overview.disclosure import Audience, Policy
    from gapcheck.render.overview import render_overview

    fmt = output_format(ctx, fmt, output)
    catalogue = catalogue_from(ctx)
    loaded = load_all(questionnaires, catalogue)
    requests = offers = None
    if requests_files or offers_files:
        from gapcheck.capacity import load_offers, load_requests

        requests = load_requests(requests_files, catalogue) if requests_files else []
        offers = load_offers(offers_files, catalogue) if offers_files else []
    language = language or "en"
    if fmt in ("md", "html"):
        # the practices' and sections' titles in the page's language; the figures are the same
        from gapcheck.i18n.content import localise

        catalogue = localise(catalogue, language)
    policy = Policy(Audience(audience.lower()), min_group)
    data = build_overview(loaded, catalogue, policy, requests, offers)
    inputs = [*questionnaires, *requests_files, *offers_files]
    emit(render_overview(data, fmt, language), output, inputs=inputs, force=force)


COMMANDS: list[click.Command] = [overview]
