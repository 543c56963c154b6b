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
from app.reports.suppression import MINIMUM_K, Table, protect, protect_together


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


def _equations(
    tables: list[list[list[int | None]]],
    links: list[tuple[int, int]] = (),
    relations: list[list[tuple[int, tuple[int, int, int]]]] = (),
):
    """A x = b over the hidden entries of several published tables.

    Every row and column of each grid adds up; each pair of linked tables
    (a, b) has the same row totals (their last column), as tables counting
    the same screenings by month do; each relation's terms, (sign, (table,
    row, column)), add up to 0 (what else an intruder knows).
    """
    unknowns = [
        (t, r, c)
        for t, shown in enumerate(tables)
        for r, line in enumerate(shown)
        for c, v in enumerate(line)
        if v is None
    ]
    index = {p: i for i, p in enumerate(unknowns)}
    a_rows, b = [], []

    def add(terms: list[tuple[int, tuple[int, int, int]]]) -> None:
        coefficients = [0.0] * len(unknowns)
        constant = 0.0
        for sign, (t, r, c) in terms:
            if (t, r, c) in index:
                coefficients[index[(t, r, c)]] += sign
            else:
                constant -= sign * tables[t][r][c]
        a_rows.append(coefficients)
        b.append(constant)

    for t, shown in enumerate(tables):
        last_row, last_column = len(shown) - 1, len(shown[0]) - 1
        for r in range(last_row + 1):
            add([(1, (t, r, c)) for c in range(last_column)] + [(-1, (t, r, last_column))])
        for c in range(last_column + 1):
            add([(1, (t, r, c)) for r in range(last_row)] + [(-1, (t, last_row, c))])
    for terms in relations:
        add(list(terms))
    for first, second in links:
        for r in range(len(tables[first])):
            add(
                [
                    (1, (first, r, len(tables[first][0]) - 1)),
                    (-1, (second, r, len(tables[second][0]) - 1)),
                ]
            )
    return unknowns, np.array(a_rows), np.array(b)


def derived_together(
    protected: list, links: list[tuple[int, int]] = (), relations: list = ()
) -> list[tuple]:
    """Hidden entries (table, row, column) an attacker pins down from everything published.

    The attacker solves the published equations, with the linked tables' row
    totals equal, as a linear programme for the smallest and largest value of
    each hidden entry, knowing that hidden entries are at least 1.
    """
    unknowns, a, b = _equations([_published(p) for p in protected], links, relations)
    found = []
    for i, position in enumerate(unknowns):
        objective = np.zeros(len(unknowns))
        objective[i] = 1
        bounds = [(1, None)] * len(unknowns)
        low = linprog(objective, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        high = linprog(-objective, A_eq=a, b_eq=b, bounds=bounds, method="highs")
        assert low.status == 0, "the true tables must satisfy the published equations"
        if high.status == 3:  # unbounded above: not derivable
            continue
        if high.status == 0 and -high.fun - low.fun < 0.5:
            found.append(position)
    return found


def derived_entries(protected) -> list[tuple[int, int]]:
    """Hidden entries of one table an attacker pins down from its totals and bounds."""
    return [(r, c) for _t, r, c in derived_together([protected])]


def solved_by_equations(protected) -> list[tuple[int, int]]:
    """Hidden entries fixed by the linear equations of the published margins alone."""
    unknowns, a, _b = _equations([_published(protected)])
    if not unknowns:
        return []
    rank = np.linalg.matrix_rank(a)
    found = []
    for i, (_t, r, c) in enumerate(unknowns):
        unit = np.zeros((1, len(unknowns)))
        unit[0, i] = 1
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.append((r, c))
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


def test_tables_sharing_their_row_totals_are_protected_together():
    """Two tables of the same screenings by month: 11 and 45 in one, 11 and 45 in the other.

    Each protected alone hides the first table's month totals, which the
    second publishes: knowing them, an attacker solves the first table's
    hidden 4. Protected together, a month total is hidden in both or in neither.
    """
    outcome = _table([[11, 0, 0], [4, 41, 0]])
    questionnaire = _table([[0, 4, 1, 6], [11, 9, 17, 8]])
    alone = [protect(outcome, 11), protect(questionnaire, 11)]
    assert (0, 1, 0) in derived_together(alone, [(0, 1)])  # the 4
    together = protect_together([outcome, questionnaire], 11)
    assert derived_together(together, [(0, 1)]) == []
    shown = [_published(protected) for protected in together]
    assert [line[-1] for line in shown[0]] == [line[-1] for line in shown[1]]


def _split(total: int, parts: int, draw) -> list[int]:
    cuts = sorted(draw(st.lists(st.integers(0, total), min_size=parts - 1, max_size=parts - 1)))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


@settings(max_examples=120, deadline=None)
@given(data=st.data(), k=st.integers(5, 11))
def test_tables_with_the_same_row_totals_publish_nothing_derivable_together(data, k):
    rows = data.draw(st.integers(1, 4))
    totals = data.draw(st.lists(small_counts, min_size=rows, max_size=rows))
    grids = []
    for _table_number in range(data.draw(st.integers(2, 3))):
        columns = data.draw(st.integers(1, 4))
        grids.append([_split(total, columns, data.draw) for total in totals])
    together = protect_together([_table(grid) for grid in grids], k)
    for protected in together:
        for line in _published(protected):
            assert all(v is None or v == 0 or v >= k for v in line)
    assert derived_together(together, [(0, other) for other in range(1, len(grids))]) == []


def test_a_table_merging_anothers_columns_gives_hidden_cells_away():
    """Why the shared statistics never hold a table whose columns merge another's.

    Referrals by service type (shelter, legal aid, clinic) and by country
    (Greece: the shelter and legal aid; Türkiye: the clinic), for someone who
    knows the service directory: protected together, their margins give
    nothing away, but with "Greece = shelter + legal aid" the 1 is solved.
    """
    by_type = [[1, 23, 3], [0, 0, 6], [1, 20, 0]]
    by_country = [[shelter + legal, clinic] for shelter, legal, clinic in by_type]
    together = protect_together([_table(by_type), _table(by_country)], 5)
    assert derived_together(together, [(0, 1)]) == []
    directory = [
        terms
        for row in range(len(by_type))
        for terms in (
            [(1, (0, row, 0)), (1, (0, row, 1)), (-1, (1, row, 0))],
            [(1, (0, row, 2)), (-1, (1, row, 1))],
        )
    ]
    assert (0, 0, 0) in derived_together(together, [(0, 1)], directory)
