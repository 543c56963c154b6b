"""k-anonymised tables: no entry from 1 to k-1 is published, and no hidden one can be derived.

The attacker here is independent of app/reports/suppression.py: it writes the
equations of the published totals (each row and column adds up) and asks a
linear-programming solver for the smallest and largest value each hidden
entry can take, knowing that hidden entries are at least 1 (zeros are
published). A hidden entry whose smallest and largest value agree is derived.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from app.domain.errors import UsageError
from app.reports.suppression import MINIMUM_K, Table, protect


def _table(grid: list[list[int]]) -> Table:
    rows = tuple(f"r{i}" for i in range(len(grid)))
    columns = tuple(f"c{j}" for j in range(len(grid[0])))
    counts = {(rows[i], columns[j]): v for i, line in enumerate(grid) for j, v in enumerate(line)}
    return Table("t", "row", "column", rows, columns, counts, "screenings")


def _published(protected) -> list[list[int | None]]:
    return [
        [protected.published(r, c) for c in range(len(line))]
        for r, line in enumerate(protected.grid)
    ]


def _equations(shown: list[list[int | None]]):
    """A x = b over the hidden entries: every row and column of the grid adds up."""
    unknowns = [(r, c) for r, line in enumerate(shown) for c, v in enumerate(line) if v is None]
    index = {p: i for i, p in enumerate(unknowns)}
    last_row, last_column = len(shown) - 1, len(shown[0]) - 1
    lines = [[(r, c) for c in range(last_column)] + [(r, last_column)] for r in range(last_row + 1)]
    lines += [[(r, c) for r in range(last_row)] + [(last_row, c)] for c in range(last_column + 1)]
    a_rows, b = [], []
    for line in lines:
        *parts, total = line
        coefficients = [0.0] * len(unknowns)
        constant = 0.0
        for sign, p in [(1, q) for q in parts] + [(-1, total)]:
            if p in index:
                coefficients[index[p]] += sign
            else:
                constant -= sign * shown[p[0]][p[1]]
        a_rows.append(coefficients)
        b.append(constant)
    return unknowns, np.array(a_rows), np.array(b)


def derived_entries(protected) -> list[tuple[int, int]]:
    """Hidden entries an attacker pins down from the published totals and bounds."""
    unknowns, a, b = _equations(_published(protected))
    found = []
    for i, position in enumerate(unknowns):
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        bounds = [(1, None)] * len(unknowns)
        low = linprog(objective, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        assert low.status == 0, "the true table must satisfy the published equations"
        if high.status == 3:  # unbounded above: not derivable
            continue
        if high.status == 0 and -high.fun - low.fun < 0.5:
            found.append(position)
    return found


def solved_by_equations(protected) -> list[tuple[int, int]]:
    """Hidden entries fixed by the linear equations of the published margins alone."""
    unknowns, a, _b = _equations(_published(protected))
    if not unknowns:
        return []
    rank = np.linalg.matrix_rank(a)
    found = []
    for i, position in enumerate(unknowns):
        unit = np.zeros((1, len(unknowns)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append(position)
    return found


def test_small_cells_and_their_totals_are_hidden_and_stay_underivable():
    grid = [[3, 20, 14], [25, 0, 30], [12, 18, 2]]
    protected = protect(_table(grid), 11)
    shown = _published(protected)
    assert shown[0][0] is None and shown[2][2] is None
    assert shown[1][1] == 0  # zeros are published
    assert len(protected.hidden) > 2  # one hidden cell in a row would follow from its total
    assert derived_entries(protected) == []
    assert solved_by_equations(protected) == []


def test_a_month_with_fewer_than_k_screenings_hides_its_total_too():
    grid = [[40, 30, 12], [2, 1, 0], [35, 22, 15]]
    protected = protect(_table(grid), 11)
    shown = _published(protected)
    assert shown[1][3] is None  # the row total 3
    assert derived_entries(protected) == []


def test_a_table_smaller_than_k_publishes_only_zeros():
    protected = protect(_table([[2, 0], [1, 3]]), 11)
    assert {v for line in _published(protected) for v in line} == {None, 0}
    assert derived_entries(protected) == []


def test_an_attacker_without_the_bounds_would_still_solve_nothing():
    protected = protect(_table([[1, 50], [50, 50]]), 5)
    assert solved_by_equations(protected) == []
    assert derived_entries(protected) == []


def test_k_below_five_is_refused():
    with pytest.raises(UsageError, match="at least 5"):
        protect(_table([[1]]), MINIMUM_K - 1)


small_counts = st.one_of(st.integers(0, 12), st.integers(0, 60))


@settings(max_examples=150, deadline=None)
@given(
    grid=st.integers(1, 5).flatmap(
        lambda rows: st.lists(
            st.lists(small_counts, min_size=rows, max_size=rows), min_size=1, max_size=6
        )
    ),
    k=st.integers(5, 11),
)
def test_any_table_publishes_nothing_from_1_to_k_minus_1_and_nothing_derivable(grid, k):
    protected = protect(_table(grid), k)
    for line in _published(protected):
        assert all(v is None or v == 0 or v >= k for v in line)
    for r, c in protected.hidden:
        assert protected.grid[r][c] > 0  # zeros are published, never hidden
    assert derived_entries(protected) == []
