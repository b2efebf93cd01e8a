"""The Measurement record, its statistics, and the Markdown table the harness prints."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

__all__ = ["Measurement", "format_table", "format_value"]

_COLUMNS = ("figure", "input", "tool", "median", "min", "max", "ratio", "peak MB", "note")


@dataclass
class Measurement:
    """One row: several timed runs of one tool on one input (seconds, or µs for in-process rows).

    ``samples`` is empty when the tool could not run at all; ``failure`` then says why. A tool
    that ran but exited non-zero keeps its samples (the time it took to refuse) and its failure.
    """

    figure: str
    input: str
    tool: str
    samples: list[float] = field(default_factory=list)
    unit: str = "s"
    peak_mb: float | None = None
    failure: str | None = None
    note: str = ""
    ratios: list[tuple[float, str]] = field(default_factory=list)
    cpu_samples: list[float] = field(default_factory=list)
    """User + system seconds of each kept run (commands run as processes)."""

    @property
    def ok(self) -> bool:
        return self.failure is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def ratio_to(self, other: Measurement | None, label: str) -> float | None:
        """Record and return median(self) / median(other) when both ran cleanly."""
        if other is None or not (self.ok and other.ok) or other.median == 0:
            return None
        value = self.median / other.median
        self.ratios.append((value, label))
        return value

    def cells(self) -> list[str]:
        have = bool(self.samples)
        note = "; ".join(x for x in (self.failure and f"failed: {self.failure}", self.note) if x)
        return [
            self.figure,
            self.input,
            self.tool,
            format_value(self.median, self.unit) if have else "-",
            format_value(min(self.samples), self.unit) if have else "-",
            format_value(max(self.samples), self.unit) if have else "-",
            ", ".join(f"{value:.2f}x {label}" for value, label in self.ratios) or "-",
            f"{self.peak_mb:.0f}" if self.peak_mb is not None else "-",
            note.replace("|", "\\|"),
        ]


def format_value(value: float, unit: str) -> str:
    """Seconds as ms below 1 s; other units with three significant digits."""
    if unit == "s":
        return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.3g} {unit}"


def format_table(rows: Sequence[Measurement]) -> str:
    """The rows as one Markdown table."""
    lines = ["| " + " | ".join(_COLUMNS) + " |", "|" + "---|" * len(_COLUMNS)]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)
