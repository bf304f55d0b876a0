"""What every command shares: the error boundary, output options, catalogue loading."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import re
import sys
from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING, Any, TypeVar

import click

from gapcheck.cli.language import Command, Group, HelpInLanguage

if TYPE_CHECKING:
    from pathlib import Path

    from gapcheck.catalogue import Catalogue
    from gapcheck.errors import InputError
    from gapcheck.writes import Target

STDOUT = "-"  # `-o -`: standard output, as in most command-line tools

F = TypeVar("F", bound=Callable[..., Any])


# gapcheck.errors (dataclasses, pathlib: about 15 ms) is imported where it is used, not at the
# top: `gapcheck --help` never needs it.
def printable(text: str) -> str:
    from gapcheck.errors import printable as shown

    return shown(text)


def printable_lines(text: str) -> str:
    from gapcheck.errors import printable_lines as shown

    return shown(text)


def shorten(value: object, limit: int = 60) -> str:
    from gapcheck.errors import shorten as short

    return short(value, limit)


class InputProblems(click.ClickException):
    """Bad input: one `path:line:col: message` line per problem; the exit status is the
    error's own (InputError.exit_code)."""

    def __init__(self, error: InputError, writes: bool = True) -> None:
        super().__init__(str(error))
        # (click types exit_code as a class variable; this instance's comes from the library)
        setattr(self, "exit_code", error.exit_code)  # noqa: B010
        self.error = error
        self.writes = writes
        # The reader's language: --lang when the command has it, else the terminal's
        ctx = click.get_current_context(silent=True)
        self.language: str | None = ctx.meta.get(LANGUAGE_KEY) if ctx is not None else None

    def show(self, file: IO[Any] | None = None) -> None:
        from gapcheck.i18n.messages import terminal_language, translator

        t = translator(self.language or terminal_language())
        n = len(self.error.problems)
        for problem in self.error.problems:
            click.echo(problem.said(t.gettext), err=True)
        if self.writes:
            found = t.ngettext(
                "%(num)d problem found; nothing was written.",
                "%(num)d problems found; nothing was written.",
                n,
            )
        else:
            found = t.ngettext("%(num)d problem found.", "%(num)d problems found.", n)
        click.echo(found % {"num": n}, err=True)


def in_reader_language(message: str, ctx: click.Context | None = None) -> str:
    """`message` said in the reader's language (--lang when the command has it, else the
    terminal's) if it is an errors.Message; as it is otherwise. `ctx`: the context the
    message comes from, when it is no longer the current one."""
    from gapcheck.errors import Message

    if not isinstance(message, Message):
        return message
    from gapcheck.cli.language import spoken_language
    from gapcheck.i18n.messages import translator

    ctx = ctx or click.get_current_context(silent=True)
    language = ctx.meta.get(LANGUAGE_KEY) if ctx is not None else None
    # else the language of this run's words: the terminal's, or a --lang read before parsing
    return message.said(translator(language or spoken_language()).gettext)


class Failure(click.ClickException):
    """A failure that is not the input's: the exit status of the library error behind it."""

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        # a file name may hold terminal escapes
        super().__init__(printable_lines(in_reader_language(message)))
        if exit_code is None:
            from gapcheck.errors import GapcheckError

            exit_code = GapcheckError.exit_code
        setattr(self, "exit_code", exit_code)  # noqa: B010 (as in InputProblems)


class ShownInReaderLanguage(click.Command):
    """click's `main`, but a click exception's message is said in the reader's language, its
    escapes shown, not run (a bad value quoted back), in one place: where it is shown.

    In standalone mode click's `main` catches the exception and shows it itself, with no code
    of the command's in between, and an exception raised from an error handler further down
    passes every handler beside it. So click's `main` runs here without standalone mode, and
    this does what standalone mode does (click 8.5's Command.main, mirrored). GapcheckGroup
    lists it after HelpInLanguage, whose `main` is around this one: the run's language and
    click's words in it hold while the message is shown.
    """

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        report: Callable[[], None] | None = None
        exit_code = 1
        try:
            try:
                rv = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
                if not standalone_mode:
                    return rv
                # Without standalone mode click returns the command's value, or the code of
                # an Exit (--help, --version). Standalone, it exits 0 after any value; a
                # gapcheck command returns none (mypy holds it to `-> None`), so a value is
                # an Exit's code.
                exit_code = 0 if rv is None else rv
            except click.ClickException as e:
                _say_in_reader_language(e)
                if not standalone_mode:
                    raise
                report, exit_code = e.show, e.exit_code
            except click.Abort:  # an EOFError or a KeyboardInterrupt too: click made it one
                if not standalone_mode:
                    raise
                from click.core import _echo_aborted  # "Aborted!" in click's words, as click

                report = _echo_aborted
            if report is not None:
                report()
            sys.exit(exit_code)
        except (EOFError, KeyboardInterrupt):
            # interrupted while the message is shown: the exit status still wins, as in click
            if not standalone_mode:
                raise
            sys.exit(exit_code)


def _say_in_reader_language(e: click.ClickException) -> None:
    from click.exceptions import NoArgsIsHelpError

    # gapcheck's own exceptions are said where they are made, and a group's help is no message
    if isinstance(e, InputProblems | Failure | NoArgsIsHelpError):
        return
    # The command's context is closed by now: a usage error keeps it (and the --lang it
    # read); for another exception the language is the run's, which is that --lang too
    # (HelpInLanguage.parse_args reads it before click does).
    said = in_reader_language(e.message, getattr(e, "ctx", None))
    # (click types `message` as Final, for its own classes; the instance is ours here)
    setattr(e, "message", printable(said))  # noqa: B010


class GapcheckGroup(HelpInLanguage, ShownInReaderLanguage, click.Group):
    """A group that turns library exceptions into clean messages: the one error boundary.
    Its help and click's usage errors speak the reader's language (cli/language.py), and so
    does a click exception's errors.Message, where it is shown (ShownInReaderLanguage)."""

    command_class = Command

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        refuse_undecodable(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        from gapcheck.errors import GapcheckError, InputError

        try:
            return super().invoke(ctx)
        except click.NoSuchOption as e:
            if e.option_name != "--practices" or e.ctx is None:
                raise
            from gapcheck.errors import Message

            # Chooses the knowledge base for every command, so it belongs to `gapcheck` itself.
            command = e.ctx.command_path.partition(" ")[2]
            message = Message(
                "--practices goes before the command: %(line)s",
                line=" ".join((ctx.command_path, "--practices FOLDER", command, "...")),
            )
            raise click.UsageError(message, e.ctx) from None
        except InputError as e:
            raise InputProblems(e) from None
        except GapcheckError as e:
            from gapcheck.errors import message_of

            raise Failure(message_of(e), e.exit_code) from None
        except OSError as e:
            if e.errno == errno.EPIPE:
                # the reader of standard output went away (`gapcheck ... | head -1`): not a
                # fault of the run, and no file is being written; click's `main` ends it
                # quietly, with status 1, as it does for the group's own help
                raise
            # a disk that fills up or a file that vanishes mid-run: say so in one line
            from gapcheck.errors import Message

            where = f"{e.filename}: " if e.filename else ""
            raise Failure(
                Message(
                    "%(problem)s; a file being written is left as it was",
                    problem=where + str(e.strerror or e),
                )
            ) from None

    def group(self, *args: Any, **kwargs: Any) -> Any:
        kwargs.setdefault("cls", Group)
        return super().group(*args, **kwargs)


class UndecodableArgument(click.UsageError):
    exit_code = 2


def refuse_undecodable(args: Sequence[str]) -> None:
    """Refuse an argument that is not valid UTF-8, before any command sees it.

    Python hands such bytes over as lone surrogates, which no file, model or terminal
    accepts; the one place to catch them is where the command line comes in.
    """
    for i, arg in enumerate(args):
        if not any("\udc80" <= c <= "\udcff" for c in arg):
            continue
        from gapcheck.errors import Message

        shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
        where: str
        if arg.startswith("--") and "=" in arg:
            option, shown = shown.split("=", 1)
            where = Message("the value of %(option)s", option=option)
        elif i > 0 and args[i - 1].startswith("-") and args[i - 1] != "-":
            where = Message("the value of %(option)s", option=args[i - 1])
        else:
            where = Message("the argument")
        raise UndecodableArgument(
            Message(
                "%(where)s '%(value)s' is not valid UTF-8 text; type it again in a terminal "
                "that uses UTF-8 (for a file, rename it to a name in UTF-8)",
                where=where,
                value=printable(shorten(shown)),
            )
        )


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


# What each format's file is called: an output's extension chooses its format, and an
# extension gapcheck does not write is refused rather than filled with something else.
EXTENSIONS: dict[str, tuple[str, ...]] = {
    "md": ("md", "markdown", "txt"),
    "html": ("html", "htm"),
    "json": ("json",),
    "csv": ("csv",),
    "table": ("txt",),
    "text": ("txt",),
    "yaml": ("yaml", "yml"),
    "xlsx": ("xlsx",),
    "docx": ("docx",),
    "dot": ("dot", "gv"),
    "mermaid": ("mmd", "mermaid"),
}


def format_from_extension(output: str | None, formats: Sequence[str]) -> str | None:
    """The one of `formats` that `output`'s extension names; None when it has none (or it
    is standard output). An extension of none of them is refused, naming those it knows."""
    if output is None or output == "-":
        return None
    from pathlib import Path

    name = Path(output).name
    if "." not in name.strip("."):
        return None
    suffix = name.rsplit(".", 1)[-1].lower()
    for fmt in formats:
        if suffix in EXTENSIONS.get(fmt, (fmt,)):
            return fmt
    from gapcheck.errors import Message

    known = [f".{e}" for fmt in formats for e in EXTENSIONS.get(fmt, (fmt,))]
    raise click.BadParameter(
        Message(
            "gapcheck does not write '.%(suffix)s' files here; end the file name in %(known)s",
            suffix=printable(shorten(suffix, 20)),
            known=_either(known),
        ),
        param_hint="--output",
    )


def _either(items: Sequence[str]) -> str:
    from gapcheck.errors import Message

    if len(items) == 1:
        return items[0]
    return Message("%(some)s or %(last)s", some=", ".join(items[:-1]), last=items[-1])


def output_format(ctx: click.Context, fmt: str, output: str | None) -> str:
    """The format to write: --format when given, else the one -o's extension names.

    With --format given, the extension is the user's to choose (notes.txt in Markdown)."""
    from click.core import ParameterSource

    if ctx.get_parameter_source("fmt") is not ParameterSource.DEFAULT:
        return fmt.lower()
    param = next(p for p in ctx.command.params if p.name == "fmt")
    assert isinstance(param.type, click.Choice)
    return format_from_extension(output, [str(c) for c in param.type.choices]) or fmt.lower()


class DateType(click.ParamType[dt.date]):
    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        try:
            # fromisoformat alone would also take 20260316 and week dates
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                return dt.date.fromisoformat(text)
        except ValueError:
            pass
        from gapcheck.errors import Message

        self.fail(
            Message(
                "'%(value)s' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-16",
                value=printable(shorten(value)),
            )
        )


class LazyChoice(click.Choice[str]):
    """A choice among the members of a library enum (or the keys of a mapping), named as
    "module:Name" and imported only when a command reads or shows it: the choices are the
    library's own, and `gapcheck --help` imports no model."""

    def __init__(self, source: str) -> None:
        self.source = source
        super().__init__((), case_sensitive=False)

    @property
    def choices(self) -> tuple[str, ...]:
        import importlib

        module, _, name = self.source.partition(":")
        return tuple(str(member) for member in getattr(importlib.import_module(module), name))

    @choices.setter
    def choices(self, value: object) -> None:
        pass  # click.Choice.__init__ sets it; the source says what they are


# The one --admin flag, for the commands that show requests to donors.
admin_option = click.option(
    "--admin",
    is_flag=True,
    help="The Administrative Unit's own view: shows who is behind confidential requests.",
)


def requests_option(dest: str) -> Callable[[F], F]:
    """The one --requests option: a requests file, repeated for more."""
    return _files_option("--requests", dest, "A requests file (repeat for more).")


def offers_option(dest: str) -> Callable[[F], F]:
    """The one --offers option: an offers file, repeated for more."""
    return _files_option("--offers", dest, "An offers file (repeat for more).")


def _files_option(flag: str, dest: str, help: str) -> Callable[[F], F]:
    return click.option(flag, dest, multiple=True, type=click.Path(dir_okay=False), help=help)


def min_group_option(help: str) -> Callable[[F], F]:
    """The one --min-group option: the smallest group whose figures may be shown. Never
    below 3, whatever the user asks (docs/overview.md says why)."""
    return click.option(
        "--min-group", type=click.IntRange(min=3), default=5, show_default=True, help=help
    )


def lang_option(
    help: str = "Write in this language (default: the questionnaire's own "
    "`language`, else English).",
) -> Callable[[F], F]:
    """--lang: ar, en, es, fr, ru, zh, or a pseudo-language (en-XA, ar-XB) to check layouts."""
    return click.option(
        "--lang",
        "language",
        type=LazyChoice("gapcheck.i18n.messages:CHOICES"),
        help=help,
        callback=_remember_language,
        # read before the other options, so that a problem with them speaks it too
        is_eager=True,
    )


# Where --lang is kept for the error boundary; click shares `meta` with every context.
LANGUAGE_KEY = "gapcheck.language"


def _remember_language(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:  # noqa: ARG001
    if value is not None:
        ctx.meta[LANGUAGE_KEY] = value
    return value


def date_option(help: str) -> Callable[[F], F]:
    """The one --date option: a day written YYYY-MM-DD, read as a `datetime.date`."""
    return click.option("--date", "when", type=DateType(), metavar="YYYY-MM-DD", help=help)


def writes_nothing(f: F) -> F:
    """For a command that only reads: its problems end "N problems found.", with no
    word about writing."""
    import functools

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from gapcheck.errors import InputError

        try:
            return f(*args, **kwargs)
        except InputError as e:
            raise InputProblems(e, writes=False) from None

    return wrapper  # type: ignore[return-value]


def status(message: str) -> None:
    """A status line: on standard error, so that standard output carries only data; its
    escapes are shown, not run; a reader that has gone away is no reason to fail."""
    with contextlib.suppress(BrokenPipeError):
        click.echo(printable(in_reader_language(message)), err=True)


def output_option(
    help: str = "Write to this file instead of standard output.", *, required: bool = False
) -> Callable[[F], F]:
    """-o/--output (`-o -` is standard output) and --force, which every command with -o has."""
    return _output(help, "output", click.Path(dir_okay=False), required)


def output_folder_option(help: str, dest: str, *, required: bool = False) -> Callable[[F], F]:
    """-o/--output naming a folder to write several files into, and --force."""
    return _output(help, dest, click.Path(file_okay=False), required)


def _output(help: str, dest: str, kind: click.Path, required: bool) -> Callable[[F], F]:
    def decorate(f: F) -> F:
        f = force_option(f)
        return click.option("-o", "--output", dest, required=required, type=kind, help=help)(f)

    return decorate


force_option = click.option(
    "--force",
    is_flag=True,
    help="Replace an existing file even if it is not an earlier output of the same kind.",
)


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
    """Data on standard output: text with its terminal escapes shown, not run."""
    if isinstance(text, str):
        click.echo(printable_lines(text), nl=not text.endswith("\n"))
        return
    stream = sys.stdout.buffer
    if sys.stdout.isatty():
        from gapcheck.errors import InputError, Message

        raise InputError.at(
            STDOUT,
            Message(
                "a workbook is not text and would garble the terminal: give a file name "
                "(-o arcadia.xlsx), or send standard output to a file (-o - > arcadia.xlsx)"
            ),
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
        status(f"Wrote {target.path}")


def knowledge_base_dir() -> Path | None:
    """The knowledge base folder in use, where no command ever writes."""
    from pathlib import Path

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
