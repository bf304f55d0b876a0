"""The files `gapcheck translations template` writes, merged with those already there."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gapcheck.errors import InputError, Message, Problem, Problems
from gapcheck.i18n.fields import all_fields
from gapcheck.i18n.overlays import Overlay, load_overlay, load_translations
from gapcheck.i18n.template import Fill, template_files
from gapcheck.writes import Target

if TYPE_CHECKING:
    from gapcheck.catalogue import Catalogue


def template_targets(
    catalogue: Catalogue,
    language: str,
    folder: str | Path,
    *,
    force: bool = False,
    fill: Fill | None = None,
) -> list[Target]:
    """The skeletons of `language` to write into folder/language/.

    A file already in that folder is read as an overlay and its entries kept (so replacing
    it loses nothing); one that cannot be read is refused, unless `force`, when it is
    replaced by a fresh skeleton. Files not in the folder start from the knowledge base's
    own overlays for `language`, when it has them.
    """
    target_dir = Path(folder) / language
    shipped = load_translations(catalogue).overlays(language)
    names = [f"{key}.yaml" for key in all_fields(catalogue)]
    existing: dict[str, Overlay] = {}
    merged: set[str] = set()
    problems = Problems()
    for name in names:
        key = name.removesuffix(".yaml")
        path = target_dir / name
        if not path.exists():
            if key in shipped:
                existing[key] = shipped[key]
            continue
        try:
            existing[key] = load_overlay(path, catalogue, language)
            merged.add(name)
        except InputError as e:
            if not force:
                problems.add(
                    *e.problems,
                    Problem(
                        str(path),
                        None,
                        None,
                        Message(
                            "this file exists and is not a translation file gapcheck can read "
                            "(see above); correct it and run again to keep its translations, or "
                            "add --force to replace it with a blank one"
                        ),
                    ),
                )
    problems.raise_any()
    files = template_files(catalogue, language, existing, fill)
    return [
        Target(str(target_dir / name), text, named=False, merged=name in merged)
        for name, text in files.items()
    ]
