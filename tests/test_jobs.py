"""The job protocol: progress reports, partial results, cancellation, the console bar."""

import io
import threading

import pytest

from engine.jobs import Cancelled, ConsoleJob, Job


def count_epochs(epochs: int, job: Job) -> int:
    done = 0
    for epoch in range(1, epochs + 1):
        done = epoch
        job.report(epoch, epochs, f"epoch {epoch}", {"epoch": epoch, "loss": 1.0 / epoch})
    return done


def test_reports_reach_the_listener_with_partials():
    seen = []
    job = Job(on_progress=seen.append)
    assert count_epochs(5, job) == 5
    assert [p.step for p in seen] == [1, 2, 3, 4, 5]
    assert seen[-1].fraction == 1.0 and seen[-1].partial == {"epoch": 5, "loss": 0.2}
    assert [h["epoch"] for h in job.history] == [1, 2, 3, 4, 5]


def test_cancel_stops_at_the_next_report():
    job = Job()
    job.on_progress = lambda p: job.cancel() if p.step == 3 else None
    with pytest.raises(Cancelled):
        count_epochs(10, job)
    assert len(job.history) == 3


def test_cancel_from_another_thread():
    job = Job()
    started = threading.Event()

    def work():
        started.set()
        while True:
            job.check()

    thread = threading.Thread(target=lambda: pytest.raises(Cancelled, work))
    thread.start()
    started.wait(5)
    job.cancel()
    thread.join(5)
    assert not thread.is_alive()


def test_console_job_draws_a_bar():
    stream = io.StringIO()
    count_epochs(3, ConsoleJob("train", stream=stream))
    out = stream.getvalue()
    assert "train [" in out and "3/3" in out
