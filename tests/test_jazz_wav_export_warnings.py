"""A Jazz solo exported as WAV says what `render` says of a silent or clipped file: from the engine, from
`jazz export` and `jazz generate`, and in the window's status bar. The export used to write such a file
without a word, though `render` of the same MIDI warned."""

from __future__ import annotations

import json

import pytest
from conftest import ROOT, run_encore

from engine.jazz.export import write_piece
from engine.jazz.piece import ChordSymbol, Note, Piece
from engine.jazz.project import project_data

SILENT = "is silent: no note made a sound with this SoundFont"
CLIPPED = "the mix peaked at +"
ETUDE = ROOT / "resources" / "jazz" / "etudes" / "etude_2_blues_in_f.abc"


def unsampled() -> Piece:
    """Notes above the General MIDI SoundFont's samples (F#9, G9), and chords with no voicing to comp: silence."""
    notes = [Note(i * 1.0, 1.0, 126 + i % 2, 90) for i in range(8)]
    return Piece("High", notes, [ChordSymbol(0.0, 8.0, "C7")], bars=2, tempo=120)


def cluster() -> Piece:
    """32 keys struck at full velocity in bar 1, one note in bar 2: a mix far over full scale."""
    notes = [Note(0.0, 4.0, pitch, 127) for pitch in range(48, 80)] + [Note(4.0, 1.0, 60, 80)]
    return Piece("Cluster", notes, [ChordSymbol(0.0, 8.0, "C7")], bars=2, tempo=120)


def project(path, piece: Piece):
    path.write_text(json.dumps(project_data([piece], 0, None, [], {})))
    return path


def test_the_engine_returns_renders_words_for_a_silent_or_clipped_wav(tmp_path):
    silent = write_piece(unsampled(), tmp_path / "high.wav")
    assert silent.startswith(SILENT) and (tmp_path / "high.wav").stat().st_size > 44
    clipped = write_piece(cluster(), tmp_path / "cluster.wav")
    assert clipped.startswith(CLIPPED) and "limited" in clipped
    assert write_piece(cluster(), tmp_path / "cluster.mid") == ""  # a MIDI file sounds as the player's synth does


def test_a_wav_that_sounds_as_meant_has_no_warning(tmp_path):
    solo = Piece("Fine", [Note(i * 0.5, 0.5, 60 + i, 80) for i in range(8)], [], bars=1, tempo=120)
    assert write_piece(solo, tmp_path / "fine.wav") == ""


@pytest.mark.parametrize(("piece", "said"), [(unsampled, SILENT), (cluster, CLIPPED)])
def test_jazz_export_warns_on_stderr_as_render_does(tmp_path, piece, said):
    out = tmp_path / "solo.wav"
    result = run_encore("jazz", "export", str(project(tmp_path / "night.encore-jazz", piece())), "--out", str(out))
    assert result.returncode == 0, result.stderr  # a warning, as render's: the file is written
    assert f"encore: warning: {out}: {said}" in result.stderr and "Traceback" not in result.stderr
    assert "wrote" in result.stdout and out.exists()
    quiet = run_encore("jazz", "export", str(tmp_path / "night.encore-jazz"), "--out", str(tmp_path / "a.mid"))
    assert quiet.returncode == 0 and "warning" not in quiet.stderr


def test_jazz_generate_over_a_clipping_base_warns(tmp_path):
    model = tmp_path / "model"
    trained = run_encore("jazz", "train", "--input", str(ETUDE), "--preset", "full", "--epochs", "1",
                         "--hidden", "8", "--seed", "1", "--out", str(model), "--json")
    assert trained.returncode == 0, trained.stderr
    out = tmp_path / "again.wav"
    result = run_encore("jazz", "generate", "--model", str(model), "--base",
                        str(project(tmp_path / "night.encore-jazz", cluster())), "--regenerate", "2",
                        "--out", str(out))  # bar 1's cluster is kept
    assert result.returncode == 0, result.stderr
    assert f"encore: warning: {out}: {CLIPPED}" in result.stderr


def test_the_window_says_so_after_exporting_a_silent_or_clipped_wav(window, qtbot, tmp_path):
    window.show_workspace("jazz")
    page = window.workspaces[0]
    messages = []
    page.status.connect(messages.append)
    for piece, name, said in ((unsampled, "high.wav", f"it {SILENT}"), (cluster, "cluster.wav", CLIPPED),
                              (cluster, "cluster.mid", "")):
        page.history.add(piece())
        messages.clear()
        page.project.export_to(str(tmp_path / name))
        qtbot.waitUntil(lambda: not page.jobs.busy and not page.jobs.waiting, timeout=60_000)
        assert (tmp_path / name).exists()
        assert messages[-1].startswith(f"Exported {name} — {said}") if said else messages[-1] == f"Exported {name}"
