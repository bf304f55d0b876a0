"""Shared fixtures: the shipped catalogue, the CLI helper, and a writable copy of practices/."""

from __future__ import annotations

import fcntl
import io
import os
import shutil
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, settings

from gapcheck.catalogue import Catalogue, load_catalogue

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[1]
PRACTICES = ROOT / "practices"
EXAMPLES = ROOT / "questionnaires" / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def _ods() -> bytes:
    """A LibreOffice spreadsheet as it starts on disk: a zip whose first entry is `mimetype`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


# Spreadsheets gapcheck does not read, to give under any name.
ODS_BYTES = _ods()
XLS_BYTES = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)

# Property tests: CI must not be a lottery, so `ci` (the default where CI is set, and what
# `make test` asks for) draws the same examples on every run and every machine; `dev` keeps
# hypothesis' random search for a developer's runs; `explore` (`make explore`) searches at
# length for the bugs the other two miss. Choose one with --hypothesis-profile=NAME.
EXPLORE_FACTOR = 10
# No deadline and no "too slow" check in any profile: on a busy 2-core machine a case that
# takes 373 ms instead of 200 ms is load, not a bug (speed is measured in bench/, never here).
QUIET = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("ci", QUIET, derandomize=True, database=None, print_blob=True)
settings.register_profile("dev", QUIET)
settings.register_profile(
    "explore",
    QUIET,
    max_examples=100 * EXPLORE_FACTOR,
    derandomize=False,
    print_blob=True,
)
# `check` (`make check`, the fast loop): the ci examples, a quarter as many; make test draws all.
CHECK_DIVISOR = 4
settings.register_profile(
    "check", QUIET, derandomize=True, database=None, print_blob=True, max_examples=25
)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

# gapcheck says its errors in the terminal's language (LANGUAGE, LC_ALL, LC_MESSAGES, LANG):
# the tests read them in English, whatever the machine's locale; tests of other languages set
# their own.
for _name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_name, None)
os.environ["LANG"] = "C.UTF-8"


# The files of the longest single tests (the wheel's README tour, the accessibility sweep,
# 300 questionnaires through the form), measured with --durations: they go first of all.
LONGEST = ("test_install.py", "test_accessibility.py", "test_report_browser.py")


def costly_first(items: list[pytest.Item]) -> None:
    """Put the files of the LONGEST tests first, then the other files holding slow tests,
    then those with browser tests, each file kept whole (its module fixtures are made once)
    and in its own order.

    xdist's worksteal gives each worker a half of this list and lets the one that runs out
    take the end of the other's queue: with the long tests at the front they start early,
    and the short ones left at the end even out the two workers, rather than a long test
    starting last while the other worker waits.
    """

    def cost(item: pytest.Item) -> int:
        if item.path.name in LONGEST:
            return LONGEST.index(item.path.name) - len(LONGEST)
        return (
            0 if item.get_closest_marker("slow") else 1 if item.get_closest_marker("browser") else 2
        )

    rank: dict[str, int] = {}
    for item in items:
        rank[str(item.path)] = min(rank.get(str(item.path), 2), cost(item))
    items.sort(key=lambda item: rank[str(item.path)])  # stable: files and tests keep their order


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Costly files first (`costly_first`). Under `explore`, multiply each test's own
    max_examples too (under `check`, divide it): most tests set one, and a test's settings
    override the profile's."""
    costly_first(items)
    profile = settings.get_current_profile_name()
    if profile not in ("explore", "check"):
        return
    for item in items:
        test = getattr(item, "obj", None)
        # hypothesis reads a test's settings from this attribute when the test runs
        own = getattr(test, "_hypothesis_internal_use_settings", None)
        if own is None or own is settings.default:
            continue
        if profile == "explore":
            changed = settings(
                own, max_examples=own.max_examples * EXPLORE_FACTOR, derandomize=False
            )
        else:
            fewer = max(own.max_examples // CHECK_DIVISOR, 5)
            changed = settings(own, max_examples=fewer, derandomize=True, database=None)
        test._hypothesis_internal_use_settings = changed  # type: ignore[union-attr]


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates go to a folder of the test run, never to the user's own cache."""
    before = os.environ.get("GAPCHECK_CACHE_DIR")
    os.environ["GAPCHECK_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["GAPCHECK_CACHE_DIR"]
    else:
        os.environ["GAPCHECK_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return load_catalogue(PRACTICES)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


class Ran(NamedTuple):
    """What one `gapcheck` command did: `code, out, err = invoke(...)` or `ran.stdout`."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Both streams, for messages and `in` checks (their interleaving is not kept)."""
        return self.stdout + self.stderr


def invoke(
    *args: str | Path,
    input: str | bytes | None = None,
    env: Mapping[str, str | None] | None = None,
) -> Ran:
    """Run `gapcheck ARGS...` in this process, as a user would type it.

    Exceptions are not caught (catch_exceptions=False): a crash fails the test with its own
    traceback. A refusal is click's exit, read as exit_code 2, with nothing but its message.
    """
    from gapcheck.cli import cli

    result = CliRunner().invoke(
        cli,
        [str(a) for a in args],
        input=input,
        env=env,
        catch_exceptions=False,
        prog_name="gapcheck",
    )
    assert "Traceback" not in result.output, result.output
    return Ran(result.exit_code, result.stdout, result.stderr)


@pytest.fixture
def practices_copy(tmp_path: Path) -> Path:
    """A writable copy of practices/ for tests that break it on purpose."""
    dest = tmp_path / "practices"
    shutil.copytree(PRACTICES, dest)
    return dest


def record_added(practices: Path, *ids: str) -> None:
    """Record elements a test adds to a copy of practices/ in its migration map, as a
    maintainer must: `gapcheck validate` refuses an element the map does not account for."""
    (path,) = (practices / "migrations").glob("*.yaml")
    added = f"  - kind: added\n    new: [{', '.join(ids)}]\n    note: added by a test\n"
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")


# The browser tests' shared set-up; imported lazily so other tests do not pay for it.


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], object]
) -> Path:
    """`make(folder / name)` once for the whole run, then only read: its path.

    A site build costs seconds of CPU and a dozen tests only read the same site: the first
    xdist worker to ask makes it, under a lock in the folder every worker shares (the parent
    of its own base temp); the others wait for it and read the same files.
    """
    base = tmp_path_factory.getbasetemp()
    # Alone (no xdist), the parent would be shared with other runs: stay inside this one.
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"shared-{name}"
    with open(shared / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not (folder / "complete").is_file():
            folder.mkdir(exist_ok=True)
            make(folder / name)
            (folder / "complete").touch()
    return folder / name


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped site (`gapcheck site build`, in this process), built once per run and
    shared by every test of the run: read it, never change it."""
    from gapcheck.guidance.build import build_site

    return made_once(tmp_path_factory, "site", build_site)


@pytest.fixture(scope="session")
def served(site_dir: Path) -> Iterator[str]:
    """The built site, served on 127.0.0.1."""
    from tests.browser_support import serve_folder

    with serve_folder(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline build, to open from file://; shared like `site_dir`, so only read it.
    It is `marked_site`: the same build serves both (tests/marked_site.py)."""
    return marked_site_once(tmp_path_factory)


@pytest.fixture(scope="module")
def form_page(served: str, browser: Browser) -> Iterator[Page]:
    """The served site's online form, loaded once per module."""
    from tests.browser_support import form_page_at

    with form_page_at(browser, served) as page:
        yield page


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Real headless Chromium, one per worker for the whole run (starting one costs a
    second or more); each test opens its own context, which starts from a fresh, empty
    profile: no cookies, storage or cache shared between tests."""
    from playwright.sync_api import sync_playwright

    from tests.browser_support import CHROMIUM, FLAGS

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def marked_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline site built once per run from examples carrying confidential markers and
    script payloads (tests/marked_site.py), for the tests that look for them: only read it."""
    return marked_site_once(tmp_path_factory)


def marked_site_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.marked_site import build

    return made_once(tmp_path_factory, "marked-offline-site", build)
