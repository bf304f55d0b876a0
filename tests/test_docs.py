"""The README cannot drift from the CLI: every command is shown, every shown command exists."""

from __future__ import annotations

import re

import click
import pytest

from gapcheck.cli import cli

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _leaf_commands() -> list[str]:
    out: list[str] = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        if isinstance(cmd, click.Group):
            if cmd.invoke_without_command and path:  # a command of its own too (translations)
                out.append(" ".join(path))
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])
        else:
            out.append(" ".join(path))

    walk(cli, [])
    return out


@pytest.mark.parametrize("command", _leaf_commands())
def test_every_command_is_in_the_readme(command: str) -> None:
    assert re.search(rf"\bgapcheck {re.escape(command)}\b", README), command


def test_every_command_in_the_readme_exists() -> None:
    shown = re.findall(r"^\$ gapcheck ((?:[a-z]+ ?)+)", README, flags=re.M)
    assert shown
    for words in shown:
        ctx_cmd: click.Command = cli
        for word in words.split():
            if not isinstance(ctx_cmd, click.Group) or word not in ctx_cmd.commands:
                break
            ctx_cmd = ctx_cmd.commands[word]
        incomplete = isinstance(ctx_cmd, click.Group) and not ctx_cmd.invoke_without_command
        assert not incomplete, f"'gapcheck {words.strip()}' is incomplete"


def test_readme_opens_with_the_two_commands() -> None:
    first_block = README.split("```")[1]
    assert "make demo" in first_block and "make test" in first_block
