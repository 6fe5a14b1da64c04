"""Charts Encore wrote before bars were counted in beats ('3/4 A-7 / / D7', typed 'C7 / F7') play shared and
are warned of: in the Chords field's hint (not red) and by `jazz generate`."""

from __future__ import annotations

from conftest import run_encore
from jazz_files import ireal_link, ireal_song
from PySide6.QtWidgets import QLineEdit, QWidget

OLD_WALTZ = "3/4 { C^7 | A-7 / / D7 | G-7 / C7 } F^7 | B-7b5 E7 | A-7 / / D7"
WARNING = "bar 2 holds 4 beats; 3/4 has 3 (each chord and / is a beat): its chords share the bar"


def test_the_chords_hint_warns_of_an_old_charts_bar_and_can_play_it(qtbot):
    from gui.jazz.chart_import import ChartCheck

    parent = QWidget()
    qtbot.addWidget(parent)
    field = QLineEdit(parent)
    seen = []
    ChartCheck(field, delay_ms=0).checked.connect(lambda *told: seen.append(told))
    field.setText(OLD_WALTZ)
    qtbot.waitUntil(lambda: bool(seen), timeout=30_000)
    assert seen[-1] == (OLD_WALTZ, f"9 bars in 3/4 — {WARNING}", True)  # playable: not the red of a problem


def test_generate_warns_of_a_shared_bar_before_its_work(tmp_path):
    """Printed as the chart is checked, before the model loads (absent here, so it stops at that)."""
    model = tmp_path / "no model"
    result = run_encore("jazz", "generate", "--model", str(model), "--chords", OLD_WALTZ,
                        "--out", str(tmp_path / "solo.mid"))
    assert f"encore: warning: {WARNING}\n" in result.stderr
    assert "holds 4 beats" not in result.stderr.replace(f"encore: warning: {WARNING}", "")  # told once, not refused
    link = ireal_link(ireal_song("Slash", "[T24C7XyQ|p D7G7|C7XyQZ"))  # a bar opening on a slash: no warning
    result = run_encore("jazz", "generate", "--model", str(model), "--chart", link, "--out", str(tmp_path / "s.mid"))
    assert "warning" not in result.stderr and "beats" not in result.stderr, result.stderr


def test_a_crowded_ireal_bar_is_told_once(tmp_path):
    """The tune's notice names the bar; the chart's own warning said it again in other words."""
    link = ireal_link(ireal_song("Crowd", "[T34C D E F|GXyQ|D-7XyQ|G7XyQZ"))
    result = run_encore("jazz", "generate", "--model", str(tmp_path / "no model"), "--chords", link,
                        "--out", str(tmp_path / "s.mid"))
    assert result.stderr.count("bar 1") == 1 and "they share the bar" in result.stderr, result.stderr
