"""gapcheck installed from a wheel works from any folder; an editable install reads in place.

The slow tests build the wheel from a copy of the repository once, install it into a fresh
virtual environment (no system site-packages, nothing from this checkout on its path), and
run the README's tour from an empty folder with it, and `site serve`, each in a test of its
own (two workers run them side by side).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from dataclasses import dataclass
from email.parser import BytesParser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from gapcheck.resources import example_files, shipped, shipped_root
from tests.conftest import ROOT, made_once
from tests.readme_tour import Step, console_steps, run_tour

# What a build never needs: caches, environments, earlier builds.
NOT_COPIED = shutil.ignore_patterns(
    ".git", ".venv", "build", "dist", "out", "site", "*.egg-info", "__pycache__", ".*_cache",
    ".hypothesis", "artifacts", ".cache",
)  # fmt: skip


def test_an_editable_install_reads_the_repository_in_place() -> None:
    assert shipped_root() == ROOT
    assert shipped("practices") == ROOT / "practices"
    assert shipped("mkdocs.yml") == ROOT / "mkdocs.yml"
    assert example_files()["offers/meridia-justice.yaml"] == (
        ROOT / "offers" / "examples" / "meridia-justice.yaml"
    )


def test_every_package_of_the_source_is_in_the_wheel() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    src = ROOT / "src"
    found = {".".join(p.parent.relative_to(src).parts) for p in src.rglob("__init__.py")}
    assert found <= listed, f"add to [tool.setuptools] packages: {sorted(found - listed)}"
    data = {p for p in listed if p.startswith("gapcheck.shipped.")}
    for package in data:  # each shipped folder is where pyproject says
        folder = ROOT.joinpath(*package.split(".")[2:])
        assert folder.is_dir(), f"{package}: no folder {folder}"


@dataclass(frozen=True)
class Installed:
    venv: Path
    bin_dir: Path
    deps: Path


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """gapcheck's wheel installed in a new virtual environment, once per run."""
    folder = made_once(tmp_path_factory, "wheel-install", install_the_wheel)
    return Installed(folder / "venv", folder / "venv" / "bin", folder / "deps")


def install_the_wheel(folder: Path) -> None:
    """Build the wheel from a copy of the repository and install it into a new virtual
    environment (no system site-packages, nothing from this checkout on its path).

    Its dependencies are not downloaded and unpacked again (that was a third of the test's
    time): the environment sees, through a .pth file, a folder of links to exactly the
    distributions the wheel's own metadata requires, and what they require in turn, as this
    run's environment has them installed. Nothing else of this run's environment is there
    (test_the_installed_wheel_sees_its_dependencies_and_nothing_else), so a dependency
    the wheel fails to declare still fails the tour.
    """
    source = folder / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    dist = folder / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(dist), str(source)], check=True)
    shutil.rmtree(source)  # nothing may come from the source tree any more
    wheel = next(dist.glob("gapcheck-*.whl"))
    deps = folder / "deps"
    deps.mkdir()
    for needed in dependency_closure(wheel_requirements(wheel)):
        link_distribution(needed, deps)
    venv = folder / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    (site_packages,) = venv.glob("lib/python*/site-packages")
    (site_packages / "gapcheck-test-dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    # This run's pip installs into the new environment (--python): bootstrapping a pip of
    # its own into it would only cost time. --no-compile: the tour's imports compile what
    # they use; compiling every module up front costs more CPU than the rest of the install.
    into = ["--python", str(venv / "bin" / "python"), "install", "-q", "--no-compile"]
    subprocess.run([*pip, *into, "--no-deps", str(wheel)], check=True)


def wheel_requirements(wheel: Path) -> list[str]:
    """The Requires-Dist lines of the wheel's METADATA, as pip reads them."""
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        meta = BytesParser().parsebytes(archive.read(name))
    return list(meta.get_all("Requires-Dist") or [])


def dependency_closure(requirements: list[str]) -> list[metadata.Distribution]:
    """The installed distributions these requirements need, theirs included (the extras of
    none: the wheel's `test` extra is not what a user installs)."""
    found: dict[str, metadata.Distribution] = {}
    todo: list[tuple[Requirement, tuple[str, ...]]] = [
        (Requirement(r), ("",)) for r in requirements
    ]
    while todo:
        requirement, extras = todo.pop()
        marker = requirement.marker
        if marker is not None and not any(marker.evaluate({"extra": e}) for e in extras):
            continue
        key = canonicalize_name(requirement.name)
        if key in found:
            continue
        found[key] = needed = metadata.distribution(requirement.name)
        own_extras = ("", *requirement.extras)
        todo += [(Requirement(r), own_extras) for r in needed.requires or []]
    return list(found.values())


def link_distribution(needed: metadata.Distribution, deps: Path) -> None:
    """Link each top-level file or folder of an installed distribution into `deps`, and
    its compiled bytecode with it (share_bytecode)."""
    assert needed.files is not None, f"{needed.metadata['Name']} has no RECORD"
    for top in {f.parts[0] for f in needed.files} - {"..", "__pycache__"}:
        link = deps / top
        if not link.exists():
            target = Path(str(needed.locate_file(top)))
            link.symlink_to(target)
            if target.is_dir():
                share_bytecode(link, target)


def share_bytecode(link: Path, target: Path) -> None:
    """Let the tour's processes read and write the bytecode of `target`'s modules where this
    run's own processes do.

    Without a cache prefix, a linked package's __pycache__ folders are its own, reached
    through the link. With one (the Makefile sets PYTHONPYCACHEPREFIX, and the tour's
    processes inherit it), bytecode is kept under the path a module was imported from,
    and `deps` is a new folder in every run: each run compiled again the ~600 modules of
    mkdocs, Material, jieba, pydantic and the rest that the tour imports (2 to 3 s of CPU).
    The same link in the prefix makes it one cache again. The sources are the same files,
    so what one side wrote is valid for the other (bytecode is checked against the
    source's size and time). Only bytecode is shared: what the tour can import is still
    exactly what `deps` links.
    """
    prefix = sys.pycache_prefix
    if prefix is None:
        return
    # Python keeps a folder's bytecode at the prefix followed by the folder's absolute path.
    cached = Path(prefix, *target.parts[1:])
    mirror = Path(prefix, *link.parts[1:])
    try:
        cached.mkdir(parents=True, exist_ok=True)  # through a link to nowhere, none is written
        mirror.parent.mkdir(parents=True, exist_ok=True)
        if not os.path.lexists(mirror):  # a run with the same --basetemp made it already
            mirror.symlink_to(cached)
    except OSError:
        pass  # a prefix Python cannot write to either: the tour compiles, as it did before


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_does_the_whole_job(
    installed: Installed, tmp_path: Path
) -> None:
    # Every command of the README, as written, in order, from an empty folder, with the
    # installed wheel (the one run of the tour: the editable install reads the same files in
    # place, test_an_editable_install_reads_the_repository_in_place)
    steps = console_steps()
    commands = [s.command.split("#")[0].strip() for s in steps]
    assert "gapcheck examples -o examples" in commands  # what the later steps rely on
    assert len(steps) > 25
    empty = tmp_path / "anywhere"
    empty.mkdir()
    run_tour(empty, installed.bin_dir, steps)
    assert (empty / "out" / "site" / "index.html").is_file()
    assert (empty / "arcadia-matches" / "matches.csv").is_file()
    assert (empty / "out" / "site" / "self-assessment.html").is_file()
    assert (empty / "out" / "site" / "reports" / "arcadia-2026.html").is_file()


@pytest.mark.slow
def test_the_installed_wheel_sees_its_dependencies_and_nothing_else(
    installed: Installed, tmp_path: Path
) -> None:
    python = str(installed.bin_dir / "python")
    where = subprocess.run(
        [python, "-c", "from gapcheck.resources import *; print(shipped_root())"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(installed.venv), where
    # The links are to the dependencies, and to nothing this run has besides them: not the
    # test tools, not the checkout (this run's editable install of gapcheck is a .pth file
    # of its site-packages, which Python reads only in a site folder, never in `deps`).
    linked = {p.name for p in installed.deps.iterdir()}
    assert {"click", "mkdocs", "material", "scipy", "ortools", "jieba"} <= linked
    assert not linked & {"gapcheck", "pytest", "hypothesis", "playwright", "pypdf", "mypy"}
    for absent in ("pytest", "hypothesis", "playwright", "pypdf"):
        tried = subprocess.run(
            [python, "-c", f"import {absent}"], capture_output=True, cwd=tmp_path, check=False
        )
        assert tried.returncode == 1 and b"ModuleNotFoundError" in tried.stderr, absent
    run_tour(
        tmp_path,
        installed.bin_dir,
        [Step("python -m gapcheck --version", ["gapcheck, version ..."])],
    )


@pytest.mark.slow
def test_the_installed_wheel_serves_the_site(installed: Installed, tmp_path: Path) -> None:
    port = _free_port()
    server = subprocess.Popen(
        [str(installed.bin_dir / "gapcheck"), "site", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        body = _fetch(f"http://127.0.0.1:{port}/practices/gp03.html", server)
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert "GP03 Intake, assessment and classification" in body, err


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str, server: subprocess.Popen[str]) -> str:
    for _ in range(480):  # the first build takes a few seconds
        try:
            with urllib.request.urlopen(url) as r:
                return str(r.read().decode("utf-8"))
        except OSError:
            if server.poll() is not None:
                return ""
            time.sleep(0.25)
    return ""
