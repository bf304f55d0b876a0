"""gapcheck: self-assessment and capacity building for the GCTF Rome Memorandum."""

from gapcheck.errors import GapcheckError, InputError, Problem

__version__ = "0.1.0"
__all__ = ["GapcheckError", "InputError", "Problem", "__version__"]
