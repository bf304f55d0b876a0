"""Commands about the translation overlays: coverage and skeletons for translators."""

from __future__ import annotations

import click

from gapcheck.cli.common import (
    LazyChoice,
    catalogue_from,
    emit,
    emit_all,
    format_option,
    output_folder_option,
    output_format,
    output_option,
)
from gapcheck.cli.language import Group

LANGUAGES = LazyChoice("gapcheck.models.translation:LANGUAGES")


@click.group("translations", cls=Group, invoke_without_command=True)
@click.option("-l", "--lang", "language", type=LANGUAGES, help="Only this language.")
@click.option(
    "--missing", is_flag=True, help="Also list every missing or stale entry, with its position."
)
@click.option(
    "--docs",
    type=click.Path(file_okay=False, exists=True),
    help="The site's hand-written pages (default: the docs/ shipped with gapcheck).",
)
@format_option("text", "md", "json")
@output_option()
@click.pass_context
def translations(
    ctx: click.Context,
    language: str | None,
    missing: bool,
    docs: str | None,
    fmt: str,
    output: str | None,
    force: bool,
) -> None:
    """How much of the knowledge base is translated, language by language.

    One row per language: translatable fields, translated, stale (the English changed since),
    missing, the share translated, and whether a native-speaking practitioner has reviewed
    the files; then gapcheck's own words (the message catalogues): strings, translated, left
    in English; then the site's hand-written pages (docs/i18n): pages, translated, stale,
    missing. Translations are unofficial; the English text is authoritative.

    \b
    Examples:
      gapcheck translations
      gapcheck translations --lang fr --missing
      gapcheck translations template fr -o translations
    """
    if ctx.invoked_subcommand is not None:
        return
    from gapcheck.i18n.coverage import coverage
    from gapcheck.i18n.doc_pages import load_doc_pages, page_coverage
    from gapcheck.i18n.message_coverage import message_coverage
    from gapcheck.i18n.overlays import load_translations
    from gapcheck.models.translation import LANGUAGES as ALL
    from gapcheck.render.translations import RENDERERS

    fmt = output_format(ctx, fmt, output)
    cat = catalogue_from(ctx)
    chosen = [language] if language else list(ALL)
    rows = coverage(cat, load_translations(cat), chosen)
    messages = [message_coverage(lang) for lang in chosen]
    if docs is None:
        from gapcheck.resources import shipped

        docs = str(shipped("docs"))
    pages = page_coverage(load_doc_pages(docs), chosen)
    emit(RENDERERS[fmt](rows, missing, messages, pages), output, force=force)


@translations.command("template")
@click.argument("language", type=LANGUAGES)
@output_folder_option(
    "Folder to write into; the files go into its LANGUAGE folder (e.g. DIR/fr/GP01.yaml).",
    "folder",
    required=True,
)
@click.pass_context
def template(ctx: click.Context, language: str, folder: str, force: bool) -> None:
    """Write the translation files of LANGUAGE, ready to fill in.

    One file per practice and one for the catalogue's lists, each English text in a comment
    above its entry. Where a file exists already (in the folder written to, else beside the
    knowledge base) its translations and reviews are kept and only what is missing is
    added. A file that is not a translation gapcheck can read is replaced only with --force.
    Copy the folder into the knowledge base's i18n/ folder when done: gapcheck never writes
    there itself.

    \b
    Example:
      gapcheck translations template fr -o translations
      (translations/fr/GP01.yaml ... translations/fr/catalogue.yaml)
    """
    from gapcheck.i18n.files import template_targets

    cat = catalogue_from(ctx)
    emit_all(template_targets(cat, language, folder, force=force), force=force)


COMMANDS = [translations]
