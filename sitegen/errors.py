"""Problems found in the input: values with a file, a line and a message, reported together."""
from __future__ import annotations

from dataclasses import dataclass

from .messages import msg, nmsg, shown

ERROR = "error"
WARNING = "warning"
NOTE = "note"        # told, never stops a build, even a strict one (a file ignored, a translation to revise)


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = ERROR
    details: tuple[str, ...] = ()   # lines shown under the message (what changed in an original...)

    def __post_init__(self) -> None:
        if not isinstance(self.details, tuple):  # read back from JSON as a list
            object.__setattr__(self, "details", tuple(self.details))

    def __str__(self) -> str:
        """`path:line: ` then the message in the editor's language (the prefix is the same in every language:
        editors' tools and CI parse it)."""
        tag = shown(TAGS[self.severity]) if self.severity in TAGS else ""
        return "\n".join((f"{self.path}:{self.line}: {tag}{shown(self.message)}", *map(shown, self.details)))

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def stops(self, strict: bool) -> bool:
        """Whether this problem stops a build: an error always, a warning when strict, a note never."""
        return self.is_error or (strict and self.severity == WARNING)


class BuildFailed(Exception):
    """Raised with every problem found, so that they are reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: list[Problem], strict: bool = False) -> list[Problem]:
    """The problems that stop a build: errors, and warnings too when strict."""
    return [p for p in problems if p.stops(strict)]


def format_report(problems: list[Problem]) -> str:
    """Sorted `path:line: message` lines followed by a count."""
    lines = [str(p) for p in sorted(problems)]
    errors = sum(p.is_error for p in problems)
    notes = sum(p.severity == NOTE for p in problems)
    warnings = len(problems) - errors - notes
    counts = [nmsg("{n} error", "{n} errors", errors), nmsg("{n} warning", "{n} warnings", warnings)]
    counts += [nmsg("{n} note", "{n} notes", notes)] if notes else []
    lines.append(", ".join(shown(count) for count in counts))
    return "\n".join(lines)


TAGS = {WARNING: msg("warning: "), NOTE: msg("note: ")}
