"""Where the files gapcheck ships live: the knowledge base, the site's sources, the examples.

Their one true place is the top of the repository (practices/, mkdocs.yml, docs/,
site-overrides/, questionnaires/examples/, offers/examples/). A wheel carries them as the
data-only package `gapcheck.shipped`, in the same layout (pyproject.toml maps the repository
root onto it), so an installed copy works from any folder. An editable install has no copy:
it reads them in place, from the source tree named in its install record (PEP 610's
direct_url.json), so that an edit to a practice is seen at once.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import metadata, resources
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

from gapcheck.errors import GapcheckError

PACKAGE = "gapcheck"
SHIPPED = "shipped"


# The example files shipped to try gapcheck on, and where `gapcheck examples` puts them.
EXAMPLE_FOLDERS = {"questionnaires/examples": ".", "offers/examples": "offers"}


def shipped(*parts: str) -> Path:
    """A shipped file or folder, e.g. shipped("practices") or shipped("mkdocs.yml")."""
    return shipped_root().joinpath(*parts)


def example_files() -> dict[str, Path]:
    """The example questionnaires and offers: {where to copy it: the shipped file}."""
    out: dict[str, Path] = {}
    for source, dest in EXAMPLE_FOLDERS.items():
        for path in sorted(shipped(source).glob("*.yaml")):
            out[Path(dest, path.name).as_posix()] = path
    return out


@cache
def shipped_root() -> Path:
    packaged = resources.files(PACKAGE) / SHIPPED
    # Installed wheels are unpacked on disk; MkDocs needs real paths, not a zip's entries.
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    source = _editable_source()
    if source is not None and (source / "practices").is_dir():
        return source
    raise GapcheckError(
        "gapcheck's own files (its practices and site) are missing from this installation; "
        "reinstall it: pip install --force-reinstall gapcheck"
    )


def _editable_source() -> Path | None:
    """The source folder of an editable install (`pip install -e`), else None."""
    try:
        record = metadata.distribution(PACKAGE).read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not record:
        return None
    try:
        url = json.loads(record)
    except ValueError:
        return None
    if not isinstance(url, dict) or not isinstance(url.get("dir_info"), dict):
        return None
    if not url["dir_info"].get("editable"):
        return None
    parsed = urlparse(str(url.get("url", "")))
    if parsed.scheme != "file":
        return None
    return Path(url2pathname(parsed.path))  # also right for file:///C:/... on Windows
