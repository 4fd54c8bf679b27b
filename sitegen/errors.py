"""Problems found in the input: values with a file, a line and a message, reported together."""
from __future__ import annotations

from dataclasses import dataclass

ERROR = "error"
WARNING = "warning"
NOTE = "note"      # for the editor's information (a file ignored, and why); never stops a build


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        tag = f"{self.severity}: " if self.severity in (WARNING, NOTE) else ""
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
    """The problems that stop a build: errors, and warnings too when strict (notes never)."""
    return [p for p in problems if p.is_error or (strict and p.severity == WARNING)]


def format_report(problems: list[Problem]) -> str:
    """Sorted `path:line: message` lines followed by a count."""
    lines = [str(p) for p in sorted(problems)]
    errors = sum(p.is_error for p in problems)
    warnings = sum(p.severity == WARNING for p in problems)
    notes = len(problems) - errors - warnings
    lines.append(f"{errors} error(s), {warnings} warning(s)" + (f", {notes} note(s)" if notes else ""))
    return "\n".join(lines)
