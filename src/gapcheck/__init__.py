"""gapcheck: self-assessment and capacity building for the GCTF Rome Memorandum."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["GapcheckError", "InputError", "Problem", "__version__"]

if TYPE_CHECKING:
    from gapcheck.errors import GapcheckError, InputError, Problem


def __getattr__(name: str) -> Any:
    # The exceptions load on first use: `gapcheck --help` needs only the version, and the
    # errors module brings dataclasses and pathlib (about 15 ms of a 90 ms start).
    if name in ("GapcheckError", "InputError", "Problem"):
        from gapcheck import errors

        return getattr(errors, name)
    raise AttributeError(f"module 'gapcheck' has no attribute {name!r}")
