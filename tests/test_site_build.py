"""The built site: strict MkDocs build, nothing from another host, nothing confidential."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from gapcheck.catalogue import Catalogue
from gapcheck.cli import cli
from gapcheck.errors import GapcheckError
from gapcheck.guidance.build import MARKER, build_site
from gapcheck.questionnaire_files import load_questionnaire_file
from tests.conftest import EXAMPLES, ROOT, made_once
from tests.marked_site import CONFIDENTIAL, SHARED

BIN = Path(sys.executable).parent
# What these tests check is the same in every language (the build, its folder, its links,
# its escaping): they build English alone, the sixth of a whole build's cost. The languages'
# own tests (test_site_languages.py, test_accessibility.py) read the whole site, built once
# per run (conftest `site_dir`); the confidentiality test below builds every language, since
# a leak could come from any one of them.
ENGLISH = ("en",)
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def run_tool(tool: str, *args: str | Path, timeout: int) -> subprocess.CompletedProcess[str]:
    """One of the installed commands (mkdocs, gapcheck), run as its own process from the
    repository's root."""
    return subprocess.run(
        [str(BIN / tool), *map(str, args)],
        capture_output=True,
        text=True,
        env=ENV,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


# Attributes that make a browser fetch something as soon as the page loads.
FETCHING = {
    "script": ("src",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "source": ("src", "srcset"),
    "iframe": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "image": ("href", "xlink:href"),
    "use": ("href", "xlink:href"),
    "form": ("action",),
}
ABSOLUTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
CSS_URL = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""", re.I)

# URLs inside Material's own scripts, each fetched only in a situation this site never creates.
THEME_JS_URLS = {
    "https://api.github.com/": "repository facts, only when repo_url is on GitHub",
    "https://${e}/api/v4/projects/": "repository facts, only when repo_url is on GitLab",
    "https://unpkg.com/mermaid@": "Mermaid, only when a page has a mermaid diagram",
    "https://unpkg.com/resize-observer-polyfill": "only in browsers without ResizeObserver",
    "https://bit.ly/": "a link printed in a console warning, never fetched",
    "https://github.com/isaacs/node-glob": "a link in an error message of a bundled library",
}


OUR_JS = "iframe-worker-shim.js"


class Fetches(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []
        self.outside_links: list[str] = []
        self.mermaid = False
        self._style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in FETCHING.get(tag, ()):
            if name in values:
                self.fetched.append(values[name])
        if tag == "a" and ABSOLUTE.match(values.get("href", "")):
            self.outside_links.append(values["href"])
        if "mermaid" in values.get("class", ""):
            self.mermaid = True
        self.fetched += CSS_URL.findall(values.get("style", ""))
        self._style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._style:
            self.fetched += CSS_URL.findall(data)

    def handle_endtag(self, tag: str) -> None:
        self._style = False


def outside_requests(site: Path) -> list[str]:
    """Everything in the built site that would make a browser contact another host."""
    found: list[str] = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix == ".html":
            parser = Fetches()
            parser.feed(path.read_text(encoding="utf-8"))
            found += [f"{rel}: {u}" for u in parser.fetched if ABSOLUTE.match(u)]
            found += [f"{rel}: link {u}" for u in parser.outside_links]
            if parser.mermaid:
                found.append(f"{rel}: a Mermaid diagram (loads Mermaid from a CDN)")
        elif path.suffix == ".css":
            css = re.sub(r"/\*.*?\*/", "", path.read_text(encoding="utf-8"), flags=re.S)
            found += [f"{rel}: {u}" for u in CSS_URL.findall(css) if ABSOLUTE.match(u)]
        elif path.name == "search_index.js":
            # The offline search index: data, not code. Its text is the pages' text (a URL a
            # published example quotes is words there, never fetched); its locations are what
            # a search result opens, and must stay on this site.
            script = path.read_text(encoding="utf-8")
            index = json.loads(script.removeprefix("var __index = ").rstrip().rstrip(";"))
            found += [
                f"{rel}: {d['location']}" for d in index["docs"] if ABSOLUTE.match(d["location"])
            ]
        elif path.suffix == ".js":
            js = path.read_text(encoding="utf-8")
            code = re.sub(r"/\*.*?\*/|(?<![:\\\"'=])//[^\n]*", "", js, flags=re.S)
            for url in re.findall(r"https?://[^\s\"'`)<>]+", code):
                theme = (
                    "assets/javascripts/" in rel
                    and rel != "assets/javascripts/iframe-worker-shim.js"
                )
                if not (theme and any(url.startswith(known) for known in THEME_JS_URLS)):
                    found.append(f"{rel}: {url}")
    return found


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `mkdocs build --strict` makes it, run as its own process (once per run,
    whichever worker runs these tests)."""
    return made_once(tmp_path_factory, "mkdocs-strict", strict_build)


def strict_build(out: Path) -> None:
    result = run_tool(
        "mkdocs", "build", "--strict", "-f", ROOT / "mkdocs.yml", "-d", out, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English site as `build_site` makes it for a cautious account (umask 077: its own
    files are private by default). Only read it; a test that builds over a site copies it
    (`existing_site`) rather than build one of its own first."""
    umask = os.umask(0o077)
    try:
        return build_site(tmp_path_factory.mktemp("english") / "site", languages=ENGLISH).site_dir
    finally:
        os.umask(umask)


@pytest.fixture(scope="module")
def addressed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The English site of a configuration that knows its address (site_url) and its
    repository (edit links): what a published site's configuration adds to the shipped one."""
    top = tmp_path_factory.mktemp("addressed")
    config = top / "mkdocs.yml"
    config.write_text(
        f"INHERIT: {ROOT / 'mkdocs.yml'}\n"
        "site_url: https://guidance.example.org/\n"
        f"docs_dir: {ROOT / 'docs'}\n"
        f"theme:\n  name: material\n  custom_dir: {ROOT / 'site-overrides'}\n",
        encoding="utf-8",
    )
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GAPCHECK_REPO_URL", "https://git.example.org/gapcheck/")
        env.setenv("GAPCHECK_EDIT_URI", "edit/main/docs/")
        return build_site(
            top / "site", config_file=config, examples=EXAMPLES, languages=ENGLISH
        ).site_dir


def existing_site(english: Path, out: Path) -> Path:
    """A site made by an earlier build at `out`, for a build to replace."""
    shutil.copytree(english, out)
    assert (out / MARKER).is_file()
    return out


@pytest.fixture(scope="module")
def offline(offline_site: Path) -> Path:
    """The offline build, shared with the browser tests (conftest: built once per run)."""
    return offline_site


@pytest.mark.slow  # builds a whole site
def test_strict_build_has_every_page(built: Path, catalogue: Catalogue) -> None:
    for p in catalogue:
        page = built / "practices" / f"{p.id.lower()}.html"
        assert p.title in page.read_text(encoding="utf-8")
    for section in catalogue.sections:
        assert (built / "sections" / section.lower() / "index.html").is_file()
    for name in ("index", "graph", "actors", "assistance", "self-assessment", "capacity-building"):
        assert (built / f"{name}.html").is_file()
    assert (built / "search" / "search_index.json").is_file()


@pytest.mark.slow  # builds a whole site
def test_nothing_is_fetched_from_another_host(built: Path, offline: Path) -> None:
    assert outside_requests(built) == []
    assert outside_requests(offline) == []


def test_the_outside_host_scan_catches_what_it_should(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<link rel="stylesheet" href="https://fonts.example.com/x.css">'
        '<img src="//cdn.example.net/x.png"><a href="https://example.org/">x</a>'
        '<div style="background:url(https://example.org/b.png)"></div>'
        '<pre class="mermaid">graph LR</pre><svg xmlns="http://www.w3.org/2000/svg"></svg>'
    )
    (tmp_path / "b.css").write_text(
        "/* https://licence.example */ @import 'https://x.example/y.css';"
    )
    (tmp_path / "c.js").write_text('fetch("https://tracker.example/t") // https://comment.example')
    (tmp_path / "search_index.js").write_text(
        "var __index = "
        + json.dumps(
            {
                "config": {},
                "docs": [
                    {"location": "https://elsewhere.example/", "title": "", "text": ""},
                    {
                        "location": "reports/a.html",
                        "title": "",
                        "text": "see https://words.example",
                    },
                ],
            }
        )
    )
    found = outside_requests(tmp_path)
    assert len(found) == 8, found
    assert any("elsewhere.example" in f for f in found)
    assert not any("words.example" in f for f in found)
    assert not any("licence.example" in f or "comment.example" in f for f in found)


@pytest.mark.slow  # builds a whole site
def test_offline_build_serves_search_and_its_shim_locally(offline: Path) -> None:
    index = (offline / "index.html").read_text(encoding="utf-8")
    assert '<script src="assets/javascripts/iframe-worker-shim.js">' in index
    assert "unpkg" not in index
    assert (
        (offline / "search" / "search_index.js")
        .read_text(encoding="utf-8")
        .startswith("var __index")
    )
    assert 'href="practices/gp03.html"' in (offline / "graph.html").read_text(encoding="utf-8")


@pytest.mark.slow  # builds a whole site
def test_blank_questionnaire_download_is_valid(built: Path, catalogue: Catalogue) -> None:
    q = load_questionnaire_file(built / "downloads" / "gapcheck-questionnaire.yaml", catalogue)
    assert set(q.practices) == {p.id for p in catalogue}
    page = (built / "self-assessment.html").read_text(encoding="utf-8")
    assert 'href="downloads/gapcheck-questionnaire.yaml"' in page
    assert 'href="downloads/gapcheck-questionnaire.xlsx"' in page
    assert (built / "downloads" / "gapcheck-questionnaire.xlsx").read_bytes()[:2] == b"PK"


@pytest.mark.slow  # builds a whole site
def test_example_reports_are_published_but_not_the_confidential_one(built: Path) -> None:
    reports = sorted(p.name for p in (built / "reports").glob("*.html"))
    assert "norland-2026.html" not in reports
    assert "arcadia-2026.html" in reports
    everything = "".join(
        p.read_text(encoding="utf-8", errors="replace") for p in built.rglob("*") if p.is_file()
    )
    assert "Norland" not in everything


@pytest.mark.slow  # builds a whole site
def test_cli_builds_the_site_end_to_end(runner: CliRunner, tmp_path: Path, english: Path) -> None:
    # Over an earlier build, which it replaces, leaving no temporary folder behind (a build
    # into a new folder: test_a_relative_output_is_built_in_the_current_folder).
    out = existing_site(english, tmp_path / "guidance")
    (out / "practices" / "gp25.html").unlink()
    build = ["site", "build", "--lang", "en", "-o", str(out)]
    result = runner.invoke(cli, build, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # "Built ..." is a status line
    assert f"in {out}; open {out / 'index.html'}" in result.stderr
    assert (out / MARKER).is_file()
    assert (out / "practices" / "gp25.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["guidance"]


@pytest.mark.slow  # builds a whole site, every language (once per run: marked_site.py)
def test_a_confidential_marker_reaches_no_built_file(marked_site: Path) -> None:
    out = marked_site
    files = [p for p in out.rglob("*") if p.is_file()]
    contents = [p.read_bytes() for p in files]
    assert any(SHARED.encode() in c for c in contents), "the shared example should be there"
    leaks = [str(p) for p, c in zip(files, contents, strict=True) if CONFIDENTIAL.encode() in c]
    assert leaks == []
    assert not any(CONFIDENTIAL in str(p) for p in files)


@pytest.mark.slow  # builds a whole site
def test_edit_links_point_at_the_practice_yaml(addressed: Path) -> None:
    page = (addressed / "practices" / "gp03.html").read_text(encoding="utf-8")
    assert 'href="https://git.example.org/gapcheck/edit/main/practices/GP03.yaml"' in page
    capacity = (addressed / "capacity-building.html").read_text(encoding="utf-8")
    assert "edit/main/docs/capacity-building.md" in capacity


@pytest.mark.slow
def test_bad_practices_are_reported_and_nothing_is_written(
    practices_copy: Path, tmp_path: Path
) -> None:
    broken = practices_copy / "GP03.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("number: 3", "number: three"))
    out = tmp_path / "site"
    result = run_tool(
        "gapcheck", "--practices", practices_copy, "site", "build", "-o", out, timeout=120
    )
    assert result.returncode == 2, result.stderr
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: number:", result.stderr, re.M)
    assert "Traceback" not in result.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["practices"]


def test_a_bad_example_is_reported_with_its_position(runner: CliRunner, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    (examples / "testland.yaml").write_text("state: Testland\nconfidential: maybe\n")
    out = tmp_path / "site"
    result = runner.invoke(cli, ["site", "build", "-o", str(out), "--examples", str(examples)])
    assert result.exit_code == 2
    assert f"{examples / 'testland.yaml'}:2:15: confidential:" in result.stderr
    assert not out.exists()


def test_examples_that_would_share_a_page_are_refused_by_name(
    runner: CliRunner, tmp_path: Path
) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    for name in ("arcadia 2026.yaml", "arcadia-2026.yaml", "Index.yaml"):
        shutil.copy(EXAMPLES / "arcadia-2026.yaml", examples / name)
    shutil.copy(EXAMPLES / "norland-2026.yaml", examples / "norland 2026.yaml")
    shutil.copy(EXAMPLES / "norland-2026.yaml", examples / "norland-2026.yaml")
    out = tmp_path / "site"
    result = runner.invoke(cli, ["site", "build", "-o", str(out), "--examples", str(examples)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{examples / 'Index.yaml'}: its report would replace the list of example reports "
        "(reports/index.html); rename this file",
        f"{examples / 'arcadia-2026.yaml'}: its report would have the same page "
        "(reports/arcadia-2026.html) as arcadia 2026.yaml's; rename one of the two files",
        "2 problems found; nothing was written.",
    ]  # confidential ones are never published, so never in each other's way
    assert not out.exists()


def test_refuses_to_build_over_a_folder_it_did_not_make(runner: CliRunner, tmp_path: Path) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "minutes.docx").write_text("keep me")
    result = runner.invoke(cli, ["site", "build", "-o", str(precious)])
    assert result.exit_code == 2
    assert "not made by 'gapcheck site build'" in result.stderr
    assert (precious / "minutes.docx").read_text() == "keep me"
    result = runner.invoke(cli, ["site", "build", "-o", str(ROOT / "docs")])
    assert result.exit_code == 2
    assert "holds the site's own sources" in result.stderr


@pytest.mark.slow  # builds a whole site
def test_a_failed_build_leaves_the_old_site_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, english: Path
) -> None:
    out = existing_site(english, tmp_path / "site")
    before = (out / "index.html").read_bytes()

    def broken(*args: object, **kwargs: object) -> dict[str, str]:
        raise GapcheckError("simulated failure half way")

    monkeypatch.setattr("gapcheck.guidance.pages.build_pages", broken)
    with pytest.raises(GapcheckError, match="simulated"):
        build_site(out, languages=ENGLISH)
    assert (out / "index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow  # builds a whole site
def test_serve_serves_the_generated_pages(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as err:
        proc = subprocess.Popen(
            [str(BIN / "gapcheck"), "site", "serve", "-a", f"127.0.0.1:{port}"],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env=ENV,
            cwd=ROOT,
        )
        try:
            body = ""
            for _ in range(480):  # a first build takes a few seconds
                try:
                    with urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/practices/gp03.html"
                    ) as r:
                        body = r.read().decode("utf-8")
                    break
                except OSError:
                    if proc.poll() is not None:
                        break
                    time.sleep(0.25)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert "GP03 Intake, assessment and classification" in body, log.read_text()


@pytest.mark.slow  # builds a whole site
def test_a_script_in_a_published_example_shows_as_text(runner: CliRunner, tmp_path: Path) -> None:
    examples = tmp_path / "examples"
    examples.mkdir()
    source = (EXAMPLES / "arcadia-2026.yaml").read_text(encoding="utf-8")
    payload = "<script>alert(1)</script> <img src=x onerror=alert(2)>"
    assert 'notes: ""' in source
    (examples / "testland.yaml").write_text(
        source.replace('notes: ""', f'notes: "{payload}"', 1), encoding="utf-8"
    )
    out = tmp_path / "site"
    result = runner.invoke(
        cli,
        ["site", "build", "--lang", "en", "-o", str(out), "--examples", str(examples)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    report = (out / "reports" / "testland.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert" in report
    assert "\\&lt;script" not in report  # shown as typed, without the escaping backslash
    assert "<script>alert" not in report and "<img src=x" not in report


@pytest.mark.slow  # builds a whole site
def test_a_relative_output_is_built_in_the_current_folder(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    beside_config = set(ROOT.iterdir())
    # into a new folder (a build over an earlier one: test_cli_builds_the_site_end_to_end)
    result = runner.invoke(
        cli, ["site", "build", "--lang", "en", "-o", "out/site"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    pages = len(list((tmp_path / "out" / "site").rglob("*.html")))
    assert pages > 40
    assert result.stderr == f"Built {pages} pages in out/site; open out/site/index.html\n"
    assert (tmp_path / "out" / "site" / "practices" / "gp25.html").is_file()
    assert (tmp_path / "out" / "site" / MARKER).is_file()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["site"]
    assert set(ROOT.iterdir()) == beside_config


@pytest.mark.slow  # builds a whole site
def test_leftovers_of_a_killed_build_are_removed_by_the_next(tmp_path: Path) -> None:
    build = subprocess.Popen(
        [str(BIN / "gapcheck"), "site", "build", "--lang", "en", "-o", "site"],
        cwd=tmp_path,
        env=ENV,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site.gapcheck-build-*/*")) and time.monotonic() < deadline:
        assert build.poll() is None, "the build ended before it could be killed"
        time.sleep(0.05)
    build.kill()
    build.wait()
    assert list(tmp_path.glob(".site.gapcheck-build-*")), "nothing was left to clean up"
    # A build still running (here: pid 1, always alive) keeps its folder.
    alive = tmp_path / ".site.gapcheck-build-1-running"
    alive.mkdir()
    build_site(tmp_path / "site", languages=ENGLISH)
    assert sorted(p.name for p in tmp_path.iterdir()) == [alive.name, "site"]
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "--no-index", "out/.site.gapcheck-build-123-abcd/"],
        cwd=ROOT,
        check=False,
    )
    assert ignored.returncode == 0, "git would show a killed build's leftovers"


@pytest.mark.slow  # builds a whole site
def test_the_built_site_is_readable_by_everyone(english: Path) -> None:
    site = english  # built with umask 077
    modes = {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_dir()}
    assert modes | {site.stat().st_mode & 0o777} == {0o755}
    assert {p.stat().st_mode & 0o777 for p in site.rglob("*") if p.is_file()} == {0o644}


@pytest.mark.slow  # builds a whole site
def test_a_sitemap_only_when_the_site_knows_its_address(built: Path, addressed: Path) -> None:
    assert not (built / "sitemap.xml").exists()
    assert not (built / "sitemap.xml.gz").exists()
    sitemap = (addressed / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://guidance.example.org/practices/gp12.html</loc>" in sitemap
