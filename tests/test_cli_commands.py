"""Every command's function takes every option its decorators give it.

Shared option decorators (output_option adds --force) are easy to add to a command whose
function then fails with a TypeError only when that command runs; this walks them all.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterator

import click

from gapcheck.cli import cli


def commands(group: click.Group, path: str = "gapcheck") -> Iterator[tuple[str, click.Command]]:
    for name, command in sorted(group.commands.items()):
        yield f"{path} {name}", command
        if isinstance(command, click.Group):
            yield from commands(command, f"{path} {name}")


def test_every_command_accepts_each_of_its_parameters() -> None:
    seen = 0
    for path, command in commands(cli):
        if command.callback is None or isinstance(command, click.Group):
            continue
        accepted = set(inspect.signature(inspect.unwrap(command.callback)).parameters)
        for param in command.params:
            if param.expose_value:
                assert param.name in accepted, f"{path}: its function has no '{param.name}'"
        seen += 1
    assert seen >= 15
