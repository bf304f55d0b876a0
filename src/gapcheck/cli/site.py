"""Commands for the published guidance site: build it, or serve it while editing."""

from __future__ import annotations

import click

from gapcheck.cli.common import LazyChoice, status
from gapcheck.cli.language import Group

config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    help="The site's mkdocs.yml (default: the one shipped with gapcheck).",
)


@click.group(cls=Group)
def site() -> None:
    """Build the guidance site: every practice, the graph, the questionnaire to download."""


@site.command("build")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False),
    help="Folder to build into (default: ./site). Replaced only by a new build.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="Make a copy that works opened straight from a folder or USB stick, search included.",
)
@click.option(
    "--strict/--no-strict",
    default=True,
    show_default=True,
    help="Stop at any warning, such as a broken link in a hand-written page.",
)
@click.option(
    "--examples",
    type=click.Path(file_okay=False),
    help="Folder of example questionnaires to publish as reports (confidential ones never are).",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    type=LazyChoice("gapcheck.guidance.languages:SITE_LANGUAGES"),
    help="Build only this language besides English, which is always built (repeat for "
    "several; default: all six).",
)
@config_option
@click.pass_context
def site_build(
    ctx: click.Context,
    output: str | None,
    offline: bool,
    strict: bool,
    examples: str | None,
    languages: tuple[str, ...],
    config_file: str | None,
) -> None:
    """Build the site from the practices, ready to put on an intranet.

    The site makes no request to any other host. With --offline, open index.html
    from the folder in any browser. Every page is in the six UN languages: English at
    the top of the folder, the others in ar/, es/, fr/, ru/ and zh/.

    \b
    Examples:
      gapcheck site build -o out/site
      gapcheck site build --offline -o guidance-usb
      gapcheck site build --lang fr --lang ar -o out/site
    """
    from gapcheck.cli.common import knowledge_base_dir
    from gapcheck.guidance.build import build_site
    from gapcheck.guidance.languages import SITE_LANGUAGES
    from gapcheck.writes import refuse_inside

    kb = knowledge_base_dir()
    if output is not None and kb is not None:
        refuse_inside(output, kb)  # a build replaces its folder: never the practices
    built = build_site(
        output,
        config_file=config_file,
        practices=ctx.find_root().obj,
        examples=examples,
        offline=offline,
        strict=strict,
        languages=languages or SITE_LANGUAGES,
    )
    for warning in built.warnings:
        status(f"warning: {warning}")
    index = built.site_dir / "index.html"
    status(f"Built {built.pages} pages in {built.site_dir}; open {index}")


@site.command("serve")
@click.option(
    "-a",
    "--address",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address and port to serve on.",
)
@config_option
@click.pass_context
def site_serve(ctx: click.Context, address: str, config_file: str | None) -> None:
    """Serve the site on this computer, rebuilding it when a practice or page changes.

    \b
    Example:
      gapcheck site serve      # then open http://127.0.0.1:8000/
    """
    from gapcheck.guidance.build import serve_site

    status(f"Serving the site on http://{address}/ (Ctrl+C to stop)")
    serve_site(config_file=config_file, practices=ctx.find_root().obj, address=address)


COMMANDS: list[click.Command] = [site]
