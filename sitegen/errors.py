"""Problems found in the input: values with a file, a line and a message, reported together."""
from __future__ import annotations

from dataclasses import dataclass

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
        tag = f"{self.severity}: " if self.severity in (WARNING, NOTE) else ""
        return "\n".join((f"{self.path}:{self.line}: {tag}{self.message}", *self.details))

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
    lines.append(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
    return "\n".join(lines)
