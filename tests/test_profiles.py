"""Hypothesis profiles: CI draws the same examples every run; explore searches further."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

SHOW = (
    "from hypothesis import settings; import tests.conftest; s = settings.default; "
    "print(settings.get_current_profile_name(), s.derandomize, s.max_examples)"
)


def _profile(**env: str) -> list[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    done = subprocess.run(
        [sys.executable, "-c", SHOW],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


def test_ci_is_the_default_where_ci_is_set_and_draws_fixed_examples() -> None:
    assert _profile(CI="true") == ["ci", "True", "100"]


def test_a_developer_run_searches_at_random() -> None:
    assert _profile() == ["dev", "False", "100"]


def test_make_test_asks_for_ci_and_make_explore_for_explore() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "--hypothesis-profile=ci\n" in makefile
    assert "--hypothesis-profile=explore -m hypothesis" in makefile
