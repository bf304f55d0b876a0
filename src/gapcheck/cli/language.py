"""The command line's own words (--help, click's usage errors) in the reader's language.

The language is `--lang` when the command has it and it is given, else the terminal's (as
gettext reads it), else English; English output is click's own, untouched.

Two kinds of words, two mechanisms:

- gapcheck's help texts (docstrings, `help=`, `short_help=`) are plain English strings in
  click's decorators: they are looked up at format time (HelpInLanguage, the class of every
  gapcheck command and group), never at import time, so `gapcheck --help` loads no catalogue
  in English and the texts are translated in the language chosen for this run. Babel finds
  them by walking the command tree (`extract_help`, an extraction method like Jinja's).
- click's own words ("Usage:", "Error: No such option", "Try ... for help") are marked in
  click with the classic gettext API (`from gettext import gettext as _` in each module).
  Its only switch is process-wide (textdomain and compiled .mo files found through the
  environment), and gapcheck keeps its catalogues as .po read into memory and chooses the
  language per command (--lang), so for one run `click_speaking` points the names click bound
  at the chosen catalogue, and puts them back after. It swaps only names that are still the
  standard library's functions: a click that stops using them is left alone (and the
  pseudo-language tests, which look for English left in the help, say so).
"""

from __future__ import annotations

import contextlib
import gettext
import inspect
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextvars import ContextVar
from typing import Any

import click

SOURCE_LANGUAGE = "en"

# The language of this run's words; None until a command line is read.
_SPOKEN: ContextVar[str | None] = ContextVar("gapcheck_cli_language", default=None)


def spoken_language() -> str:
    return _SPOKEN.get() or SOURCE_LANGUAGE


def current_translations() -> gettext.NullTranslations | None:
    """The catalogue of this run's language; None for English (click's words as written)."""
    language = spoken_language()
    if language == SOURCE_LANGUAGE:
        return None
    from gapcheck.i18n.messages import translator

    return translator(language)


def terminal_language(environ: Mapping[str, str] | None = None) -> str:
    """The terminal's language (i18n.messages.terminal_language); that module loads the
    models (pydantic, about 150 ms), so a terminal that plainly speaks English (C, POSIX,
    en_*, nothing set) is answered here and `gapcheck --help` stays light."""
    env = os.environ if environ is None else environ
    names = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")
    items = [item.strip() for name in names for item in env.get(name, "").split(":")]
    codes = {re.split(r"[_.@-]", item, maxsplit=1)[0].lower() for item in items}
    # en_XA and ar_XB name the pseudo-languages, not English
    pseudo = any(re.match(r"(?i)[a-z]+[_-]x[ab]\b", item) for item in items)
    if codes <= {"", "c", "posix", SOURCE_LANGUAGE} and not pseudo:
        return SOURCE_LANGUAGE
    from gapcheck.i18n.messages import terminal_language as read

    return read(env)


def _gettext(message: str) -> str:
    t = current_translations()
    return gettext.gettext(message) if t is None else t.gettext(message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    t = current_translations()
    return gettext.ngettext(singular, plural, n) if t is None else t.ngettext(singular, plural, n)


@contextlib.contextmanager
def click_speaking() -> Iterator[None]:
    """click's own words in this run's language (the module docstring says why this way)."""
    swapped: list[tuple[Any, str, Any]] = []
    ours = {"_": (gettext.gettext, _gettext), "ngettext": (gettext.ngettext, _ngettext)}
    for name, module in list(sys.modules.items()):
        if name != "click" and not name.startswith("click."):
            continue
        for attribute, (original, replacement) in ours.items():
            if getattr(module, attribute, None) is original:
                setattr(module, attribute, replacement)
                swapped.append((module, attribute, original))
    try:
        yield
    finally:
        for module, attribute, original in swapped:
            setattr(module, attribute, original)


@contextlib.contextmanager
def speaking(language: str) -> Iterator[None]:
    """Run command lines in `language` whatever the terminal's (--lang still wins): for a
    program that runs gapcheck's commands in-process, and for the pseudo-languages, which
    no terminal names."""
    token = _SPOKEN.set(language)
    try:
        yield
    finally:
        _SPOKEN.reset(token)


# Help texts: each paragraph is one message (click rewraps them anyway), so that translators
# see sentences, not a page. A `\b` block (kept as written by click) is a heading and the
# examples under it: the heading's line is translated, the indented lines (commands) are not.


def help_paragraphs(text: str) -> list[str]:
    """`text` (a docstring or help=) as click shows it, in paragraphs."""
    shown = inspect.cleandoc(text).partition("\f")[0]
    return [p for p in re.split(r"\n[ \t]*\n", shown) if p.strip()]


def _is_words(line: str) -> bool:
    return bool(line.strip()) and not line[:1].isspace() and line != "\b"


def help_messages(text: str) -> list[str]:
    """The messages of a help text, in the form translators see and the catalogue keys."""
    messages: list[str] = []
    for paragraph in help_paragraphs(text):
        if paragraph.startswith("\b"):
            messages.extend(line for line in paragraph.splitlines() if _is_words(line))
        else:
            messages.append(_joined(paragraph))
    return messages


def _joined(paragraph: str) -> str:
    return " ".join(line.strip() for line in paragraph.splitlines())


def translated_help(t: gettext.NullTranslations, text: str) -> str:
    out: list[str] = []
    for paragraph in help_paragraphs(text):
        if paragraph.startswith("\b"):
            lines = paragraph.splitlines()
            out.append("\n".join(t.gettext(ln) if _is_words(ln) else ln for ln in lines))
        else:
            out.append(t.gettext(_joined(paragraph)))
    return "\n\n".join(out)


def fit_wide(text: str, columns: int) -> str:
    """Paragraphs of characters two columns wide (Chinese) filled to `columns` by display
    width, and marked (click's \\b) to be kept as they are: click wraps by counting
    characters, so a Chinese line would run twice as wide as the terminal."""
    from gapcheck.render.columns import width, wrap

    out = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith("\b") or width(paragraph) == len(paragraph):
            out.append(paragraph)
        else:
            out.append("\b\n" + wrap(paragraph, max(columns, 10)))
    return "\n\n".join(out)


def short_help(text: str, limit: int) -> str:
    """The first sentence of `text`, cut at a word to at most `limit` columns (a Chinese
    character takes two), as click makes a command's line in its group's list."""
    from gapcheck.render.columns import width, wrap

    first = text.split("\n\n", 1)[0].strip()
    # a full stop ends a sentence before a space; Chinese's ends it where it stands
    match = re.search(r"(?<=[.!?])(?=\s|$)|(?<=[。！？])", first)
    sentence = " ".join((first[: match.start()] if match else first).split())
    if width(sentence) <= limit:
        return sentence
    cut = wrap(sentence, max(limit - 3, 1)).split("\n", 1)[0]
    return f"{cut.rstrip()}..."


# The --lang options that choose the language of gapcheck's own words: cli.common.lang_option
# (which the error boundary reads too), and the practices' content language of `practices
# list/show` (whose headings speak it); the other --lang options are filters (`translations
# --lang`, `site build --lang`).
_OWN_WORDS = ("gapcheck.i18n.messages:CHOICES", "gapcheck.models.translation:CONTENT_LANGUAGES")


def _language_option(command: click.Command) -> click.Parameter | None:
    return next(
        (
            p
            for p in command.params
            if "--lang" in p.opts and getattr(p.type, "source", None) in _OWN_WORDS
        ),
        None,
    )


def asked_language(command: click.Command, args: list[str]) -> str | None:
    """The language `--lang` names in `args`, read before click parses them: --help and a
    usage error may come before --lang on the line (or stop the parsing before it is read),
    and must speak it all the same. A value that is not a language is left to click."""
    option = _language_option(command)
    if option is None:
        return None
    names = [*option.opts, *option.secondary_opts]
    value: str | None = None
    for i, arg in enumerate(args):
        if arg == "--":
            break
        for name in names:
            if arg == name and i + 1 < len(args):
                value = args[i + 1]
            elif arg.startswith(f"{name}=") and name.startswith("--"):
                value = arg.partition("=")[2]
    if value is None:
        return None
    from gapcheck.i18n.messages import CHOICES

    return next((c for c in CHOICES if c.lower() == value.lower()), None)


class HelpInLanguage(click.Command):
    """A command whose --help and usage errors speak the reader's language."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        token = _SPOKEN.set(_SPOKEN.get() or terminal_language())
        try:
            with click_speaking():
                return super().main(*args, **kwargs)
        finally:
            _SPOKEN.reset(token)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        language = asked_language(self, args)
        if language is not None:
            _SPOKEN.set(language)
        return super().parse_args(ctx, args)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click makes the help option once per command and keeps it, its help text
        # translated when made: made in English, it is translated when shown, in each run's
        # language
        with speaking(SOURCE_LANGUAGE):
            return super().get_help_option(ctx)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        t = current_translations()
        if t is None or not self.help or self.deprecated:
            super().format_help_text(ctx, formatter)
            return
        formatter.write_paragraph()
        with formatter.indentation():
            columns = formatter.width - formatter.current_indent
            formatter.write_text(fit_wide(translated_help(t, self.help), columns))

    def get_short_help_str(self, limit: int = 45) -> str:
        t = current_translations()
        if t is None or self.deprecated:
            return super().get_short_help_str(limit)
        if self.short_help:
            return t.gettext(_joined(inspect.cleandoc(self.short_help))).strip()
        return short_help(translated_help(t, self.help), limit) if self.help else ""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        t = current_translations()
        if t is None:
            super().format_options(ctx, formatter)
            return
        rows: list[tuple[str, str]] = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None or isinstance(param, click.Argument):
                continue
            term, text = record
            # click adds "  [default: ...]" (already in this language) after the help
            english = getattr(param, "help", None)
            if english and text.startswith(english):
                text = t.gettext(_joined(english)) + text[len(english) :]
            rows.append((term, text))
        if rows:
            with formatter.section(_gettext("Options")):  # click's word, in its area
                # the help column's width, as write_dl works it out
                first = min(max(len(term) for term, _ in rows), 30) + 2
                columns = max(formatter.width - first - 2, 10)
                formatter.write_dl([(term, fit_wide(text, columns)) for term, text in rows])
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)


class Command(HelpInLanguage):
    """A gapcheck command: `@click.command(cls=Command)`."""


class Group(HelpInLanguage, click.Group):
    """A gapcheck group of commands: `@click.group(cls=Group)`; its commands and groups are
    gapcheck's too."""

    command_class = Command
    group_class = type  # a group made here is of this group's class


def commands_of(root: click.Command) -> Iterator[tuple[list[str], click.Command]]:
    """Every command under `root` with its path of names, `root` first."""

    def walk(command: click.Command, path: list[str]) -> Iterator[tuple[list[str], click.Command]]:
        yield path, command
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                yield from walk(sub, [*path, name])

    yield from walk(root, [])


def command_messages(command: click.Command) -> list[str]:
    """The help texts of one command, as messages: its help, short help and options' help."""
    found: list[str] = []
    if command.help:
        found.extend(help_messages(command.help))
    if command.short_help:
        found.append(_joined(inspect.cleandoc(command.short_help)))
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            found.append(_joined(text))
    return found
