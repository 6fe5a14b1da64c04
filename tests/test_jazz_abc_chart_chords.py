"""An ABC tune's chord symbols in chart spelling, a tunebook and a tune without chords, read as the file means them
and told where Encore chose: music21's ABC reader took D-7 for D flat seven, dropped C^7 without a word and refused
a file with F#-7; it read a tunebook's first tune and harmonised a bare melody from itself, silently."""

from __future__ import annotations

from engine.jazz.source import FROM_MELODY, load_source

HEADER = "X:1\nT:Chart spelling\nM:4/4\nL:1/4\nK:C\n"


def abc(tmp_path, body: str, name: str = "tune.abc"):
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def figures(source) -> list[str]:
    return [c.figure for c in source.chords]


def test_chart_spellings_read_as_a_chart_reads_them(tmp_path):
    path = abc(tmp_path, HEADER + '"D-7"d f a c | "G7"B d f g | "C^7"e g B c | "A-7"A c e g |\n'
                                  '"CΔ7"c e g B | "Cmi7"c e g B | "C7alt"c e g B | "C°7"c e g B | "F#-7"F A c e |]\n')
    source = load_source(path)
    assert figures(source) == ["Dm7", "G7", "Cmaj7", "Am7", "Cmaj7", "Cm7", "C7#9b13", "Cdim7", "F#m7"]
    assert {p % 12 for p in source.chords[0].pitches} == {2, 5, 9, 0}  # D F A C, not D flat seven
    assert all(t.startswith("C,") for t in source.bars[0].tokens)  # D F A C are chord tones of Dm7
    assert source.notice == ""


def test_a_placed_annotation_no_longer_hides_the_chord_after_it(tmp_path):
    source = load_source(abc(tmp_path, HEADER + '"^Intro""Cm7b5"c e g B | "F7"F A c e |]\n'))
    assert figures(source) == ["Cm7b5", "F7"]


def test_a_symbol_neither_reader_knows_is_named(tmp_path):
    source = load_source(abc(tmp_path, HEADER + '"F7"c d e f | "Fxyz7"c d e f | "Bb7"B d f a |]\n'))
    assert figures(source) == ["F7", "Bb7"]
    assert source.notice == 'chord symbol "Fxyz7" not read: the chord before holds'


def test_a_tunebook_says_it_read_its_first_tune(tmp_path):
    book = (HEADER.replace("Chart spelling", "First Tune") + '"G"G A B c | "D7"d c B A |]\n\n'
            "X:2\nT:Second Tune\nM:4/4\nL:1/4\nK:C\n" + '"C"c d e f | "Zq9"g a b c |]\n')
    source = load_source(abc(tmp_path, book, "book.abc"))
    assert figures(source) == ["G", "D7"]
    assert source.notice == "holds 2 tunes; read the first, 'First Tune'"  # the second's unread symbol is not told


def test_a_melody_without_chords_says_its_chords_are_its_own(tmp_path):
    bare = load_source(abc(tmp_path, HEADER + "c e g B | d f a c | e g B d | c4 |]\n", "bare.abc"))
    assert bare.notice == FROM_MELODY
    charted = load_source(abc(tmp_path, HEADER + '"C"c e g B | "Dm"d f a c |]\n', "charted.abc"))
    assert charted.notice == ""
