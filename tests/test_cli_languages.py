"""The command line's own words in the reader's language: every --help and click's usage
errors, with --lang when the command has it, else the terminal's language, else English
(cli/language.py). English stays click's own output; the exit statuses do not change."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from collections.abc import Iterator

import click
import pytest
from babel.messages.pofile import read_po
from click.testing import CliRunner

from gapcheck.cli import cli
from gapcheck.cli.language import asked_language, commands_of, help_paragraphs, speaking
from gapcheck.i18n.messages import catalogue_files, translator
from tests.conftest import Ran, invoke
from tests.i18n_support import english_left

PSEUDO = "en-XA"
COMMANDS = list(commands_of(cli))
_IDS = [" ".join(path) or "gapcheck" for path, _ in COMMANDS]


def _help(path: list[str], language: str | None = None, **env: str | None) -> Ran:
    if language is None:
        return invoke(*path, "--help", env=env or None)
    with speaking(language):
        return invoke(*path, "--help", env=env or None)


def _context(path: list[str]) -> click.Context:
    ctx = click.Context(cli, info_name="gapcheck", **cli.context_settings)
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
        ctx = click.Context(command, info_name=name, parent=ctx, **command.context_settings)
    return ctx


def _never_translated(path: list[str]) -> list[str]:
    """What a help page shows untranslated in every language: the command's names, its
    options' names, metavars and defaults, and the commands given as examples."""
    ctx = _context(path)
    command = ctx.command
    kept = ["gapcheck", " ".join(["gapcheck", *path]), *command.collect_usage_pieces(ctx)]
    if isinstance(command, click.Group):
        kept.extend(command.commands)
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        kept.extend([*param.opts, *param.secondary_opts, param.make_metavar(ctx)])
        if record is not None:
            kept.append(record[0])
        if isinstance(param.default, str):
            kept.append(param.default)
    for paragraph in help_paragraphs(command.help or ""):
        if paragraph.startswith("\b"):
            kept.extend(line for line in paragraph.splitlines()[1:] if line[:1].isspace())
    return kept


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=_IDS)
def test_every_help_speaks_the_pseudo_language(path: list[str], command: click.Command) -> None:
    english = _help(path)
    pseudo = _help(path, PSEUDO)
    assert english.exit_code == pseudo.exit_code == 0
    assert pseudo.stdout != english.stdout
    left = english_left(pseudo.stdout, _never_translated(path))
    assert left == [], pseudo.stdout
    # click's words and the layout: every option listed, in the same order
    assert pseudo.stdout.startswith("[Ûšàĝé: ]")
    ctx = _context(path)
    terms = [r[0] for p in command.get_params(ctx) if (r := p.get_help_record(ctx))]
    where = [pseudo.stdout.find(f"\n  {term}") for term in terms if term.startswith("-")]
    assert -1 not in where
    assert where == sorted(where)
    if isinstance(command, click.Group):
        assert "[Çöɱɱàñđš" in pseudo.stdout


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=_IDS)
def test_examples_keep_their_lines(path: list[str], command: click.Command) -> None:
    # a `\b` block: its heading is translated, the commands under it stay as written, each
    # on its own line
    examples = [
        line
        for paragraph in help_paragraphs(command.help or "")
        if paragraph.startswith("\b")
        for line in paragraph.splitlines()[1:]
        if line[:1].isspace()
    ]
    pseudo = _help(path, PSEUDO).stdout.splitlines()
    assert [ln for ln in pseudo if ln.strip() in {e.strip() for e in examples}] == [
        ln for ln in _help(path).stdout.splitlines() if ln.strip() in {e.strip() for e in examples}
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--lang", PSEUDO, "--help"],
        ["report", "--help", "--lang", PSEUDO],
        ["report", f"--lang={PSEUDO}", "-h"],
        ["report", "-h", f"--lang={PSEUDO.lower()}"],
    ],
)
def test_lang_chooses_the_help_language_whichever_comes_first(args: list[str]) -> None:
    ran = invoke(*args, env={"LANG": "fr_FR.UTF-8"})
    assert ran.exit_code == 0
    assert ran.stdout == _help(["report"], PSEUDO).stdout


def test_lang_on_the_command_wins_over_the_terminal_and_english_is_click_own() -> None:
    for path, command in COMMANDS:
        english = _help(path).stdout
        # no language set at all, the C locale, English asked for: one output
        unset = {name: None for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
        assert _help(path, **unset).stdout == english
        assert _help(path, "en", LANG="fr_FR.UTF-8").stdout == english
        # the help as click renders it, outside any run (no language chosen)
        with CliRunner().isolation():
            assert english == _context(path).get_help() + "\n", path
        # (the --lang of gapcheck's own words; `site build --lang` and `translations --lang`
        # choose what to build or show)
        if asked_language(command, ["--lang", "fr"]) is not None:
            ran = invoke(*path, "--lang", "en", "--help", env={"LANG": "fr_FR.UTF-8"})
            assert ran.stdout == english


def test_a_few_english_lines_stay_as_they_were() -> None:
    top = _help([]).stdout.splitlines()
    assert top[0] == "Usage: gapcheck [OPTIONS] COMMAND [ARGS]..."
    assert "  -h, --help             Show this message and exit." in top
    assert "  -V, --version          Show the version and exit." in top
    assert "Commands:" in top and "Options:" in top
    assert "  report         Score a filled questionnaire and write its report." in top
    report = _help(["report"]).stdout.splitlines()
    assert report[:3] == ["Usage: gapcheck report [OPTIONS] PATH", "", _line(report[2])]
    assert "                                  Output format.  [default: md]" in report
    assert "    gapcheck report arcadia.yaml --lang fr -o arcadia-rapport.docx" in report


def _line(text: str) -> str:
    assert text == "  Score a filled questionnaire and write its report."
    return text


# Each kind of usage error click reports: the arguments, what the user typed (shown back as
# typed), and the words of click's that stay (a type's name).
FORMATS = "'md', 'html', 'json', 'docx'"
USAGE_ERRORS: list[tuple[list[str], list[str]]] = [
    (["report", "--lang", PSEUDO, "--bogus"], ["--bogus"]),
    (["report", "--lang", PSEUDO, "--sectoin", "full"], ["--sectoin", "--section"]),
    (["report", "--lang", PSEUDO], ["PATH"]),
    (
        ["report", "q.yaml", "--lang", PSEUDO, "--format", "zz"],
        ["'zz'", FORMATS],
    ),
    (
        ["report", "q.yaml", "--format", "zz", "--lang", PSEUDO],
        ["'zz'", FORMATS],
    ),
    (["report", "q.yaml", "--lang", PSEUDO, "--peers", "nowhere"], ["'nowhere'"]),
    (["overview", "--lang", PSEUDO, "q.yaml", "--min-group", "x"], ["'x'", "integer range"]),
    (["overview", "--lang", PSEUDO, "q.yaml", "--min-group", "2"], ["x>=3"]),
    (["report", "q.yaml", "extra", "--lang", PSEUDO], ["extra"]),
    # gapcheck's own refusals of a value, said by click
    (
        ["questionnaire", "new", "--state", "X", "--lang", PSEUDO, "--date", "2026/03/16"],
        ["'2026/03/16'", "YYYY-MM-DD", "2026-03-16"],
    ),
]


def _usage_error(args: list[str], language: str | None = None) -> Ran:
    if language is None:
        return invoke(*args)
    with speaking(language):
        return invoke(*args)


def _without_lang(args: list[str]) -> list[str]:
    out: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        else:
            out.append(arg)
    return out


@pytest.mark.parametrize(("args", "typed"), USAGE_ERRORS, ids=" ".join)
def test_every_usage_error_speaks_the_pseudo_language(args: list[str], typed: list[str]) -> None:
    pseudo = invoke(*args)
    english = invoke(*_without_lang(args))
    assert pseudo.exit_code == english.exit_code == 2
    assert pseudo.stdout == english.stdout == ""
    assert pseudo.stderr != english.stderr
    path = [a for a in args if not a.startswith("-")][:1]
    kept = [*_never_translated(path), *typed, *(a for a in args if a != PSEUDO)]
    assert english_left(pseudo.stderr, kept) == [], pseudo.stderr
    # the same lines: usage, the hint, the error
    assert len(pseudo.stderr.splitlines()) == len(english.stderr.splitlines())


@pytest.mark.parametrize(
    "args", [["reprot"], ["request", "nwe"], ["questionnaire"], ["translations", "--docs", "no"]]
)
def test_usage_errors_of_groups_speak_the_language_of_the_run(args: list[str]) -> None:
    # a group has no --lang: the terminal's language (here the run's) says its errors
    english = _usage_error(args)
    pseudo = _usage_error(args, PSEUDO)
    assert (english.exit_code, pseudo.exit_code) in {(2, 2), (0, 0)}
    assert english.output != pseudo.output
    path = [args[0]] if args[0] in cli.commands else []
    kept = [*_never_translated(path), *args, "'no'", "'report'", "'new'"]
    assert english_left(pseudo.output, kept) == [], pseudo.output


@pytest.mark.parametrize(
    ("args", "typed"),
    [
        (["practices", "show", "GP99"], ["'GP99'", "GP01", "GP25", "PRACTICE_ID"]),
        (["report", "q.yaml", "--practices", "kb"], ["--practices", "FOLDER", "..."]),
        (["report", "arcadia\udce8.yaml"], ["'arcadia\\xe8.yaml'"]),
    ],
    ids=" ".join,
)
def test_gapcheck_own_usage_errors_speak_the_language_of_the_run(
    args: list[str], typed: list[str]
) -> None:
    english = _usage_error(args)
    pseudo = _usage_error(args, PSEUDO)
    assert english.exit_code == pseudo.exit_code == 2
    assert english.stderr != pseudo.stderr
    path = [a for a in args if a in cli.commands or a == "show"][:2]
    kept = [*_never_translated(path), *typed, *args]
    assert english_left(pseudo.stderr, kept) == [], pseudo.stderr


def test_an_argument_refused_before_the_command_reads_its_lang_speaks_the_run_language() -> None:
    # an argument that is not UTF-8 is refused before any command parses its own
    refused = ["report", "arcadia\udce8.yaml"]
    assert invoke(*refused, "--lang", PSEUDO) == invoke(*refused)
    with speaking(PSEUDO):
        assert invoke(*refused, "--lang", "fr") == invoke(*refused)


def test_a_run_in_another_language_leaves_click_as_it_was() -> None:
    english = _help(["report"]).stdout
    error = invoke("report", "--bogus").stderr
    _help(["report"], PSEUDO)
    _usage_error(["report", "--bogus"], PSEUDO)
    assert _help(["report"]).stdout == english  # click keeps the help option it made
    assert invoke("report", "--bogus").stderr == error
    for module in (click.core, click.exceptions, click.formatting, click.types):
        assert vars(module)["_"] is gettext.gettext


def _catalogue(language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for area, text in catalogue_files(language):
        if area == "cli":
            for m in read_po(io.StringIO(text), locale=language):
                if m.id and isinstance(m.id, str) and not m.fuzzy:
                    found[m.id] = str(m.string or "")
    return found


def _flat(text: str) -> str:
    return " ".join(text.split())


def _french(msgid: str) -> str:
    msgstr = _catalogue("fr").get(msgid)
    assert msgstr is not None, f"{msgid!r} is not in src/gapcheck/locale/fr/cli.po"
    assert msgstr, f"no French yet for {msgid!r} in src/gapcheck/locale/fr/cli.po"
    return msgstr


def test_the_french_terminal_reads_the_french_catalogue() -> None:
    # what is shown is the catalogue's own msgstr, whatever its words
    ran = _help(["report"], LANG="fr_FR.UTF-8")
    assert ran.exit_code == 0
    report = next(c for p, c in COMMANDS if p == ["report"])
    first = help_paragraphs(report.help or "")[0]
    for msgid in ("Usage:", "Options", "Show this message and exit.", "Output format.", first):
        assert _flat(_french(msgid)) in _flat(ran.stdout), msgid
    error = invoke("report", "--bogus", env={"LANG": "fr_FR.UTF-8"})
    assert error.exit_code == 2
    no_such = _french("No such option {name!r}.").format(name="--bogus")
    assert no_such in error.stderr
    assert translator("fr").gettext("Usage:") in error.stderr


def test_help_in_another_language_loads_no_template_engine() -> None:
    # English --help loads no model (test_cli_knowledge); another language reads its
    # catalogue, and still nothing that only a command's work needs
    code = (
        "import sys; from gapcheck.cli import cli; import click.testing as t; "
        "t.CliRunner().invoke(cli, ['report', '--help'], env={'LANG': 'fr_FR.UTF-8'}); "
        "print(','.join(m for m in ('networkx', 'jinja2', 'mkdocs', 'openpyxl', 'yaml') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def _cli_messages() -> Iterator[str]:
    for area, text in catalogue_files("fr"):
        for m in read_po(io.StringIO(text)):
            if m.id and area == "cli":
                yield m.id if isinstance(m.id, str) else m.id[0]


def test_every_help_text_and_click_word_shown_is_in_the_catalogue() -> None:
    ids = set(_cli_messages())
    for _, command in COMMANDS:
        for paragraph in help_paragraphs(command.help or ""):
            if not paragraph.startswith("\b"):
                assert " ".join(paragraph.split()) in ids
        for param in command.params:
            if getattr(param, "help", None):
                assert param.help in ids
    for word in ("Usage:", "Options", "Commands", "Error: {message}", "Missing argument"):
        assert word in ids
    assert re.search(r"Try '\{command\} \{option\}' for help\.", "\n".join(ids))


def test_only_the_lang_of_gapcheck_own_words_chooses_click_words() -> None:
    # `translations --lang` and `site build --lang` choose what to count or build
    english = invoke("translations", "--bogus").stderr
    assert invoke("translations", "--lang", "fr", "--bogus").stderr == english
    assert "Error: No such option '--bogus'" in english


@pytest.mark.parametrize(
    "environ",
    [
        {},
        {"LANG": "C.UTF-8"},
        {"LANG": "POSIX"},
        {"LANG": "en_GB.UTF-8"},
        {"LANGUAGE": "en:fr", "LANG": "en_US.UTF-8"},
        {"LANG": "fr_FR.UTF-8"},
        {"LC_ALL": "C", "LANG": "fr_FR.UTF-8"},
        {"LANGUAGE": "de:ar", "LANG": "de_DE.UTF-8"},
        {"LC_MESSAGES": "ru_RU", "LANG": "C"},
        {"LANG": "de_DE.UTF-8"},
    ],
)
def test_the_quick_english_answer_agrees_with_gettext_reading(environ: dict[str, str]) -> None:
    from gapcheck.cli.language import terminal_language as quick
    from gapcheck.i18n.messages import terminal_language

    assert quick(environ) == terminal_language(environ)


@pytest.mark.parametrize(
    ("text", "limit", "line"),
    [
        ("Score a questionnaire. Then more.", 45, "Score a questionnaire."),
        ("第一句。第二句。", 45, "第一句。"),
        (
            "Évaluer un questionnaire rempli et écrire son rapport complet.",
            30,
            "Évaluer un questionnaire...",
        ),
        ("x" * 50, 20, "x" * 17 + "..."),
    ],
)
def test_a_translated_command_line_in_its_group_is_its_first_sentence(
    text: str, limit: int, line: str
) -> None:
    from gapcheck.cli.language import short_help

    assert short_help(text, limit) == line
    assert len(line) <= limit


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANGUAGE": "en_XA"}, PSEUDO),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "C"}, "en"),
        ({}, "en"),
        ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ],
)
def test_the_quick_answer_for_english_terminals_knows_the_pseudo_languages(
    environ: dict[str, str], expected: str
) -> None:
    from gapcheck.cli.language import terminal_language

    assert terminal_language(environ) == expected


@pytest.mark.parametrize("language", ["zh", "ar"])
def test_help_in_wide_or_marked_scripts_fits_the_terminal(language: str) -> None:
    """Chinese characters take two columns and Arabic's vowel marks none, while click wraps
    by counting characters: the help is filled by display width instead."""
    from gapcheck.render.columns import width

    for path, _command in COMMANDS:
        out = _help(path, language).stdout
        lines = [ln for ln in out.splitlines() if not ln.strip().startswith("gapcheck ")]
        too_wide = [ln for ln in lines if width(ln) > 80 and not ln.isascii()]
        assert too_wide == [], (path, too_wide)
