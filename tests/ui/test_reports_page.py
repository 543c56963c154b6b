"""The reports page: figures for the acting account, bars mirrored right to left, exports."""

from __future__ import annotations

from PySide6 import QtCore, QtGui

from app.ui.reports.bar_chart import Bar, BarChart
from app.ui.reports.reports_page import ReportsPage
from tests.reports.helpers import consented_screening


def _page(qtbot, vault) -> ReportsPage:
    page = ReportsPage(vault)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.summary is not None, timeout=10_000)
    return page


def _own_screening(vault) -> None:
    consented_screening(vault)


def test_a_screener_sees_their_own_figures_and_no_statistics_export(qtbot, open_vault):
    sol = open_vault("sol")
    _own_screening(sol)
    _own_screening(open_vault("sky"))
    page = _page(qtbot, sol)
    assert page.summary.scope == "sol" and page.summary.screenings == 1
    assert "Your own cases only" in page.status.text()
    assert page.stats_button.isHidden()


def test_a_supervisor_sees_everyone_and_may_export_statistics(qtbot, open_vault, tmp_path):
    _own_screening(open_vault("sol"))
    _own_screening(open_vault("sky"))
    sam = open_vault("sam")
    page = _page(qtbot, sam)
    assert page.summary.scope is None and page.summary.screenings == 2
    assert not page.stats_button.isHidden()
    _heading, chart, _note = page.sections["by_form"]
    assert [bar.number for bar in chart.bars] == ["2"]
    target = tmp_path / "stats.csv"
    page.write_stats(str(target))
    qtbot.waitUntil(target.exists, timeout=10_000)
    assert "suppressed" in target.read_text().splitlines()[0]
    page.write_pdf(str(tmp_path / "r.pdf"), "ar")
    qtbot.waitUntil((tmp_path / "r.pdf").exists, timeout=20_000)
    actions = [entry.action for entry in sam.audit.entries()]
    assert "report.stats" in actions and "report.pdf" in actions


def _red_columns(chart: BarChart) -> list[int]:
    image = QtGui.QImage(chart.size(), QtGui.QImage.Format.Format_RGB32)
    image.fill(QtGui.QColor("white"))
    chart.render(image)
    y = chart.sizeHint().height() // 2
    return [
        x
        for x in range(image.width())
        if QtGui.QColor(image.pixel(x, y)).red() > 200
        and QtGui.QColor(image.pixel(x, y)).green() < 80
    ]


def test_bars_grow_from_the_start_side_and_mirror_right_to_left(qtbot):
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(400, 40)
    chart.set_bars([Bar("March 2026", ((10, "#ff0000"),), "10")])
    left = _red_columns(chart)
    chart.setLayoutDirection(QtCore.Qt.LayoutDirection.RightToLeft)
    right = _red_columns(chart)
    assert left and right
    assert min(left) < 200 < max(right)  # drawn from the left, then from the right
    assert 399 - max(right) == min(left)  # mirror images
    assert chart.accessibleDescription() == "March 2026: 10"


def test_a_screeners_page_shows_her_referrals_by_status_and_country_and_the_overdue(
    qtbot, open_vault
):
    from datetime import date

    from tests.reports.helpers import add_follow_up_services, seed_follow_up

    services = add_follow_up_services(open_vault("ada"))
    sol = open_vault("sol")
    seed_follow_up(sol, services)
    _own_screening(open_vault("sky"))  # not hers: in none of her bars
    page = _page(qtbot, sol)
    bars = {key: page.sections[key][1].bars for key in ("referral_status", "countries", "ages")}
    assert [(bar.label, bar.number) for bar in bars["referral_status"]] == [
        ("prepared, not yet sent", "1"),
        ("sent", "1"),
        ("received by the service", "0"),
        ("accepted by the service", "1"),
        ("declined by the service", "1"),
        ("closed", "1"),
    ]
    assert {bar.label: bar.number for bar in bars["countries"]} == {
        "Greece": "2",
        "Türkiye": "2",
        "country not recorded": "1",
    }
    ages = {bar.label: bar.number for bar in bars["ages"]}
    assert ages["13 to 15 years"] == "1" and ages["age not recorded"] == "1"
    assert len(ages) == 10  # every band, the empty ones too
    day = page.summary.overdue_on
    assert day == date.today() and page.summary.referrals_overdue == 2
    assert "Referral follow-ups overdue on" in page.key_figures.text()
    assert page.key_figures.text().endswith(": 2")
    assert page.sections["referral_status"][2].text().endswith(": 2")
    # The same page in Farsi: its titles in Farsi, the countries named by babel.
    from app.ui.language import apply_language

    apply_language("fa")
    try:
        page.retranslate()
        labels = [bar.label for bar in page.sections["countries"][1].bars]
        assert "یونان" in labels and "ترکیه" in labels
        assert page.sections["ages"][0].text() == "غربالگری‌ها بر پایهٔ گروه سنی فرد"
    finally:
        apply_language("en")
