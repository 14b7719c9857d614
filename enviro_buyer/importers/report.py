"""What an import did: per-file outcomes, rejected rows and failed files, and the
summary printed at the end of ``enviro-buyer import``."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal

from enviro_buyer.i18n import _


@dataclass(frozen=True)
class Rejection:
    """A row that was left out: where it is and why (the reason is translated)."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass(frozen=True)
class FileFailure:
    """A file that was refused as a whole; nothing of it was written."""

    file: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass
class FileOutcome:
    """What one imported file contributed."""

    file: str
    category: str
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_category: bool = False
    rejections: list[Rejection] = field(default_factory=list)
    changed_ids: set[int] = field(default_factory=set)

    @property
    def rejected(self) -> int:
        """Number of rows of this file that were left out."""
        return len(self.rejections)


@dataclass
class ImportReport:
    """The outcome of one import run over several files."""

    outcomes: list[FileOutcome] = field(default_factory=list)
    failures: list[FileFailure] = field(default_factory=list)
    # False when the products were written but the search index could not follow.
    indexed: bool = True

    @property
    def ok(self) -> bool:
        """True when no file failed as a whole (rejected rows do not count)."""
        return not self.failures

    @property
    def files(self) -> int:
        """Number of files looked at, failed ones included."""
        return len(self.outcomes) + len(self.failures)

    @property
    def rows_read(self) -> int:
        """Data rows read from the files that were imported."""
        return sum(o.rows_read for o in self.outcomes)

    @property
    def created(self) -> int:
        """Products created."""
        return sum(o.created for o in self.outcomes)

    @property
    def updated(self) -> int:
        """Products whose facts changed."""
        return sum(o.updated for o in self.outcomes)

    @property
    def unchanged(self) -> int:
        """Products found again with the same facts."""
        return sum(o.unchanged for o in self.outcomes)

    @property
    def rejections(self) -> list[Rejection]:
        """Every rejected row, file by file."""
        return [r for o in self.outcomes for r in o.rejections]

    @property
    def changed_ids(self) -> set[int]:
        """Ids of the products created or updated."""
        return {pid for o in self.outcomes for pid in o.changed_ids}


def summary_lines(report: ImportReport) -> list[str]:
    """Return the translated end-of-import summary, one line per figure."""

    def number(value: int) -> str:
        return format_decimal(value)

    return [
        _(
            "Files: %(files)s (%(failed)s failed)",
            files=number(report.files),
            failed=number(len(report.failures)),
        ),
        _("Rows read: %(count)s", count=number(report.rows_read)),
        _("Created: %(count)s", count=number(report.created)),
        _("Updated: %(count)s", count=number(report.updated)),
        _("Unchanged: %(count)s", count=number(report.unchanged)),
        _("Rejected: %(count)s", count=number(len(report.rejections))),
    ]
