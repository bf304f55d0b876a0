"""Where an output may go, what it may replace, and writing a set of outputs all at once.

Every command that writes files goes through `check` and then `write_all`, so that the rules
hold everywhere (docs/limits.md, "Output"):

- every target is checked before any is written, and the set is written all or nothing;
- an output never replaces one of its inputs, nor anything inside the knowledge base, compared
  by file identity (device and inode), not by spelling;
- an existing file is replaced only when it is an earlier output of the same kind (last
  week's report): a filled questionnaire, a requests file, a workbook or a file gapcheck does
  not recognise needs `--force`;
- a symbolic link, a named pipe or a device is never written through unless the user named
  it: a character device the user named (`-o /dev/null`) is written to, never replaced.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from gapcheck.errors import InputError, Message, Problem

# Enough of a file to recognise what it is; a JSON output is parsed whole, up to this size.
_HEAD = 64 * 1024
_MAX_JSON = 50 * 1024 * 1024


@dataclass(frozen=True)
class Target:
    """One file to write: where, what, and how the user chose it."""

    path: str
    content: str | bytes
    # False for files named by the command inside a folder the user gave (match -o DIR):
    # those are never a device, a pipe or a link, whatever the user named.
    named: bool = True
    # False for outputs that may become someone's work (a blank questionnaire): they never
    # replace an existing file without --force, whatever it holds.
    replaces_same_kind: bool = True
    # True when `content` already holds what the existing file held (requests merged by id)
    merged: bool = False

    @property
    def data(self) -> bytes:
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


def check(
    targets: Sequence[Target],
    *,
    inputs: Iterable[str | Path] = (),
    knowledge_base: Path | None = None,
    force: bool = False,
) -> None:
    """Raise InputError naming every target that may not be written; write nothing."""
    problems: list[Problem] = []
    ids = [_identity(Path(p)) for p in inputs]
    input_ids = {i for i in ids if i is not None}
    kb = _identity(knowledge_base) if knowledge_base is not None else None
    seen: dict[object, str] = {}
    for target in targets:
        message = _problem(target, input_ids, kb, force)
        if message is None:
            # two spellings of one file: by identity when it exists, by name when it is new
            key = _identity(Path(target.path)) or _spelling(target.path)
            if key in seen:
                message = Message(
                    "%(other)s is written to the same file; give each output its own",
                    other=seen[key],
                )
            seen[key] = target.path
        if message is not None:
            problems.append(Problem(target.path, None, None, message))
    if problems:
        raise InputError(problems)


def _problem(
    target: Target, inputs: set[tuple[int, int]], kb: tuple[int, int] | None, force: bool
) -> str | None:
    path = Path(target.path)
    try:
        st = path.lstat()
    except FileNotFoundError:
        st = None
    except NotADirectoryError:
        return Message(
            "a part of this path is a file, not a folder; choose another output path (-o)"
        )
    except OSError as e:
        return Message(
            "cannot look at this path (%(why)s); choose another output path (-o)",
            why=str(e.strerror or e),
        )
    if kb is not None and _inside(path, kb):
        return _IN_KNOWLEDGE_BASE
    if st is None:
        return None
    if stat.S_ISLNK(st.st_mode):
        if not target.named:
            return Message(
                "this is a symbolic link; gapcheck does not write through links it was not given"
            )
        if not force:
            return Message(
                "this is a symbolic link; give the path of the file it points to, "
                "or add --force to replace the link itself with the new file"
            )
        return None  # replaced by a file, never written through: the link's target is safe
    if stat.S_ISDIR(st.st_mode):
        return Message("this is a folder; give the path of a file to write (-o)")
    if (st.st_dev, st.st_ino) in inputs:
        return Message("this is an input file; choose another output path (-o) to keep it intact")
    if stat.S_ISCHR(st.st_mode):
        if target.named:
            return None  # -o /dev/null or a terminal: written to, never replaced
        return Message(
            "this is a device, not a file; gapcheck does not write to devices it was not given"
        )
    if not stat.S_ISREG(st.st_mode):
        return Message(
            "this is a named pipe, socket or disk device, not a file; choose another output path"
        )
    if force or target.merged or st.st_size == 0:
        return None
    existing = _head_or_all(path, st.st_size)
    if (
        target.replaces_same_kind
        and existing is not None
        and same_kind(signature(existing), signature(target.data))
    ):
        return None
    return Message(
        "this file exists and holds %(what)s; gapcheck replaces only an earlier "
        "output of the same kind: add --force to replace it, or choose another output path",
        what=describe(existing),
    )


def _head_or_all(path: Path, size: int) -> bytes | None:
    try:
        with path.open("rb") as fh:
            head = fh.read(_HEAD)
            if head.lstrip()[:1] in (b"{", b"[") and size <= _MAX_JSON:
                return head + fh.read()
            return head
    except OSError:
        return None


def refuse_inside(path: str | Path, knowledge_base: Path) -> None:
    """InputError if `path` is the knowledge base folder or anything inside it."""
    kb = _identity(knowledge_base)
    if kb is not None and _inside(Path(path), kb):
        raise InputError.at(path, _IN_KNOWLEDGE_BASE)


_IN_KNOWLEDGE_BASE = Message(
    "this is inside the knowledge base folder; gapcheck never writes there: "
    "choose an output path outside it"
)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def _inside(path: Path, folder: tuple[int, int]) -> bool:
    """Whether `path` is in `folder`, by identity: a bind mount or `../` spelling fools no one."""
    current = Path(os.path.abspath(path))
    return any(_identity(parent) == folder for parent in [current, *current.parents])


def _spelling(path: str) -> str:
    # two new files whose names differ only in case are one file on macOS and Windows
    return os.path.normcase(os.path.abspath(path)).casefold()


# ----------------------------------------------------------------- recognising outputs

_GENERATOR = re.compile(rb'<meta name="generator" content="gapcheck[^"]*">')
_TITLE = re.compile(rb"<title>([^<:]*)")


def signature(data: bytes) -> str | None:
    """What kind of gapcheck output `data` is, or None for what gapcheck does not recognise.

    JSON outputs by their `kind` (schemas by their `$id`), else by the keys they hold; HTML
    by its generator and the start of its title; text by its first line (a Markdown title up
    to its colon, a CSV or table header, a graph's first statement).
    """
    if data.startswith(b"PK"):
        return None  # a workbook: it may have been filled in since
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        return _json_signature(stripped)
    if stripped.lower().startswith("<!doctype html"):
        if not _GENERATOR.search(data[:_HEAD]):
            return None
        title = _TITLE.search(data[:_HEAD])
        return "html:" + (title.group(1).decode("utf-8", "replace").strip() if title else "")
    first = stripped.split("\n", 1)[0]
    if first.startswith("# yaml-language-server") or first.startswith("# gapcheck"):
        return None  # a questionnaire or requests file: someone's work, never an output
    if first.startswith("# "):
        return "md:" + first.split(":", 1)[0]
    words = first.split()
    return "text:" + " ".join(words) if words else None


def same_kind(old: str | None, new: str | None) -> bool:
    if old is None or new is None:
        return False
    if old.startswith("json-list:") and new.startswith("json-list:"):
        return old == new or "json-list:" in (old, new)  # an empty list has no keys to compare
    return old == new


def _json_signature(text: str) -> str | None:
    try:
        data = json.loads(text)
    except ValueError:
        return None
    if isinstance(data, dict):
        schema_id, kind = data.get("$id"), data.get("kind")
        if isinstance(schema_id, str) and schema_id.startswith("urn:gapcheck:"):
            return f"schema:{schema_id}"
        if isinstance(kind, str):
            return f"json:{kind}"
        return "json:" + ",".join(sorted(data))
    if isinstance(data, list):
        first = data[0] if data else {}
        return "json-list:" + (",".join(sorted(first)) if isinstance(first, dict) else "")
    return None


def describe(data: bytes | None) -> str:
    """What an existing file seems to hold, in a user's words."""
    if data is None:
        return Message("something gapcheck cannot read")
    if data.startswith(b"PK"):
        if b"word/" in data:
            return Message("a Word document (perhaps edited or signed since)")
        return Message("a spreadsheet (perhaps a filled-in workbook)")
    head = data[:_HEAD].decode("utf-8", "replace")
    if re.search(r"^practices:", head, re.M) and re.search(r"^state:", head, re.M):
        return Message("a questionnaire")
    if re.search(r"^requests:", head, re.M):
        return Message("a requests file")
    if re.search(r"^offers:", head, re.M):
        return Message("an offers file")
    if signature(data) is not None and "gapcheck" in head:
        return Message("a gapcheck output of another kind")
    return Message("something gapcheck did not write")


# --------------------------------------------------------------------------- writing


def write_all(targets: Sequence[Target]) -> None:
    """Write every target, or none: stage each as a temporary file, then rename them all.

    A character device the user named is written to directly, after the files are in place.
    If a rename fails, the files already replaced get their old content back.
    """
    staged: list[tuple[Path, str]] = []
    devices: list[Target] = []
    try:
        for target in targets:
            path = Path(target.path)
            if _is_device(path):
                devices.append(target)
            else:
                staged.append((path, _stage(path, target.data)))
        _swap_in(staged)
    finally:
        for _, tmp in staged:
            Path(tmp).unlink(missing_ok=True)
    for target in devices:
        with open(target.path, "wb") as fh:
            fh.write(target.data)


def _is_device(path: Path) -> bool:
    try:
        return stat.S_ISCHR(path.lstat().st_mode)
    except OSError:
        return False


def _stage(target: Path, data: bytes) -> str:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except (FileExistsError, NotADirectoryError):
        raise InputError.at(
            target,
            Message("a part of this path is a file, not a folder; choose another output path (-o)"),
        ) from None
    except OSError as e:
        # the output path is the user's choice: a wrong one is bad input, not a crash
        raise InputError.at(
            target,
            Message(
                "cannot write here (%(why)s); choose another output path (-o)",
                why=str(e.strerror or e),
            ),
        ) from None
    try:
        # mkstemp makes the file private (0600); give it the mode a plain open() would
        os.fchmod(fd, _existing_mode(target))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return tmp


def _swap_in(staged: list[tuple[Path, str]]) -> None:
    """Rename each staged file over its target; on any failure put the old files back."""
    backups: list[str | None] = []
    done: list[tuple[Path, str | None]] = []
    try:
        for target, tmp in staged:
            # one file alone needs no backup: a failed rename leaves it untouched
            backup = _backup(target) if len(staged) > 1 else None
            backups.append(backup)
            os.replace(tmp, target)
            done.append((target, backup))
    except BaseException:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise
    finally:
        for backup in backups:
            if backup is not None:
                Path(backup).unlink(missing_ok=True)


def _backup(target: Path) -> str | None:
    """A second name for the file about to be replaced (None when there is none)."""
    if not os.path.lexists(target):
        return None
    fd, backup = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    os.unlink(backup)  # the name only: a hard link takes it at once
    try:
        os.link(target, backup, follow_symlinks=False)
    except OSError:
        shutil.copy2(target, backup, follow_symlinks=False)  # a file system without hard links
    return backup


def _existing_mode(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
