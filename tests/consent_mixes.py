"""Example questionnaires whose requests mix every consent (docs/capacity.md "consent").

Each mix takes a shipped example and sets the older `confidential` switch, the default
`share_requests` and, practice by practice among those that ask for help, the request's own
`share` (None: the default). The form page tests load them and compare what the page writes
with what gapcheck writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.conftest import EXAMPLES


@dataclass(frozen=True)
class Mix:
    example: str
    confidential: bool
    default: str | None  # share_requests as written, any case
    shares: tuple[str | None, ...]  # in the order the practices asking for help come

    def text(self) -> str:
        """The example with this mix of consents written in, where `gapcheck questionnaire`
        writes them."""
        out: list[str] = []
        shares = iter(self.shares)
        wanted = False
        for line in (EXAMPLES / self.example).read_text(encoding="utf-8").splitlines():
            if line.startswith("confidential:"):
                out.append(f"confidential: {'true' if self.confidential else 'false'}")
                if self.default is not None:
                    out.append(f'share_requests: "{self.default}"')
                continue
            out.append(line)
            if line.strip().startswith("wanted:"):
                wanted = line.split(":", 1)[1].strip() == "true"
            if wanted and line.startswith("      time_frame:"):
                share = next(shares, None)
                if share is not None:
                    out.append(f"      share: {share}")
        return "\n".join(out) + "\n"

    def write(self, folder: Path, name: str) -> Path:
        path = folder / name
        path.write_text(self.text(), encoding="utf-8")
        return path


# Together: each consent as a practice's own, as the default and from the older switch, in
# questionnaires with and without `confidential`, and a default in another case.
MIXES = {
    "own-consents-default-from-shared": Mix(
        "arcadia-2026.yaml", False, None, ("unit", "providers", "members", "public", None)
    ),
    "unit-by-default": Mix("estoria-2026.yaml", False, "unit", (None, "public", None, "providers")),
    "own-consents-default-from-confidential": Mix(
        "arcadia-2026.yaml", True, None, ("members", None, "public", None, "unit")
    ),
    "public-by-default-though-confidential": Mix(
        "estoria-2026.yaml", True, "public", ("providers", None, None, "members")
    ),
    "providers-by-default-any-case": Mix(
        "arcadia-2028.yaml", False, " Providers ", (None, "members")
    ),
    "members-by-default": Mix("norland-2026.yaml", True, "members", (None, "unit")),
}
