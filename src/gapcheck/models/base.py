from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, StringConstraints

from gapcheck.errors import Message


def N_(message: str) -> str:  # gettext's own name for it, which Babel extracts
    """Marks a constant for translation where it is defined (i18n/messages.py); it is
    translated where it is shown, in the output's language."""
    return message


# Lists of names (languages, kinds of assistance, regions, practices) have a few items, each
# a short name. Bounding them keeps the worst accepted file fast to match: matching compares
# every request with every offer, item by item. See docs/limits.md.
MAX_ITEMS = 25
MAX_NAME = 100


class Strict(BaseModel):
    """Base of every file model: unknown keys are an error, text is trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]
Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
PracticeId = Annotated[str, StringConstraints(pattern=r"^GP\d{2}$")]


def at_most(what: str, limit: int = MAX_ITEMS, name: int | None = None) -> AfterValidator:
    """At most `limit` items in the list, each (when `name` is given) at most `name` characters;
    said in plain words, not in pydantic's. `what` (plural) is a Message."""

    def check(value: list[Any]) -> list[Any]:
        if len(value) > limit:
            raise ValueError(
                Message(
                    "more than %(limit)s %(what)s; list at most %(limit)s", limit=limit, what=what
                )
            )
        if name is not None:
            for item in value:
                if isinstance(item, str) and len(item) > name:
                    raise ValueError(
                        Message(
                            "'%(item)s...' is longer than %(most)s characters; %(what)s are short "
                            "names",
                            item=item[:40],
                            most=name,
                            what=what,
                        )
                    )
        return value

    return AfterValidator(check)
