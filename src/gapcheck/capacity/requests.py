"""Turn a questionnaire's wishes for help into requests for assistance.

One request per practice whose `assistance` block says `wanted: true`. Its priority is the
roadmap's (gap x (1 + practices that build on it) / 4), so the Administrative Unit and the
matcher see first what unlocks most.

Ids are stable: the same questionnaire gives the same ids.
- requests shared by name (`share: members` or `public`): `<state>-<assessment date>-<practice>`,
  e.g. `norland-2026-03-15-gp03`;
- the others (`share: unit` or `providers`): `c-` and 12 characters of HMAC-SHA256 over
  state, date and practice, keyed with a secret nobody outside the State holds
  (GAPCHECK_REFERENCE_KEY when set, else a digest of the whole questionnaire). Without the
  key, the State cannot be guessed back from the reference, even by trying every State and
  date.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from gapcheck.capacity.loading import MAX_REQUESTS, load_requests_file
from gapcheck.catalogue import Catalogue
from gapcheck.errors import InputError, Message
from gapcheck.i18n.messages import SOURCE_LANGUAGE, translator
from gapcheck.models.base import N_
from gapcheck.models.capacity import (
    Event,
    GapElement,
    Request,
    RequestsFile,
    RequestStatus,
    Share,
)
from gapcheck.models.questionnaire import Questionnaire
from gapcheck.roadmap import priorities
from gapcheck.scoring import Assessment, score
from gapcheck.yamlio import load_yaml, within_read_limit

KEY_ENV = "GAPCHECK_REFERENCE_KEY"


@dataclass(frozen=True)
class Drafted:
    """The requests made from one questionnaire, with hints on wishes that were not clear."""

    requests: list[Request]
    hints: list[str]


def build_requests(
    q: Questionnaire,
    catalogue: Catalogue,
    *,
    today: dt.date,
    share: Share | None = None,
    secret: str | None = None,
    source: str = "questionnaire",
) -> Drafted:
    """Requests for every practice where help is wanted, highest priority first. Each one
    carries the questionnaire's consent for it, unless `share` overrides them all."""
    assessment = score(q, catalogue)
    ranked = {p.id: p.priority for p in priorities(assessment, catalogue.graph)}
    key = reference_key(q, secret)
    requests: list[Request] = []
    hints: list[str] = []
    for practice in catalogue:
        answers = q.practices.get(practice.id)
        if answers is None:
            continue
        wish = answers.assistance
        if not wish.wanted:
            if wish.kinds or wish.note:
                hints.append(
                    Message(
                        "%(practice)s: kinds of help or a note are filled in but 'wanted' is "
                        "false; set wanted: true to ask for help with it",
                        practice=practice.id,
                    )
                )
            continue
        kinds = list(dict.fromkeys(wish.kinds))
        if not kinds:
            kinds = list(practice.assistance)
            hints.append(
                Message(
                    "%(practice)s: no kinds of help given; asking for those the Memorandum "
                    "suggests: %(kinds)s",
                    practice=practice.id,
                    kinds=", ".join(kinds),
                )
            )
        consent = share if share is not None else q.request_share(practice.id)
        requests.append(_request(q, assessment, practice.id, kinds, ranked, consent, key, today))
    if not requests:
        raise InputError.at(
            source,
            Message(
                "no practice asks for assistance; under each practice where you would like "
                "help, set 'assistance: wanted: true' and the kinds of help"
            ),
        )
    requests.sort(key=lambda r: (-r.priority, r.practice))
    return Drafted(requests, hints)


def _request(
    q: Questionnaire,
    assessment: Assessment,
    pid: str,
    kinds: list[str],
    ranked: dict[str, float],
    share: Share,
    key: bytes,
    today: dt.date,
) -> Request:
    scored = assessment.by_id[pid]
    wish = q.practices[pid].assistance
    gaps = [
        GapElement(id=e.id, level=e.level, target=scored.target)
        for e in scored.elements
        if e.level is not None and e.level < scored.target
    ]
    return Request(
        id=shared_id(q, pid) if share.by_name else confidential_id(key, q, pid),
        state=q.state,
        institution=q.institution,
        contact=q.respondent,
        assessed=q.date,
        practice=pid,
        level=None if scored.level is None else round(scored.level, 2),
        target=scored.target,
        gap=None if scored.gap is None else round(scored.gap, 2),
        elements=gaps,
        kinds=kinds,
        priority=round(ranked.get(pid, 0.0), 3),
        languages=list(q.languages),
        region=q.region,
        time_frame=wish.time_frame,
        note=wish.note,
        share=share,
        status=RequestStatus.REQUESTED,
        history=[Event(status=RequestStatus.REQUESTED, date=today)],
    )


def shared_id(q: Questionnaire, pid: str) -> str:
    when = q.date.isoformat() if q.date else "undated"
    return f"{slugify(q.state)}-{when}-{pid.lower()}"


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    # a name in a non-Latin script leaves nothing: a digest keeps it stable and distinct
    return slug or "state-" + hashlib.sha256(text.encode()).hexdigest()[:8]


def reference_key(q: Questionnaire, secret: str | None) -> bytes:
    if secret:
        return secret.encode()
    return hashlib.sha256(q.model_dump_json().encode()).digest()


def confidential_id(key: bytes, q: Questionnaire, pid: str) -> str:
    when = q.date.isoformat() if q.date else ""
    message = f"{q.state}\x1f{when}\x1f{pid}".encode()
    digest = hmac.new(key, message, hashlib.sha256).digest()
    return "c-" + base64.b32encode(digest).decode().lower()[:12]


@dataclass(frozen=True)
class Merged:
    """New requests merged into an existing requests file, and what happened to each."""

    requests: list[Request]
    added: list[str]
    kept: list[str]  # already in the file: status and history kept
    closed: list[str]  # still `requested` but no longer asked for: taken out


def merge_requests(existing: list[Request], drafted: list[Request]) -> Merged:
    """Merge by id, so that making requests again never loses a request's history.

    A request already in the file keeps its status and history; one still `requested` takes
    the new levels, kinds and priority. A request past `requested` stays even when the
    questionnaire no longer asks for it (help under way is not forgotten); one still
    `requested` that is no longer asked for is closed, i.e. taken out.
    """
    new = {r.id: r for r in drafted}
    merged: list[Request] = []
    kept: list[str] = []
    closed: list[str] = []
    for old in existing:
        fresh = new.pop(old.id, None)
        if fresh is not None:
            kept.append(old.id)
            if old.status is RequestStatus.REQUESTED:
                merged.append(fresh.model_copy(update={"history": old.history}))
            else:
                merged.append(old)
        elif old.status is RequestStatus.REQUESTED:
            closed.append(old.id)
        else:
            kept.append(old.id)
            merged.append(old)
    merged.extend(new.values())
    return Merged(merged, list(new), kept, closed)


def merge_into_file(
    path: str | Path, drafted: list[Request], catalogue: Catalogue
) -> Merged | None:
    """The merge with the requests file already at `path`; None if there is none to merge.

    A file that is not a requests file is left to `gapcheck.writes.check`, which refuses it
    without --force; a requests file with a problem is refused here, as any input is.
    """
    target = Path(path)
    if target.is_symlink() or not target.is_file() or target.stat().st_size == 0:
        return None
    if "requests" not in load_yaml(target).data:
        return None
    file, _ = load_requests_file(target, catalogue)
    return merge_requests(list(file.requests), drafted)


def readable_back(text: str, count: int, source: str) -> str:
    """`text` if gapcheck can read it back as a requests file, else InputError at `source`."""
    hint = Message("move delivered requests to a file of their own")
    within_read_limit(text, source, Message("the requests file"), hint)
    if count > MAX_REQUESTS:
        raise InputError.at(
            source,
            Message(
                "the requests file would hold more than %(most)s requests, which gapcheck "
                "could not read back; %(hint)s",
                most=format(MAX_REQUESTS, ","),
                hint=hint,
            ),
        )
    return text


def dump_requests(
    requests: list[Request], catalogue_version: str, language: str = SOURCE_LANGUAGE
) -> str:
    """The requests file as YAML, in the order and shape people read it; its comments in
    `language` (its keys and values are the same in every language)."""
    data = RequestsFile(catalogue_version=catalogue_version, requests=requests).model_dump(
        mode="json", by_alias=True
    )
    for request in data["requests"]:
        if request["assessed"]:
            request["assessed"] = dt.date.fromisoformat(request["assessed"])
        for event in request["history"]:
            event["date"] = dt.date.fromisoformat(event["date"])
            for key in ("note", "offer", "by"):
                if not event[key]:
                    del event[key]  # empty history fields are only clutter
    body = yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=88, default_flow_style=None
    )
    return header(language) + body.replace("\n- id: ", "\n\n- id: ")


_HEADER_TEXT = N_(
    "gapcheck requests for assistance, written by `gapcheck request new`.\n"
    "Change a request's status with `gapcheck request update FILE ID --status ...`;\n"
    "share those members may see with `gapcheck request share FILE`."
)


def header(language: str = SOURCE_LANGUAGE) -> str:
    """The comments that open a requests file, in `language`."""
    text = translator(language).gettext(_HEADER_TEXT)
    lines = ["# yaml-language-server: $schema=requests.schema.json"]
    lines += [f"# {line}".rstrip() for line in text.splitlines()]
    return "\n".join(lines) + "\n"


HEADER = header()
