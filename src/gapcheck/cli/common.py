"""What every command shares: the error boundary, output options, catalogue loading."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue
    from gapcheck.errors import InputError

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
    return click.option("-o", "--output", type=click.Path(dir_okay=False), help=help)


def emit(text: str | bytes, output: str | None, inputs: Sequence[str | Path] = ()) -> None:
    """Print, or write atomically to `output` (never over one of the inputs).

    Bytes (a workbook) always go to a file: the caller asks for `output` first.
    """
    if output is None:
        if isinstance(text, bytes):
            raise ValueError("binary output needs a file")
        click.echo(text, nl=not text.endswith("\n"))
        return
    from gapcheck.yamlio import refuse_overwrite, write_atomic

    ctx = click.get_current_context(silent=True)
    catalogue = ctx.find_root().meta.get("gapcheck.catalogue") if ctx else None
    if catalogue is not None:  # the knowledge base is an input of every command that loads it
        inputs = [*inputs, *catalogue.root.glob("*.yaml")]
    refuse_overwrite(output, inputs)
    write_atomic(output, text)
    click.echo(f"Wrote {output}", err=True)
