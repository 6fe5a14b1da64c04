"""The Jazz page never exports a solo over a file its corpus was read from, as the command line refuses to.

The export dialog proposes the piece's title as the file name, and a piece read from a score is titled by it: one
Replace click wrote the solo over the user's own MIDI file, its other parts and all.
"""

from __future__ import annotations

import mido

from gui.jazz.tasks import CorpusFile
from tests.jazz_files import TPB, midi_track
from tests.test_gui_jazz_page import jazz_page, solo


def test_a_solo_is_not_exported_over_a_corpus_file(window, qtbot, tmp_path):
    source = tmp_path / "Tune.mid"
    song = mido.MidiFile(ticks_per_beat=TPB)
    song.tracks.append(midi_track("Lead", 0, [(i * 0.5, 0.5, 72 + i % 5) for i in range(32)]))
    song.save(str(source))
    before = source.read_bytes()
    page = jazz_page(window)
    page.corpus.add_entries([CorpusFile(str(source))])
    page.history.add(solo())
    messages = []
    page.status.connect(messages.append)
    page.project.export_to(str(tmp_path / "." / "Tune.mid"))
    qtbot.waitUntil(lambda: not page.jobs.busy and not page.jobs.waiting, timeout=30_000)
    assert source.read_bytes() == before
    assert "Export refused" in messages[-1] and "Tune.mid" in messages[-1]
    page.project.export_to(str(tmp_path / "Solo.mid"))  # anywhere else, as before
    qtbot.waitUntil(lambda: (tmp_path / "Solo.mid").exists(), timeout=30_000)
