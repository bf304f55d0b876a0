"""`gapcheck` as it matched before OR-Tools, for bench/bench_matching.py's baseline only.

The same command line, with the admissible pairs built one request at a time and solved by
scipy's sparse assignment over capacity slots (both kept in tests/oracles.py). Usage is that
of `gapcheck`: python bench/previous_match.py match ...
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.oracles import build_instance_by_request, solve_scipy

from gapcheck.capacity import matching
from gapcheck.cli import main

matching.build_instance = build_instance_by_request
matching.solve = solve_scipy

if __name__ == "__main__":
    main()
