"""Small-cell suppression for shared tables: primary (1 to k-1) and secondary.

A table is published with its row totals, column totals and grand total. Every
entry (cell or total) from 1 to k-1 is hidden: the primary suppression. A
hidden entry must not be recoverable from what is published. Someone holding
the table knows the published entries, that rows and columns add up, and that
a hidden entry is at least 1 (zeros are published, never hidden).

Secondary suppression hides more entries until every primary entry lies on a
"rectangle" of hidden entries along which the table can be changed without
changing anything published: two rows (a totals row may be one of them) and
two columns (likewise), changed by +1 and -1 at alternate corners, so that
each row and each column still adds up. The change must keep every hidden
entry at 1 or more, so the corners that go down must hold 2 or more. Such a
second table agrees with everything published and holds another value in the
primary entry, so its value cannot be derived, by the equations of the totals
or by their bounds. The rectangle with the fewest new totals, then the smallest
sum of newly hidden counts, is chosen; one always exists, since an entry, its
row total, its column total and the grand total can all go up together.

The rectangle shows that a hidden entry can take two values: its true value
and one more or one less. It does not promise a wide range; docs/reports.md
says what that means for the people counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import product

from app.domain.errors import UsageError
from app.i18n import _

DEFAULT_K = 11
MINIMUM_K = 5
TOTAL = "total"

Position = tuple[int, int]


@dataclass(frozen=True)
class Table:
    """A two-way table of counts; totals are the sums of its cells.

    `counts` maps (row value, column value) to a count; a missing pair is 0.
    `unit` says what one count is (screenings, referrals, indicator mentions).
    """

    name: str
    row_field: str
    column_field: str
    rows: tuple[str, ...]
    columns: tuple[str, ...]
    counts: Mapping[tuple[str, str], int]
    unit: str

    def grid(self) -> list[list[int]]:
        """The cells with a totals column and a totals row appended: (R+1) x (C+1)."""
        body = [[int(self.counts.get((r, c), 0)) for c in self.columns] for r in self.rows]
        lines = [[*line, sum(line)] for line in body]
        totals = [sum(line[j] for line in lines) for j in range(len(self.columns) + 1)]
        return [*lines, totals]

    def row_label(self, index: int) -> str:
        return self.rows[index] if index < len(self.rows) else TOTAL

    def column_label(self, index: int) -> str:
        return self.columns[index] if index < len(self.columns) else TOTAL


@dataclass(frozen=True)
class ProtectedTable:
    """A table as it may be shared: `hidden` entries (grid positions) are not published."""

    table: Table
    k: int
    grid: tuple[tuple[int, ...], ...]
    hidden: frozenset[Position] = field(default_factory=frozenset)

    def published(self, row: int, column: int) -> int | None:
        """The entry at a grid position, or None where it is hidden."""
        return None if (row, column) in self.hidden else self.grid[row][column]

    def entries(self) -> Iterable[tuple[str, str, int | None]]:
        """(row value, column value, count or None) of every entry, totals last."""
        for row, line in enumerate(self.grid):
            for column in range(len(line)):
                yield (
                    self.table.row_label(row),
                    self.table.column_label(column),
                    self.published(row, column),
                )


def check_k(k: int) -> int:
    """`k` if it may be used (a whole number, 5 or more); UsageError otherwise."""
    if isinstance(k, bool) or not isinstance(k, int):
        raise UsageError(_("k must be a whole number"))
    if k < MINIMUM_K:
        raise UsageError(
            _("k = {k} is too small: shared statistics need k of at least {minimum}").format(
                k=k, minimum=MINIMUM_K
            )
        )
    return k


def protect(table: Table, k: int = DEFAULT_K) -> ProtectedTable:
    """The table with every entry from 1 to k-1 hidden, and enough others that none is derivable."""
    k = check_k(k)
    grid = table.grid()
    hidden = {
        (r, c) for r, line in enumerate(grid) for c, value in enumerate(line) if 0 < value < k
    }
    for position in sorted(hidden):
        if _movable(position, hidden, grid):
            continue
        hidden |= _cheapest_rectangle(position, hidden, grid)
    return ProtectedTable(table, k, tuple(tuple(line) for line in grid), frozenset(hidden))


def _rectangles(position: Position, grid: list[list[int]]) -> Iterable[tuple[Position, ...]]:
    r1, c1 = position
    rows, columns = len(grid), len(grid[0])
    for r2, c2 in product(range(rows), range(columns)):
        if r2 != r1 and c2 != c1:
            yield ((r1, c1), (r1, c2), (r2, c1), (r2, c2))


def _can_move(corners: tuple[Position, ...], grid: list[list[int]]) -> bool:
    """Whether +1/-1 along this rectangle keeps every corner at 1 or more, in one direction.

    Corners 0 and 3 change one way, 1 and 2 the other, each flipped on a totals
    row or column (a total changes with its cells, not against them).
    """
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    if any(grid[r][c] <= 0 for r, c in corners):
        return False

    def sign(index: int, position: Position) -> int:
        r, c = position
        checker = 1 if index in (0, 3) else -1
        flips = (r == last_row) + (c == last_column)
        return checker * (-1) ** flips

    target = sign(0, corners[0])
    # Direction "target up": corners whose change is opposite to the target's go down.
    going_down = [p for i, p in enumerate(corners) if sign(i, p) != target]
    if all(grid[r][c] >= 2 for r, c in going_down):
        return True
    # Direction "target down": the target and the corners changing with it go down.
    going_down = [p for i, p in enumerate(corners) if sign(i, p) == target]
    return all(grid[r][c] >= 2 for r, c in going_down)


def _movable(position: Position, hidden: set[Position], grid: list[list[int]]) -> bool:
    return any(
        all(p in hidden for p in corners) and _can_move(corners, grid)
        for corners in _rectangles(position, grid)
    )


def _cheapest_rectangle(
    position: Position, hidden: set[Position], grid: list[list[int]]
) -> set[Position]:
    last_row, last_column = len(grid) - 1, len(grid[0]) - 1
    best: tuple[tuple[int, int, int], set[Position]] | None = None
    for corners in _rectangles(position, grid):
        if not _can_move(corners, grid):
            continue
        new = {p for p in corners if p not in hidden}
        totals = sum(1 for r, c in new if r == last_row or c == last_column)
        grand = sum(1 for r, c in new if r == last_row and c == last_column)
        cost = (grand, totals, sum(grid[r][c] for r, c in new))
        if best is None or cost < best[0]:
            best = (cost, new)
    # The entry with its row total, column total and grand total always qualifies.
    assert best is not None
    return best[1]
