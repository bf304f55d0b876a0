"""Commands of capacity building: request (new, share, status, update, followup), offers
(share) and match."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import click

from gapcheck.cli.common import (
    STDOUT,
    F,
    LazyChoice,
    admin_option,
    catalogue_from,
    date_option,
    emit,
    emit_all,
    format_option,
    lang_option,
    offers_option,
    output_folder_option,
    output_format,
    output_option,
    requests_option,
    status,
    to_stdout,
)
from gapcheck.cli.language import Command, Group


def _day(value: dt.date | None) -> dt.date:
    return value or dt.date.today()


@click.group(cls=Group)
def request() -> None:
    """Requests for assistance: make them, share them, follow them through.

    \b
    The steps, in order:
      gapcheck request new norland-2026.yaml -o requests.yaml --letter letter.md
      gapcheck request share requests.yaml -o shared.md
      gapcheck match --requests requests.yaml --offers offers/examples/*.yaml -o matches/
      gapcheck request update requests.yaml ID --status matched --offer OFFER-ID
      gapcheck request status requests.yaml
      gapcheck request followup requests.yaml norland-2027.yaml
    """


@request.command("new")
@click.argument("questionnaire", type=click.Path(dir_okay=False))
@output_option("Write the requests to this file (default: standard output).")
@click.option(
    "--share",
    "share",
    type=click.Choice(["unit", "providers", "members", "public"]),
    default=None,
    help="Who may see every request: the Administrative Unit only, providers under a "
    "reference, members by name, or also the public overview; default: as the questionnaire "
    "says for each practice.",
)
@click.option(
    "--confidential/--not-confidential",
    default=None,
    help="The older switch: the same as --share providers, or --share members.",
)
@click.option(
    "--letter",
    type=click.Path(dir_okay=False),
    help="Also write a cover letter to the GCTF Administrative Unit to this file: Markdown, or "
    "a Word document when it ends in .docx (- for standard output, in Markdown).",
)
@date_option("Date of the requests (default: today).")
@lang_option(
    "Write the letter and the requests file's comments in this language (default: the "
    "questionnaire's own `language`, else English)."
)
@click.pass_context
def request_new(
    ctx: click.Context,
    questionnaire: str,
    output: str | None,
    force: bool,
    share: str | None,
    confidential: bool | None,
    letter: str | None,
    when: dt.date | None,
    language: str | None,
) -> None:
    """Turn the practices where a questionnaire asks for help into requests.

    One request per practice whose assistance block says `wanted: true`, with the elements
    below target, the kinds of help, the priority from the roadmap, languages and time frame.
    Each request says who may see it (`share`: unit, providers, members or public), from
    the questionnaire's `share_requests` or the practice's `assistance: share:`. Requests
    not shared by name get an opaque reference instead of an id naming the State; set
    GAPCHECK_REFERENCE_KEY to a secret of your own to keep references stable when the
    questionnaire is edited.

    Over an existing requests file, the requests are merged by id: a request already there
    keeps its status and history, new ones are added, and those still `requested` that the
    questionnaire no longer asks for are closed (taken out). gapcheck says which.

    \b
    Example:
      gapcheck request new norland-2026.yaml -o requests.yaml --letter letter.md
      gapcheck request new norland-2026.yaml -o requests.yaml --letter letter.docx
      gapcheck request new norland-2026.yaml -o requests.yaml --letter lettre.md --lang fr
    """
    from gapcheck.capacity.requests import (
        KEY_ENV,
        build_requests,
        dump_requests,
        merge_into_file,
        readable_back,
    )
    from gapcheck.i18n.messages import output_language
    from gapcheck.questionnaire_files import load_questionnaire_file
    from gapcheck.writes import Target

    consent = _consent(share, confidential)
    cat = catalogue_from(ctx)
    q = load_questionnaire_file(questionnaire, cat)
    language = output_language(language, q.language)
    drafted = build_requests(
        q,
        cat,
        today=_day(when),
        share=consent,
        secret=os.environ.get(KEY_ENV),
        source=questionnaire,
    )
    if output == STDOUT and letter == STDOUT:
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message("only one of -o and --letter can go to standard output"),
            param_hint="--letter",
        )
    requests, merged = drafted.requests, None
    if output not in (None, STDOUT) and not force:
        merged = merge_into_file(output, requests, cat)
        if merged is not None:
            requests = merged.requests
    text = readable_back(
        dump_requests(requests, cat.version, language), len(requests), questionnaire
    )
    targets = [] if output in (None, STDOUT) else [Target(output, text, merged=merged is not None)]
    letter_text = None
    if letter is not None:
        from gapcheck.render.capacity import cover_letter

        letter_text = cover_letter(drafted.requests, q, cat, _day(when), language)
        if letter != STDOUT:
            letter_data: str | bytes = letter_text
            if letter.lower().endswith(".docx"):
                from gapcheck.render.docx_report import letter_docx

                letter_data = letter_docx(letter_text, q.state, language)
            targets.append(Target(letter, letter_data))
    for hint in drafted.hints:
        from gapcheck.errors import Message

        status(Message("note: %(hint)s", hint=hint))
    emit_all(targets, [questionnaire], force=force)
    if output in (None, STDOUT):
        to_stdout(text)
    elif letter_text is not None and letter == STDOUT:
        to_stdout(letter_text)
    if merged is not None:
        status(
            f"{output}: {len(merged.added)} added, {len(merged.kept)} kept with their history, "
            f"{len(merged.closed)} closed (no longer asked for)"
            + (f": {', '.join(merged.closed)}" if merged.closed else "")
        )
    from gapcheck.render.capacity import consent_summary

    status(consent_summary(drafted.requests, language))


def _consent(share: str | None, confidential: bool | None) -> Any:
    """--share, or the older --confidential/--not-confidential; None: the questionnaire's."""
    from gapcheck.models.capacity import Share, share_from_confidential

    if share is not None and confidential is not None:
        from gapcheck.errors import Message

        raise click.BadParameter(
            Message("give either --share or --confidential/--not-confidential"),
            param_hint="--share",
        )
    if confidential is not None:
        return share_from_confidential(confidential)
    return Share(share) if share else None


def _members_list(date_help: str) -> Callable[[F], F]:
    """The options of a list shared with members (requests or offers): its format, -o and
    the date printed on it."""

    def decorate(f: F) -> F:
        f = lang_option("Write the Markdown list in this language (default: English).")(f)
        f = date_option(date_help)(f)
        return format_option("md", "csv", "json")(output_option()(f))

    return decorate


def _write_members_list(
    ctx: click.Context,
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    force: bool,
    when: dt.date | None,
    language: str | None,
    *,
    of_offers: bool,
) -> None:
    """Read the requests (or offers) files and write the list members may see."""
    from gapcheck.capacity.loading import load_offers, load_requests
    from gapcheck.render.capacity import render_offers_share, render_share

    fmt = output_format(ctx, fmt, output)
    cat = catalogue_from(ctx)
    lang = language or "en"
    if of_offers:
        text = render_offers_share(load_offers(list(paths), cat), cat, fmt, _day(when), lang)
    else:
        text = render_share(load_requests(list(paths), cat), cat, fmt, _day(when), lang)
    emit(text, output, paths, force=force)


@request.command("share")
@click.argument("requests", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_members_list("Date printed on the list (default: today).")
@click.pass_context
def request_share(
    ctx: click.Context,
    requests: tuple[str, ...],
    fmt: str,
    output: str | None,
    force: bool,
    when: dt.date | None,
    language: str | None,
) -> None:
    """The list of requests to share with GCTF members: confidential ones are left out.

    \b
    Example:
      gapcheck request share requests/*.yaml -o shared-with-members.md
    """
    _write_members_list(ctx, requests, fmt, output, force, when, language, of_offers=False)


@request.command("status")
@click.argument("requests", nargs=-1, required=True, type=click.Path(dir_okay=False))
@admin_option
@format_option("table", "md", "csv", "json")
@output_option()
@lang_option("Write the Markdown in this language (default: English).")
@click.pass_context
def request_status(
    ctx: click.Context,
    requests: tuple[str, ...],
    admin: bool,
    fmt: str,
    output: str | None,
    force: bool,
    language: str | None,
) -> None:
    """Where each request stands: requested, matched, agreed, delivered, followed-up.

    Confidential requests show their reference only, unless --admin is given.

    \b
    Example:
      gapcheck request status requests.yaml
    """
    from gapcheck.capacity.confidentiality import View
    from gapcheck.capacity.loading import load_requests
    from gapcheck.render.capacity import render_status

    fmt = output_format(ctx, fmt, output)
    loaded = load_requests(list(requests), catalogue_from(ctx))
    view = View.ADMIN if admin else View.DONORS
    emit(render_status(loaded, view, fmt, language or "en"), output, requests, force=force)


@request.command("update")
@click.argument("requests", type=click.Path(dir_okay=False))
@click.argument("request_id", metavar="ID")
@click.option(
    "--status",
    "new_status",
    required=True,
    type=LazyChoice("gapcheck.models.capacity:RequestStatus"),
    help="The new status.",
)
@click.option("--note", default="", help="A short note kept in the request's history.")
@click.option("--offer", default="", help="The offer it was matched with or agreed on.")
@click.option(
    "--by",
    type=click.Choice(["state", "provider", "unit"], case_sensitive=False),
    default=None,
    help="Who reports this step: with --status delivered --by provider, the note is the "
    "provider's report of what it delivered.",
)
@date_option("Date of the step (default: today; not a day still to come).")
@click.pass_context
def request_update(
    ctx: click.Context,
    requests: str,
    request_id: str,
    new_status: str,
    note: str,
    offer: str,
    by: str | None,
    when: dt.date | None,
) -> None:
    """Move one request to its next status, in place (the file is rewritten all at once).

    The steps come one at a time: requested -> matched -> agreed -> delivered -> followed-up;
    a match or an agreement that falls through goes back to requested. A step is dated
    the day it happened (today or earlier). This is the one gapcheck command that changes
    its input, because that is what it is for.

    \b
    Example:
      gapcheck request update requests.yaml norland-2026-03-15-gp03 --status delivered \\
          --note "two training sessions held in May"
    """
    from gapcheck.capacity.lifecycle import advance
    from gapcheck.capacity.loading import load_requests_file
    from gapcheck.capacity.locking import locked
    from gapcheck.capacity.requests import dump_requests, readable_back
    from gapcheck.models.capacity import RequestStatus
    from gapcheck.yamlio import MAX_STRING, write_atomic

    for name, value in (("--note", note), ("--offer", offer)):
        if len(value) > MAX_STRING:
            # the file would be written, then refused the next time it is read
            from gapcheck.errors import Message

            raise click.BadParameter(
                Message(
                    "longer than %(most)s characters, which gapcheck could not read back; "
                    "shorten it",
                    most=format(MAX_STRING, ","),
                ),
                param_hint=name,
            )
    cat = catalogue_from(ctx)
    today = dt.date.today()
    # read, change and write under the file's lock: a run at the same time waits, then reads
    # this one's change, so that neither is lost
    with locked(requests):
        file, doc = load_requests_file(requests, cat)
        moved = advance(
            file,
            doc,
            request_id.strip(),
            RequestStatus(new_status.lower()),
            on=when or today,
            today=today,
            note=note,
            offer=offer,
            by=(by or "").lower(),
        )
        text = dump_requests(list(moved.requests), file.catalogue_version)
        # the file itself, even through a link: replacing the link would leave the file stale
        write_atomic(os.path.realpath(requests), readable_back(text, len(moved.requests), requests))
    (before,) = (r for r in file.requests if r.id.casefold() == request_id.strip().casefold())
    status(f"{before.id}: {before.status} -> {new_status.lower()} (saved in {requests})")


@request.command("followup")
@click.argument("requests", type=click.Path(dir_okay=False))
@click.argument("later", metavar="LATER_QUESTIONNAIRE", type=click.Path(dir_okay=False))
@admin_option
@format_option("md", "csv", "json")
@output_option()
@lang_option("Write the Markdown in this language (default: English).")
@click.pass_context
def request_followup(
    ctx: click.Context,
    requests: str,
    later: str,
    admin: bool,
    fmt: str,
    output: str | None,
    force: bool,
    language: str | None,
) -> None:
    """For each delivered request, whether the gap it targeted has closed since.

    Compares the level recorded in each delivered request with a later questionnaire of
    the same State. Record the result with `gapcheck request update ... --status followed-up`.

    \b
    Example:
      gapcheck request followup requests.yaml norland-2027.yaml
    """
    from gapcheck.capacity.confidentiality import View
    from gapcheck.capacity.lifecycle import followup
    from gapcheck.capacity.loading import load_requests
    from gapcheck.questionnaire_files import load_questionnaire_file
    from gapcheck.render.capacity import render_followup
    from gapcheck.scoring import score

    fmt = output_format(ctx, fmt, output)
    cat = catalogue_from(ctx)
    loaded = load_requests([requests], cat)
    assessment = score(load_questionnaire_file(later, cat), cat)
    items = followup(loaded, assessment, later)
    view = View.ADMIN if admin else View.DONORS
    text = render_followup(items, view, fmt, language or "en")
    emit(text, output, [requests, later], force=force)


@click.group(cls=Group)
def offers() -> None:
    """Offers of assistance: share them with GCTF members.

    \b
    Example:
      gapcheck offers share offers/examples/*.yaml -o offers-for-members.md
    """


@offers.command("share")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@_members_list(
    "Date printed on the list; offers whose window closed before it are left out (default: today)."
)
@click.pass_context
def offers_share(
    ctx: click.Context,
    files: tuple[str, ...],
    fmt: str,
    output: str | None,
    force: bool,
    when: dt.date | None,
    language: str | None,
) -> None:
    """The list of offers of assistance to share with GCTF members, in a timely fashion.

    Every offer still open on the date, with its provider, what it helps with, the kinds of
    assistance, languages, regions, places and window.

    \b
    Example:
      gapcheck offers share offers/*.yaml -o offers-for-members.md
    """
    _write_members_list(ctx, files, fmt, output, force, when, language, of_offers=True)


@offers.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.pass_context
def offers_validate(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Check offers files, alone and together (offer ids unique across them).

    Every problem is one line, file:line:column: message; nothing is written.

    \b
    Example:
      gapcheck offers validate offers/*.yaml
    """
    from gapcheck.capacity.fit import is_open
    from gapcheck.capacity.loading import load_offers

    cat = catalogue_from(ctx)
    loaded = load_offers(list(files), cat)
    today = dt.date.today()
    closed = sum(not is_open(o, today) for o in loaded)
    places = sum(o.capacity for o in loaded)
    note = f"; {closed} closed before today" if closed else ""
    status(f"{len(files)} file(s) OK: {len(loaded)} offer(s), {places} place(s){note}")


@click.command(cls=Command)
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@requests_option("request_files")
@offers_option("offer_files")
@output_folder_option(
    "Write matches.md, matches.csv and matches.json into this folder (- for standard output).",
    "out_dir",
)
@format_option("md", "csv", "json")
@admin_option
@date_option("Only offers still open on this date (default: today).")
@click.option(
    "--shortlist",
    type=click.IntRange(1, 20),
    default=None,
    metavar="K",
    help="Also list, for each request, its K best possible offers and a coalition of providers "
    "that together give the kinds asked (shortlist.md, .csv, .json with -o).",
)
@click.option(
    "--record",
    is_flag=True,
    help="Also write each match into its requests file (status matched, with the offer): "
    "all files or none.",
)
@lang_option(
    "Write matches.md, shortlist.md and the summary in this language (default: English); "
    "CSV and JSON stay the same in every language."
)
@click.pass_context
def match(
    ctx: click.Context,
    files: tuple[str, ...],
    request_files: tuple[str, ...],
    offer_files: tuple[str, ...],
    out_dir: str | None,
    force: bool,
    fmt: str,
    admin: bool,
    when: dt.date | None,
    shortlist: int | None,
    record: bool,
    language: str | None,
) -> None:
    """Match open requests with offers: the largest total of (0.1 + priority) x fit.

    Each offer takes at most its capacity, each request at most one offer. Every match says
    why this offer, every request left without one says why. The output is the providers'
    view (confidential requests by reference only) unless --admin is given. Files given
    without --requests or --offers are recognised by their content.

    \b
    Examples:
      gapcheck match --requests requests.yaml --offers offers/examples/valdoria-prison-service.yaml
      gapcheck match requests/*.yaml offers/examples/*.yaml -o matches/
      gapcheck match requests/*.yaml offers/examples/*.yaml -o matches/ --record
    """
    from contextlib import nullcontext

    from gapcheck.capacity.loading import sort_by_kind
    from gapcheck.capacity.locking import all_locked
    from gapcheck.collector import paused

    cat = catalogue_from(ctx)
    found_offers, found_requests = sort_by_kind(files)
    offer_paths = [*offer_files, *found_offers]
    request_paths = [*request_files, *found_requests]
    if not request_paths:
        from gapcheck.errors import Message

        raise click.UsageError(Message("give at least one requests file (--requests FILE)"))
    if not offer_paths:
        from gapcheck.errors import Message

        raise click.UsageError(Message("give at least one offers file (--offers FILE)"))
    # with --record, the requests files are read and written back under their locks, so that
    # a `request update` at the same time is neither lost nor overwritten
    with all_locked(request_paths) if record else nullcontext(), paused():
        _match(
            cat,
            request_paths,
            offer_paths,
            out_dir,
            force,
            fmt,
            admin,
            when,
            shortlist,
            record,
            language or "en",
        )


def _match(
    cat: Any,
    request_paths: list[str],
    offer_paths: list[str],
    out_dir: str | None,
    force: bool,
    fmt: str,
    admin: bool,
    when: dt.date | None,
    shortlist: int | None,
    record: bool,
    language: str = "en",
) -> None:
    from gapcheck.capacity.confidentiality import View, may_see
    from gapcheck.capacity.loading import load_offers, load_requests, load_requests_file
    from gapcheck.capacity.matching import match as run_match
    from gapcheck.render.capacity import match_summary, render_matches, render_matches_all

    inputs = [*request_paths, *offer_paths]
    view = View.ADMIN if admin else View.DONORS
    # a request the audience may not see is not matched at all: its place in an offer would
    # tell providers it exists
    requests_ = [r for r in load_requests(request_paths, cat) if may_see(r, view)]
    offers = load_offers(offer_paths, cat)
    outcome = run_match(requests_, offers, cat, on=_day(when))
    recorded = None
    if record:
        from gapcheck.capacity.recording import record as record_matches

        today = dt.date.today()
        files = [(p, *load_requests_file(p, cat)) for p in request_paths]
        # a match made for a later --date is recorded today: a step is dated when it happens
        recorded = record_matches(files, outcome, on=min(_day(when), today), today=today)
    listed = None
    if shortlist is not None:
        from gapcheck.capacity.shortlist import shortlists
        from gapcheck.render.shortlist import render_shortlists

        listed = shortlists(requests_, offers, cat, shortlist, on=_day(when))
    if out_dir is None or out_dir == STDOUT:
        to_stdout(render_matches(outcome, view, fmt, cat, language))
        if listed is not None:
            to_stdout(render_shortlists(listed, view, fmt, language))
    else:
        from gapcheck.writes import Target

        texts = render_matches_all(outcome, view, ("md", "csv", "json"), cat, language)
        targets = [
            Target(os.path.join(out_dir, f"matches.{f}"), text, named=False)
            for f, text in texts.items()
        ]
        if listed is not None:
            targets += [
                Target(
                    os.path.join(out_dir, f"shortlist.{f}"),
                    render_shortlists(listed, view, f, language),
                    named=False,
                )
                for f in ("md", "csv", "json")
            ]
        emit_all(targets, inputs, force=force)
        status(match_summary(outcome, view, language))
    if recorded is not None:
        _write_recorded(recorded)


def _write_recorded(recorded: Any) -> None:
    """The requests files, all or none (the user asked for them to change: --record)."""
    from gapcheck.writes import Target, write_all

    write_all([Target(os.path.realpath(p), text) for p, text in recorded.texts.items()])
    count = sum(len(c) for c in recorded.changes.values())
    status(f"Recorded {count} match(es) as 'matched' in {len(recorded.changes)} file(s):")
    for path, changes in recorded.changes.items():
        for request_id, offer in changes:
            status(f"  {path}: {request_id} -> matched with {offer}")


COMMANDS: list[click.Command] = [request, offers, match]
