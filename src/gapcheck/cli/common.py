"""What every command shares: the error boundary, output options, catalogue loading."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.errors import InputError
    from gapcheck.writes import Target

STDOUT = "-"  # `-o -`: standard output, as in most command-line tools

F = TypeVar("F", bound=Callable[..., Any])


class InputProblems(click.ClickException):
    """Bad input: one `path:line:col: message` line per problem, exit status 2."""

    exit_code = 2

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: IO[Any] | None = None) -> None:
        n = len(self.error.problems)
        for problem in self.error.problems:
            click.echo(str(problem), err=True)
        click.echo(f"{n} problem{'s' if n != 1 else ''} found; nothing was written.", err=True)


class Failure(click.ClickException):
    exit_code = 1


class GapcheckGroup(click.Group):
    """A group that turns library exceptions into clean messages: the one error boundary."""

    def invoke(self, ctx: click.Context) -> Any:
        # Imported here, not at the top: `gapcheck --help` never gets this far.
        from gapcheck.errors import GapcheckError, InputError

        try:
            return super().invoke(ctx)
        except click.NoSuchOption as e:
            if e.option_name != "--practices" or e.ctx is None:
                raise
            # Chooses the knowledge base for every command, so it belongs to `gapcheck` itself.
            command = e.ctx.command_path.partition(" ")[2]
            raise click.UsageError(
                f"--practices goes before the command: "
                f"{ctx.command_path} --practices FOLDER {command} ...",
                e.ctx,
            ) from None
        except InputError as e:
            raise InputProblems(e) from None
        except GapcheckError as e:
            raise Failure(str(e)) from None
        except OSError as e:
            # a disk that fills up or a file that vanishes mid-run: say so in one line
            where = f"{e.filename}: " if e.filename else ""
            raise Failure(
                f"{where}{e.strerror or e}; a file being written is left as it was"
            ) from None

    def group(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", click.Group)
        return super().group(*args, **kwargs)


def catalogue_from(ctx: click.Context) -> Catalogue:
    """Load the knowledge base chosen with --practices (or the shipped one), once per run."""
    from gapcheck.catalogue import load_catalogue

    root = ctx.find_root()
    cached = root.meta.get("gapcheck.catalogue")
    if cached is None:
        cached = load_catalogue(root.obj)
        root.meta["gapcheck.catalogue"] = cached
    return cached


def format_option(*choices: str, default: str | None = None) -> Callable[[F], F]:
    """The shared --format/-f option."""
    return click.option(
        "-f",
        "--format",
        "fmt",
        type=click.Choice(choices, case_sensitive=False),
        default=default or choices[0],
        show_default=True,
        help="Output format.",
    )


def output_option(help: str = "Write to this file instead of standard output.") -> Callable[[F], F]:
    """-o/--output (`-o -` is standard output) and --force, which every command with -o has."""

    def decorate(f: F) -> F:
        f = force_option(f)
        return click.option("-o", "--output", type=click.Path(dir_okay=False), help=help)(f)

    return decorate


def force_option(f: F) -> F:
    return click.option(
        "--force",
        is_flag=True,
        help="Replace an existing file even if it is not an earlier output of the same kind.",
    )(f)


def emit(
    text: str | bytes,
    output: str | None,
    inputs: Sequence[str | Path] = (),
    *,
    force: bool = False,
    fresh: bool = False,
) -> None:
    """Print, or write atomically to `output`; `-o -` prints too.

    `fresh`: the output may become someone's work (a blank questionnaire), so it never
    replaces an existing file without --force, whatever that file holds.
    """
    if output is None or output == STDOUT:
        to_stdout(text)
        return
    from gapcheck.writes import Target

    emit_all([Target(output, text, replaces_same_kind=not fresh)], inputs, force=force)


def to_stdout(text: str | bytes) -> None:
    if isinstance(text, str):
        click.echo(text, nl=not text.endswith("\n"))
        return
    from gapcheck.errors import InputError

    stream = sys.stdout.buffer
    if sys.stdout.isatty():
        raise InputError.at(
            STDOUT,
            "a workbook is not text and would garble the terminal: give a file name "
            "(-o arcadia.xlsx), or send standard output to a file (-o - > arcadia.xlsx)",
        )
    stream.write(text)
    stream.flush()


def emit_all(
    targets: Sequence[Target], inputs: Sequence[str | Path] = (), *, force: bool = False
) -> None:
    """Check every target, write them all or none, and only then say what was written.

    Messages come after the writing, so that a closed standard error (`2>&1 | head -0`)
    cannot stop a run between two files of one set.
    """
    from gapcheck.writes import check, write_all

    check(targets, inputs=inputs, knowledge_base=knowledge_base_dir(), force=force)
    write_all(targets)
    for target in targets:
        say(f"Wrote {target.path}")


def say(message: str) -> None:
    """A message on standard error; a reader that has gone away is no reason to fail."""
    with contextlib.suppress(BrokenPipeError):
        click.echo(message, err=True)


def knowledge_base_dir() -> Path | None:
    """The knowledge base folder in use, where no command ever writes."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return None
    root = ctx.find_root()
    catalogue = root.meta.get("gapcheck.catalogue")
    if catalogue is not None:
        return Path(catalogue.root)
    if isinstance(root.obj, str):
        return Path(root.obj)
    from gapcheck.catalogue import default_practices_dir

    return default_practices_dir()
