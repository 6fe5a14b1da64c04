"""The real Phish history (../shared/data, when present) imports with the figures its README gives."""

from engine.setlists.history import load_history


def test_phish_csv_imports_every_show(phish_csv):
    history = load_history(phish_csv)
    stats = history.stats()
    assert stats["shows"] == 1967
    assert stats["plays"] == 38703
    assert stats["songs"] == 975
    assert stats["first_date"] == "1983-12-02" and stats["last_date"] == "2025-06-24"
    assert not history.demo
