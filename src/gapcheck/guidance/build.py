"""Build or serve the guidance site with MkDocs, for users who do not know MkDocs.

Part of the MkDocs adapter, with plugin.py. The inputs (practices, example questionnaires)
are checked before MkDocs starts, so a mistake in them is reported as `path:line:col` and
nothing is written. The site is built into a temporary folder beside the target and moved
into place only when complete: an interrupted or failed build leaves the old site intact.
"""

from __future__ import annotations

import glob
import logging
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from gapcheck.catalogue import default_practices_dir, load_catalogue
from gapcheck.errors import GapcheckError, InputError
from gapcheck.guidance.examples import load_examples
from gapcheck.guidance.languages import SITE_LANGUAGES, prefix
from gapcheck.i18n.doc_pages import load_doc_pages
from gapcheck.i18n.messages import SOURCE_LANGUAGE
from gapcheck.i18n.overlays import load_translations
from gapcheck.resources import shipped

# Left in every folder gapcheck builds, so that a rebuild may replace it; any other folder
# that is not empty is refused (MkDocs would delete everything in it).
MARKER = ".gapcheck-site"
CONFIG_NAME = "mkdocs.yml"
DEFAULT_OUTPUT = "site"
# The temporary folders of a build, beside its target: `.site.gapcheck-build-PID-XXXX`. The
# process id tells a killed build's leftovers (removed by the next build) from a live one's.
WORK_TAG = "gapcheck-build"
# A web server usually runs as another user: the site must be readable by everyone.
DIR_MODE, FILE_MODE = 0o755, 0o644


@dataclass(frozen=True)
class Built:
    site_dir: Path
    pages: int
    warnings: list[str] = field(default_factory=list)


def default_config() -> Path:
    """The mkdocs.yml shipped with gapcheck (not one that happens to be in the current folder:
    the same command builds the same site from any folder)."""
    return shipped(CONFIG_NAME)


def build_site(
    output: str | Path | None = None,
    *,
    config_file: str | Path | None = None,
    practices: str | Path | None = None,
    examples: str | Path | None = None,
    offline: bool = False,
    strict: bool = True,
    languages: Sequence[str] = SITE_LANGUAGES,
) -> Built:
    """Build the site into `output` (default: site/ in the current folder).

    `examples` replaces the folder of example questionnaires named in mkdocs.yml; only those
    that are not confidential become example reports. Every language of `languages` is one
    MkDocs build into the same folder: English at the top, the others in their own folders
    (languages.py); English is always built.
    """
    languages = _site_languages(languages)
    config_path = _config_path(config_file)
    if examples is not None and not Path(examples).is_dir():
        raise InputError.at(examples, "not a folder; give a folder of example questionnaires")
    _quiet_segmenter()
    with _mkdocs_environment(practices, offline, examples), _captured_warnings() as warnings:
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, ConfigurationError

        try:
            probe = load_config(str(config_path), strict=strict)
        except ConfigurationError as e:
            raise InputError.at(config_path, f"invalid site configuration: {e}") from None
        plugin = probe.plugins.get("gapcheck")
        if plugin is None:
            raise InputError.at(config_path, "the 'gapcheck' plugin is not listed under plugins")
        catalogue = load_catalogue(practices or plugin.config.practices)
        published = load_examples(plugin.config.examples, catalogue)
        doc_pages = load_doc_pages(probe.docs_dir)  # a bad one is reported before building
        # Read once for every language, not once per language's build.
        translated = any(language != SOURCE_LANGUAGE for language in languages)
        translations = load_translations(catalogue) if translated else None
        # Absolute: MkDocs reads a relative site_dir from the folder of mkdocs.yml, not ours.
        target = Path(output or DEFAULT_OUTPUT).absolute()
        _check_target(target, config_path, probe.docs_dir, catalogue.root)
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_leftovers(target)
        work = Path(tempfile.mkdtemp(prefix=_work_prefix(target), dir=target.parent))
        theme_files: dict[tuple[str, ...], list[str]] = {}  # listed once for every language
        try:
            for language in languages:
                site_dir = work / prefix(language)
                config = load_config(str(config_path), strict=strict, site_dir=str(site_dir))
                own = config.plugins["gapcheck"]
                own.config.language = language
                own.config.languages = list(languages)
                own.preload(catalogue, published, translations, doc_pages, theme_files)  # type: ignore[attr-defined]
                try:
                    build(config)
                except Abort as e:
                    detail = "\n".join(warnings) or str(e)
                    raise GapcheckError(f"the site could not be built:\n{detail}") from None
            (work / MARKER).write_text("built by gapcheck site build\n", encoding="utf-8")
            _make_readable(work)
            _swap(work, target)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        pages = sum(1 for _ in target.rglob("*.html"))
        return Built(Path(output or DEFAULT_OUTPUT), pages, list(warnings))


def _quiet_segmenter() -> None:
    """jieba (Chinese search) tells stderr how it loads its dictionary: a build says only
    what the reader must know. Imported here first, before Material's search plugin: its
    source has invalid escapes Python warns about when it compiles them (the first import after
    a `pip install --no-compile`), which are jieba's, not the reader's concern."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SyntaxWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
            import jieba  # type: ignore[import-untyped]
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)


def _site_languages(asked: Sequence[str]) -> list[str]:
    unknown = [lang for lang in asked if lang not in SITE_LANGUAGES]
    if unknown:
        raise GapcheckError(
            f"no site in {', '.join(unknown)}; the site's languages are {', '.join(SITE_LANGUAGES)}"
        )
    # English first: its build is the top of the site, the others go into folders in it.
    return [lang for lang in SITE_LANGUAGES if lang == SITE_LANGUAGES[0] or lang in asked]


def serve_site(
    *,
    config_file: str | Path | None = None,
    practices: str | Path | None = None,
    address: str = "127.0.0.1:8000",
    offline: bool = False,
) -> None:
    """Serve the site locally, rebuilding it when a practice or page changes (blocks)."""
    config_path = _config_path(config_file)
    load_catalogue(practices)  # a mistake in the practices is reported before serving
    watched = Path(practices) if practices else default_practices_dir()
    with _mkdocs_environment(practices, offline):
        from mkdocs.commands.serve import serve
        from mkdocs.exceptions import Abort

        try:
            serve(str(config_path), watch=[str(watched)], dev_addr=address)
        except Abort as e:
            raise GapcheckError(f"the site could not be served: {e}") from None


def _config_path(config_file: str | Path | None) -> Path:
    path = Path(config_file) if config_file else default_config()
    if not path.is_file():
        raise InputError.at(path, "no such file; give the site's mkdocs.yml (--config)")
    return path


def _check_target(target: Path, config: Path, docs_dir: str, practices: Path) -> None:
    if target.exists() and not target.is_dir():
        raise InputError.at(target, "this is a file; give a folder for the site (-o)")
    resolved = target.resolve()
    for keep in (config.parent.resolve(), Path(docs_dir).resolve(), practices.resolve()):
        inside = keep in resolved.parents and keep != config.parent.resolve()
        if resolved == keep or resolved in keep.parents or inside:
            raise InputError.at(
                target, "this folder holds the site's own sources; choose another folder (-o)"
            )
    if target.is_dir() and any(target.iterdir()) and not _made_by_a_build(target):
        raise InputError.at(
            target,
            "this folder is not empty and was not made by 'gapcheck site build'; "
            "choose a new or empty folder (-o), so that nothing in it is lost",
        )


def _work_prefix(target: Path) -> str:
    return f".{target.name}.{WORK_TAG}-{os.getpid()}-"


def _remove_leftovers(target: Path) -> None:
    """Temporary folders of earlier builds into `target` whose process is gone (killed)."""
    for leftover in target.parent.glob(f".{glob.escape(target.name)}.{WORK_TAG}-*"):
        pid = leftover.name[len(f".{target.name}.{WORK_TAG}-") :].split("-", 1)[0]
        if leftover.is_dir() and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return True  # no cheap, safe check elsewhere: keep the folder rather than break a build
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def _make_readable(folder: Path) -> None:
    """0755 folders and 0644 files (a temporary folder is made 0700, readable by us alone)."""
    folder.chmod(DIR_MODE)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            Path(parent, name).chmod(DIR_MODE)
        for name in files:
            Path(parent, name).chmod(FILE_MODE)


def _made_by_a_build(folder: Path) -> bool:
    """Our marker, or the files every build of this site leaves (a plain `mkdocs build`)."""
    return (folder / MARKER).exists() or all(
        (folder / name).is_file() for name in ("404.html", "index.html", "search/search_index.json")
    )


def _swap(new: Path, target: Path) -> None:
    """Put the new site in place; the old one is removed only once the new one is there."""
    if not target.exists():
        os.replace(new, target)
        new.mkdir()  # so that the caller's cleanup has something to remove
        return
    if _exchange(new, target):
        return  # `new` now holds the old site, removed by the caller
    old = Path(tempfile.mkdtemp(prefix=_work_prefix(target), dir=target.parent))
    os.replace(target, old / "site")
    os.replace(new, target)
    new.mkdir()
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux renameat2); False where that is not available.

    Two renames leave a moment with no site at all; a process killed in that moment would
    leave the target missing. The exchange has no such moment.
    """
    import ctypes
    import ctypes.util
    import sys

    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return bool(done == 0)


@contextmanager
def _mkdocs_environment(
    practices: str | Path | None, offline: bool, examples: str | Path | None = None
) -> Iterator[None]:
    """Environment read by mkdocs.yml (!ENV) and the plugin, restored afterwards."""
    values = {"NO_MKDOCS_2_WARNING": "1", "GAPCHECK_OFFLINE": "true" if offline else "false"}
    if practices is not None:
        values["GAPCHECK_PRACTICES"] = str(Path(practices).resolve())
    if examples is not None:
        values["GAPCHECK_SITE_EXAMPLES"] = str(Path(examples).resolve())
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """MkDocs' warnings, collected to be shown by the caller rather than logged loose."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
