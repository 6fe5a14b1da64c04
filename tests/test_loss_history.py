"""The loss-curve points both workspaces draw from a training job's per-epoch reports."""

from gui.loss_history import curve_points


def test_validation_points_skip_epochs_without_validation():
    reports = [{"epoch": 1, "loss": 3.0, "val_loss": None}, {"epoch": 2, "loss": 2.0, "val_loss": 2.5},
               {"loss": 1.5}]
    assert curve_points(reports, "loss") == ([1, 2, 3], [3.0, 2.0, 1.5])
    assert curve_points(reports, "val_loss") == ([2], [2.5])
