"""Problems found in the input: values with a file, a line and a message, reported together."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        tag = "warning: " if self.severity == WARNING else ""
        return f"{self.path}:{self.line}: {tag}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class BuildFailed(Exception):
    """Raised with every problem found, so that they are reported at once."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def errors_in(problems: list[Problem], strict: bool = False) -> list[Problem]:
    """The problems that stop a build: errors, and warnings too when strict."""
    return [p for p in problems if p.is_error or strict]


def format_report(problems: list[Problem]) -> str:
    """Sorted `path:line: message` lines followed by a count."""
    lines = [str(p) for p in sorted(problems)]
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
