"""The command line's error boundary (cli/common.py): a click exception's message is said in
the reader's language, its escapes shown, in one place, where click's `main` shows it; the rest
of a run ends as click's standalone mode ends it."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from gapcheck.cli.common import GapcheckGroup, lang_option
from gapcheck.cli.language import speaking
from gapcheck.errors import Message
from tests.conftest import invoke

PSEUDO = "en-XA"
GAPCHECK = Path(sys.executable).parent / "gapcheck"


def _ends(ctx: click.Context, how: str) -> None:
    """One way a command ends, as the command line test group runs it."""
    endings: dict[str, Callable[[], None]] = {
        "abort": lambda: _raise(click.Abort()),
        "interrupt": lambda: _raise(KeyboardInterrupt()),
        "end-of-input": lambda: _raise(EOFError()),
        "exit": lambda: ctx.exit(3),
        "plain": lambda: _raise(click.ClickException("plain 'words'")),
        "usage": lambda: _raise(click.UsageError("misused")),
        "bad-value": lambda: _raise(click.BadParameter("no", param_hint="--x")),
        "nothing": lambda: None,
    }
    endings[how]()


def _raise(error: BaseException) -> None:
    raise error


ENDINGS = ["abort", "interrupt", "end-of-input", "exit", "plain", "usage", "bad-value", "nothing"]


def _group(cls: type[click.Group]) -> click.Group:
    @click.group(cls=cls)
    def group() -> None:
        """A group."""

    @group.command()
    @click.argument("how")
    @click.pass_context
    def end(ctx: click.Context, how: str) -> None:
        """End one way."""
        _ends(ctx, how)

    return group


@pytest.mark.parametrize("how", ENDINGS)
def test_a_run_ends_as_in_click_standalone_mode(how: str) -> None:
    # the same status, output and error output as click's own group (messages with nothing
    # to translate or to escape)
    ran = [CliRunner().invoke(_group(cls), ["end", how]) for cls in (click.Group, GapcheckGroup)]
    click_own, gapcheck = ((r.exit_code, r.stdout, r.stderr) for r in ran)
    assert gapcheck == click_own


@pytest.mark.parametrize("how", ENDINGS)
def test_without_standalone_mode_the_caller_gets_what_click_gives(how: str) -> None:
    def outcome(cls: type[click.Group]) -> tuple[str, Any]:
        try:
            return "returned", _group(cls).main(["end", how], "g", standalone_mode=False)
        except (click.ClickException, click.Abort) as e:
            return type(e).__name__, str(e)

    assert outcome(GapcheckGroup) == outcome(click.Group)


def test_an_abort_speaks_the_language_of_the_run() -> None:
    english = CliRunner().invoke(_group(GapcheckGroup), ["end", "abort"])
    with speaking(PSEUDO):
        pseudo = CliRunner().invoke(_group(GapcheckGroup), ["end", "abort"])
    assert (english.exit_code, english.stderr) == (1, "Aborted!\n")
    assert pseudo.exit_code == 1 and pseudo.stderr not in {"", english.stderr}


def _handling_group() -> click.Group:
    @click.group(cls=GapcheckGroup)
    def group() -> None:
        """A group."""

    @group.command()
    @lang_option()
    def convert(language: str | None) -> None:
        """Convert, and say why not."""
        try:
            int("twelve\x1b[2J")
        except ValueError:
            # no context to carry its language: the run's, where click shows it
            raise click.ClickException(
                Message("cannot convert %(value)s", value="twelve\x1b[2J")
            ) from None

    return group


@pytest.mark.parametrize("by_option", [True, False], ids=["--lang", "the run's language"])
def test_a_message_raised_from_a_command_error_handler_is_said_in_the_reader_language(
    by_option: bool,
) -> None:
    group = _handling_group()
    english = CliRunner().invoke(group, ["convert"])
    assert (english.exit_code, english.stderr) == (
        1,
        "Error: cannot convert twelve\\u001b[2J\n",
    )
    if by_option:
        pseudo = CliRunner().invoke(group, ["convert", "--lang", PSEUDO])
    else:
        with speaking(PSEUDO):
            pseudo = CliRunner().invoke(group, ["convert"])
    assert pseudo.exit_code == 1
    assert "twelve\\u001b[2J" in pseudo.stderr and "\x1b" not in pseudo.stderr
    assert "cannot convert" not in pseudo.stderr and "Error" not in pseudo.stderr


@pytest.mark.parametrize("path", [[], ["questionnaire"], ["request"]], ids=" ".join)
def test_a_group_without_its_command_shows_its_help(path: list[str]) -> None:
    # on standard error, as a usage error: the help as --help shows it, lines and all
    ran = invoke(*path)
    assert (ran.exit_code, ran.stdout) == (2, "")
    assert ran.stderr == invoke(*path, "--help").stdout


@pytest.mark.parametrize(
    "args",
    [["--help"], ["report", "--help"], ["practices", "show", "GP12"], ["graph", "--format", "dot"]],
    ids=["help", "command-help", "practice", "graph"],
)
def test_a_reader_that_goes_away_ends_the_run_quietly(args: list[str]) -> None:
    # `gapcheck ... | head -1`: standard output is a pipe whose reader has gone; what is left
    # to print is nobody's, no file is being written, and nothing is said about it
    read, write = os.pipe()
    os.close(read)
    try:
        run = subprocess.run(
            [str(GAPCHECK), *args], stdout=write, stderr=subprocess.PIPE, timeout=60, check=False
        )
    finally:
        os.close(write)
    assert run.stderr == b""
    assert run.returncode == 1  # as click ends any command whose reader went away
