"""The Tempo box follows the corpus file whose chords a solo takes.

A solo over a 176 bpm file's own chords came out at 130 bpm from the window (the box's default, always sent),
where the command line keeps the file's tempo. Now the box shows a file's tempo as the file becomes the chords'
source; the user may change it after; a file stating none, typed chords, and a project's saved tempo keep it.
"""

from __future__ import annotations

import json

import pytest
from conftest import ROOT
from jazz_files import CHANGES, midi_track

ETUDE = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"  # Q:1/4=132
NO_TEMPO = "X:1\nT:Minor\nM:4/4\nL:1/4\nK:C\n\"Am7\" A B c d | \"D7\" d c B A | \"Am7\" A4 |]\n"  # no Q: field


def fast_midi(path):
    """Four bars of piano chords and a lead line at 176 bpm."""
    import mido

    song = mido.MidiFile(ticks_per_beat=480)
    song.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(176))]))
    song.tracks.append(midi_track("Piano", 0, [(b * 4.0, 4.0, p) for b in range(4) for p in CHANGES[b]]))
    song.tracks.append(midi_track("Lead", 1, [(b * 4.0 + i, 1.0, 72 + i) for b in range(4) for i in range(4)]))
    song.save(str(path))
    return path


def no_tempo_abc(path):
    path.write_text(NO_TEMPO)
    return path


def jazz_page(window):
    window.show_workspace("jazz")
    return window.workspaces[0]


def opened(qtbot, page, path) -> None:
    page.open_path(str(path))
    qtbot.waitUntil(lambda: not page.busy() and any(e.path == str(path) and e.source for e in page.corpus.entries),
                    timeout=60_000)


def select(page, path) -> None:
    tree = page.corpus.tree
    tree.setCurrentItem(tree.topLevelItem([e.path for e in page.corpus.entries].index(str(path))))


@pytest.fixture(scope="module")
def model():
    from engine.jazz.model import TrainSettings, train
    from engine.jazz.source import load_source

    return train([load_source(ETUDE)], TrainSettings(preset="full", epochs=1, hidden=8, seed=1))


def test_a_solo_over_a_files_chords_plays_at_its_tempo_unless_the_user_changes_it(window, model, tmp_path, qtbot):
    page = jazz_page(window)
    page.model = model
    page.generation.set_ready(True)
    assert page.generation.tempo.value() == 130
    fast = fast_midi(tmp_path / "fast.mid")
    opened(qtbot, page, fast)
    assert page.generation.tempo.value() == 176 and page.generation.options()["tempo"] == 176
    assert not page.undo_stack.count()  # a file becoming the chords' source is no edit of the box
    page.generation.generate_button.click()
    qtbot.waitUntil(lambda: len(page.history.pieces) == 1 and not page.busy(), timeout=60_000)
    assert page.history.pieces[0].tempo == 176 and page.history.pieces[0].meta["source"] == "fast.mid"
    page.generation.tempo.setValue(150)  # the user's own tempo is the one used from now on
    page.corpus.changed.emit()  # the same source, ticked or read again: the typed tempo stays
    assert page.generation.options()["tempo"] == 150


def test_a_file_stating_no_tempo_or_typed_chords_leave_the_box(window, tmp_path, qtbot):
    page = jazz_page(window)
    fast, plain = fast_midi(tmp_path / "fast.mid"), no_tempo_abc(tmp_path / "plain.abc")
    opened(qtbot, page, fast)
    opened(qtbot, page, plain)  # the latest added is the chords' source: it states no tempo
    assert page.corpus.chord_entry().path == str(plain) and page.corpus.chord_entry().source.tempo == 0
    assert page.generation.tempo.value() == 176
    page.generation.tempo.setValue(100)
    select(page, fast)
    assert page.generation.tempo.value() == 176  # selected: its tempo again
    select(page, plain)
    assert page.generation.tempo.value() == 176
    page.generation.chords.setText("Dm7 G7 | Cmaj7")  # typed chords are no file's
    page.generation.tempo.setValue(90)
    select(page, fast)
    assert page.generation.tempo.value() == 90


def test_selecting_a_file_in_a_saved_project_leaves_it_saved(window, tmp_path, qtbot):
    page = jazz_page(window)
    fast, plain = fast_midi(tmp_path / "fast.mid"), no_tempo_abc(tmp_path / "plain.abc")
    opened(qtbot, page, plain)
    opened(qtbot, page, fast)
    select(page, plain)
    page.generation.tempo.setValue(100)
    assert page.project.save_to(str(tmp_path / "night.encore-jazz")) and not page.has_unsaved_changes()
    select(page, fast)  # a selection, not an edit: as the selection itself, not the project's to save
    assert page.generation.tempo.value() == 176 and not page.has_unsaved_changes()


def project(path, tempo: int, files=()):
    path.write_text(json.dumps({"format": "encore-jazz", "version": 2, "pieces": [],
                                "generation": {"tempo": tempo, "chords": ""},
                                "corpus": [{"path": str(f), "choices": {}} for f in files]}))
    return path


def test_opening_a_project_keeps_its_own_tempo_over_its_files(window, tmp_path, qtbot):
    """The project's files are read after its settings are set: the last one read became the chords' source
    and would have put its tempo over the one the project was saved with; so would the built-in solos, read
    at start-up after a project opened from the command line."""
    from engine.jazz.source import load_source
    from gui.jazz import tasks

    page = jazz_page(window)
    fast = fast_midi(tmp_path / "fast.mid")
    page.project.open(str(project(tmp_path / "night.encore-jazz", 99, [fast])))
    qtbot.waitUntil(lambda: not page.busy() and page.corpus.chord_entry() is not None, timeout=60_000)
    assert page.corpus.chord_entry().path == str(fast)
    assert page.generation.tempo.value() == 99 and not page.has_unsaved_changes()
    page.project.open(str(project(tmp_path / "bare.encore-jazz", 88)))
    page.corpus.add_entries([tasks.CorpusFile(str(ETUDE), source=load_source(ETUDE), builtin=True)])  # start-up's
    assert page.corpus.chord_entry().path == str(ETUDE)
    assert page.generation.tempo.value() == 88 and not page.has_unsaved_changes()
    select(page, ETUDE)  # the source already: the project's tempo is the one over it
    assert page.generation.tempo.value() == 88
    page.corpus.tree.setCurrentItem(None)  # no row selected wins over the file added next
    opened(qtbot, page, fast)  # the user's own file, added: its tempo
    assert page.generation.tempo.value() == 176
    select(page, ETUDE)
    assert page.generation.tempo.value() == 132
