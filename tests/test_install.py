"""gapcheck installed from a wheel works from any folder; an editable install reads in place.

The slow test builds the wheel from a copy of the repository, installs it into a fresh
virtual environment (no system site-packages, nothing from this checkout on its path) and
runs the README's tour from an empty folder with it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from gapcheck.resources import example_files, shipped, shipped_root
from tests.conftest import ROOT
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


@pytest.mark.slow
def test_a_wheel_installed_elsewhere_does_the_whole_job(tmp_path: Path) -> None:
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    dist = tmp_path / "dist"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(dist), str(source)], check=True)
    wheel = next(dist.glob("gapcheck-*.whl"))
    venv = tmp_path / "venv"
    # This run's pip installs into the new environment (--python): bootstrapping a pip of
    # its own into it would only cost time. --no-compile: the tour's imports compile what
    # they use; compiling every module of every dependency up front costs more CPU than
    # the rest of the install.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_dir = venv / "bin"
    into = ["--python", str(bin_dir / "python"), "install", "-q", "--no-compile"]
    subprocess.run([*pip, *into, str(wheel)], check=True)
    shutil.rmtree(source)  # nothing may come from the source tree any more

    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "from gapcheck.resources import *; print(shipped_root())"],
        capture_output=True, text=True, check=True, cwd=tmp_path,
    ).stdout.strip()  # fmt: skip
    assert Path(where).is_relative_to(venv), where

    # Every command of the README, as written, in order, from an empty folder, with the
    # installed wheel (the one run of the tour: the editable install reads the same files in
    # place, test_an_editable_install_reads_the_repository_in_place)
    steps = console_steps()
    commands = [s.command.split("#")[0].strip() for s in steps]
    assert "gapcheck examples -o examples" in commands  # what the later steps rely on
    assert len(steps) > 25
    empty = tmp_path / "anywhere"
    empty.mkdir()
    run_tour(empty, bin_dir, steps)
    assert (empty / "out" / "site" / "index.html").is_file()
    assert (empty / "arcadia-matches" / "matches.csv").is_file()
    assert (empty / "out" / "site" / "self-assessment.html").is_file()
    assert (empty / "out" / "site" / "reports" / "arcadia-2026.html").is_file()
    run_tour(empty, bin_dir, [Step("python -m gapcheck --version", ["gapcheck, version ..."])])

    port = _free_port()
    server = subprocess.Popen(
        [str(bin_dir / "gapcheck"), "site", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=empty,
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
