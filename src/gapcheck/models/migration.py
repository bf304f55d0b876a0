"""practices/migrations/*.yaml: how the elements of one catalogue version became the next's."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from gapcheck.models.base import Strict, Text

ElementId = Annotated[str, StringConstraints(pattern=r"^GP\d{2}\.\d+$")]

# What each kind of change looks like: (how many old ids, how many new ids).
SHAPES = {
    "split": "one old id and two or more new ids",
    "merged": "two or more old ids and one new id",
    "reworded": "the same single id as old and new",
    "added": "no old id and one or more new ids",
    "removed": "one or more old ids and no new id",
}


class ElementChange(Strict):
    """One change to the elements; answers of the old ids carry over only when reworded."""

    kind: Literal["split", "merged", "reworded", "added", "removed"]
    old: list[ElementId] = Field(default_factory=list)
    new: list[ElementId] = Field(default_factory=list)
    note: Text

    @model_validator(mode="after")
    def _shape(self) -> ElementChange:
        n_old, n_new = len(self.old), len(self.new)
        ok = {
            "split": n_old == 1 and n_new >= 2,
            "merged": n_old >= 2 and n_new == 1,
            "reworded": n_old == 1 and self.old == self.new,
            "added": n_old == 0 and n_new >= 1,
            "removed": n_old >= 1 and n_new == 0,
        }[self.kind]
        if not ok:
            raise ValueError(f"a '{self.kind}' change has {SHAPES[self.kind]}")
        return self

    @property
    def keeps_answers(self) -> bool:
        return self.kind == "reworded"


class MigrationFile(Strict):
    """Every change between two catalogue versions; elements not listed are unchanged."""

    from_version: Text
    to_version: Text
    from_fingerprint: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{12}$")]
    changes: list[ElementChange] = Field(min_length=1)
