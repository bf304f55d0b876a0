"""The one function that names an English text in a translation: its source hash."""

from __future__ import annotations

import hashlib
import unicodedata

HASH_LENGTH = 12


def source_hash(english: str) -> str:
    """The first 12 hex digits of the SHA-256 of the NFC-normalised text, in UTF-8.

    The text is taken as gapcheck reads it (after YAML folding, trimmed), so the hash
    changes when the words change, not when a line is re-wrapped in the file.
    """
    normal = unicodedata.normalize("NFC", english)
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:HASH_LENGTH]
