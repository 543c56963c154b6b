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

Tables that count the same things by the same rows (the screenings of each
month by outcome, by majority status, by age band) share their row totals,
and an attacker knows it. They are protected together (`protect_together`):
a row total hidden in one is hidden in all, and a rectangle through the row
totals is made in every table of the group along the same two rows, so the
second set of tables agrees with everything any of them publishes. Other
relations between tables (one table's columns merging another's) are not
covered: the shared statistics hold no such pair (app/reports/shared.py).

The rectangle shows that a hidden entry can take two values: its true value
and one more or one less. It does not promise a wide range; docs/reports.md
says what that means for the people counted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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
    return protect_together([table], k)[0]


def protect_together(tables: Sequence[Table], k: int = DEFAULT_K) -> list[ProtectedTable]:
    """Every table protected, those that share their row totals together (see the module text).

    Tables with the same rows and the same row totals (screenings by month and
    outcome, by majority status, by age band: every one counts each screening
    of a month once) tell an attacker that their totals are one and the same.
    So a total hidden in one is hidden in all, and a change of a total that
    keeps a hidden entry underivable is made in every table of the group.
    """
    k = check_k(k)
    grids = [table.grid() for table in tables]
    primary = [_primary(grid, k) for grid in grids]
    hidden = [set(entries) for entries in primary]
    for group in _linked(tables, grids):
        _share_totals(group, hidden, grids)
        for index in group:
            for position in sorted(primary[index]):
                if not _protected(index, position, group, hidden, grids):
                    for other, entries in _cheapest(index, position, group, hidden, grids).items():
                        hidden[other] |= entries
                    _share_totals(group, hidden, grids)
    return [
        ProtectedTable(table, k, tuple(tuple(line) for line in grid), frozenset(entries))
        for table, grid, entries in zip(tables, grids, hidden, strict=True)
    ]


Grid = list[list[int]]
# A change of the tables along which hidden entries move: (table, position, +1 or -1) each.
Change = tuple[tuple[int, Position, int], ...]


def _primary(grid: Grid, k: int) -> set[Position]:
    return {(r, c) for r, line in enumerate(grid) for c, value in enumerate(line) if 0 < value < k}


def _linked(tables: Sequence[Table], grids: Sequence[Grid]) -> list[list[int]]:
    """Groups of table indices with the same rows and the same row totals, in order."""
    groups: dict[tuple, list[int]] = {}
    for index, (table, grid) in enumerate(zip(tables, grids, strict=True)):
        key = (table.rows, tuple(line[-1] for line in grid))
        groups.setdefault(key, []).append(index)
    return sorted(groups.values())


def _share_totals(group: list[int], hidden: list[set[Position]], grids: Sequence[Grid]) -> None:
    """A row total hidden in one table of the group is hidden in all (it is the same number)."""
    rows = {r for index in group for r, c in hidden[index] if c == len(grids[index][0]) - 1}
    for index in group:
        hidden[index] |= {(r, len(grids[index][0]) - 1) for r in rows}


def _pairs(first: int, count: int) -> Iterable[tuple[int, int, int]]:
    """(other, sign of first, sign of other) for each line pair with `first` of `count` lines.

    Along a pair of body lines one goes up as the other goes down; a body line
    and the totals line (the last) go up or down together.
    """
    last = count - 1
    for other in range(count):
        if other != first:
            yield other, 1, (1 if last in (first, other) else -1)


def _feasible(change: Change, grids: Sequence[Grid]) -> bool:
    """Every entry changed is above 0 and stays at 1 or more."""
    return all(
        grids[index][r][c] > 0 and grids[index][r][c] + step >= 1 for index, (r, c), step in change
    )


def _rectangle(table: int, rows, columns, direction: int) -> Change:
    """+1/-1 at the corners of two rows and two columns, each (line, sign)."""
    return tuple(
        (table, (row, column), direction * row_sign * column_sign)
        for row, row_sign in rows
        for column, column_sign in columns
    )


def _changes(
    index: int, position: Position, group: list[int], grids: Sequence[Grid]
) -> Iterable[Change | list[list[Change]]]:
    """Every way to change the entry at `position` of table `index` keeping what is published.

    A rectangle in two body columns of that table alone (a Change); or a
    rectangle through the row totals, made in every table of the group along
    the same two rows (per table of the group, the Changes to choose one from).
    """
    rows, columns = len(grids[index]), len(grids[index][0])
    last_column = columns - 1
    r, c = position
    own_columns = [c] if c != last_column else list(range(last_column))
    for direction in (1, -1):
        for r2, sign, sign2 in _pairs(r, rows):
            pair = ((r, sign), (r2, sign2))
            if c != last_column:
                for c2 in range(last_column):
                    if c2 != c:
                        yield _rectangle(index, pair, ((c, 1), (c2, -1)), direction)
            through_totals = []
            for table in group:
                total = len(grids[table][0]) - 1
                body = own_columns if table == index else range(total)
                through_totals.append(
                    [_rectangle(table, pair, ((col, 1), (total, 1)), direction) for col in body]
                )
            yield through_totals


def _protected(
    index: int,
    position: Position,
    group: list[int],
    hidden: list[set[Position]],
    grids: Sequence[Grid],
) -> bool:
    """Whether some change of the hidden entries alone moves the entry at `position`."""

    def usable(change: Change) -> bool:
        return all(p in hidden[t] for t, p, _step in change) and _feasible(change, grids)

    for change in _changes(index, position, group, grids):
        if isinstance(change, tuple):
            if usable(change):
                return True
        elif all(any(usable(choice) for choice in choices) for choices in change):
            return True
    return False


def _cheapest(
    index: int,
    position: Position,
    group: list[int],
    hidden: list[set[Position]],
    grids: Sequence[Grid],
) -> dict[int, set[Position]]:
    """The entries to hide so that `position` can move: the change adding the fewest grand
    totals, then totals, then the smallest counts (a shared row total counts once)."""

    def new(change: Change) -> set[tuple[int, Position]]:
        return {(t, p) for t, p, _step in change if p not in hidden[t]}

    best: tuple[tuple[int, int, int], set[tuple[int, Position]]] | None = None
    for change in _changes(index, position, group, grids):
        if isinstance(change, tuple):
            if not _feasible(change, grids):
                continue
            entries = new(change)
        else:
            options = [
                [new(choice) for choice in choices if _feasible(choice, grids)]
                for choices in change
            ]
            if not all(options):
                continue  # a table of the group cannot follow this change
            # Each table's choice shares only the row totals with the others': pick each alone.
            entries = set().union(
                *(min(found, key=lambda item: _cost(item, grids)) for found in options)
            )
        value = _cost(entries, grids)
        if best is None or value < best[0]:
            best = (value, entries)
    # The entry with its row total, column total and grand total always qualifies (with,
    # in each other table of the group, a column of that row and its column total).
    assert best is not None
    result: dict[int, set[Position]] = {}
    for table, entry in best[1]:
        result.setdefault(table, set()).add(entry)
    return result


def _cost(entries: set[tuple[int, Position]], grids: Sequence[Grid]) -> tuple[int, int, int]:
    """(grand totals, totals, sum of counts) newly hidden; a shared row total is one number."""
    found: dict[tuple, tuple[bool, bool, int]] = {}
    for table, (r, c) in entries:
        last_row, last_column = len(grids[table]) - 1, len(grids[table][0]) - 1
        key = ("row total", r) if c == last_column else (table, r, c)
        found[key] = (
            r == last_row and c == last_column,
            r == last_row or c == last_column,
            grids[table][r][c],
        )
    return (
        sum(grand for grand, _total, _value in found.values()),
        sum(total for _grand, total, _value in found.values()),
        sum(value for _grand, _total, value in found.values()),
    )
