"""The `gapcheck` command line: parses arguments and prints; the logic lives in the library.

Only click and the standard library are imported here at start-up; each command imports
what it needs (pydantic, networkx, jinja2, mkdocs) when it runs, so `gapcheck --help` is fast.
"""

from __future__ import annotations

import click

from gapcheck import __version__

# Plain imports: a command module that fails to import fails loudly, never hides its
# commands. Each imports only click and cli.common at module level, so --help stays light.
from gapcheck.cli import assess, capacity, knowledge, overview, site, translations
from gapcheck.cli.common import GapcheckGroup


@click.group(cls=GapcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="gapcheck")
@click.option(
    "--practices",
    "practices_dir",
    type=click.Path(file_okay=False),
    envvar="GAPCHECK_PRACTICES",
    help="Knowledge base folder (default: the practices/ shipped with gapcheck).",
)
@click.pass_context
def cli(ctx: click.Context, practices_dir: str | None) -> None:
    """Self-assessment and capacity building for the GCTF Rome Memorandum on the
    rehabilitation and reintegration of violent extremist offenders.

    \b
    Start here:
      gapcheck questionnaire new --state "Your State" -o my-state.yaml
      gapcheck report my-state.yaml --format html -o report.html
    """
    ctx.obj = practices_dir


for _module in (knowledge, assess, capacity, site, overview, translations):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    cli.main(prog_name="gapcheck")


if __name__ == "__main__":  # pragma: no cover
    main()
