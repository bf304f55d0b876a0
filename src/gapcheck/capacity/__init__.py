"""Capacity building: requests for and offers of assistance, matched exactly, and each
audience shown only what it may see.

    from gapcheck.capacity import build_requests, load_offers, load_requests, match

Names are imported on first use, so that reading an offers file does not load numpy.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "View": "confidentiality",
    "show": "confidentiality",
    "advance": "lifecycle",
    "followup": "lifecycle",
    "load_offers": "loading",
    "load_requests": "loading",
    "load_requests_file": "loading",
    "parse_capacity_file": "loading",
    "MatchOutcome": "matching",
    "match": "matching",
    "build_requests": "requests",
    "dump_requests": "requests",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module 'gapcheck.capacity' has no attribute {name!r}")
    return getattr(importlib.import_module(f"gapcheck.capacity.{_WHERE[name]}"), name)
