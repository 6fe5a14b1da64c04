"""An ABC tune's D.C. and D.S. played out as written, as a MusicXML score's are: music21's ABC reader dropped
!D.C.alfine!, !fine!, !segno!, !coda! and "^D.C. al Fine" without a word, and the tune was learned shorter than
it is played. And a damaged .mxl refused in words, not with music21's TypeError."""

from __future__ import annotations

import zipfile

import pytest
from conftest import run_encore

from engine.errors import FileProblem
from engine.jazz.reading import read_score
from engine.jazz.source import load_source

HEADER = "X:1\nT:Jumps\nM:4/4\nL:1/4\nK:C\n"
NOT_FOLLOWED = "its D.C. al Fine is not followed"


def abc(tmp_path, music: str, name: str = "tune.abc", header: str = HEADER):
    path = tmp_path / name
    path.write_text(header + music, encoding="utf-8")
    return path


def chords(raw) -> list[tuple[float, str]]:
    return [(c.offset, c.figure) for c in raw.parts[0].lead_chords]


def bar_chords(raw) -> list[str]:
    return [figure for _, figure in chords(raw)]


DC_TUNE = ('"Fmaj7"FGAc fcAF|"Gm7"GABd gdBG|"C7"cBAG FEDC|"Fmaj7"F8{fine}|\n'
           '"Dm7"DEFA dAFD|"G7"GABd gdBG|"Gm7"GABd gdBG|"C7"c2B2A2G2{dc}|]\n')
DC_HEADER = "X:2\nT:DC Tune\nM:4/4\nL:1/8\nK:F\n"
FORM = ["Fmaj7", "Gm7", "C7", "Fmaj7", "Dm7", "G7", "Gm7", "C7", "Fmaj7", "Gm7", "C7", "Fmaj7"]


@pytest.mark.parametrize(("fine", "dc"), [
    ("!fine!", "!D.C.alfine!"),  # abcm2ps's
    ("!fine!", "!D.C.!"),  # ABC 2.1's: with a Fine in the tune, D.C. goes to it
    ('"^Fine"', '"^D.C. al Fine"'),  # as text over the staff
    ('"_Fine"', '"Da Capo al Fine"'),
])
def test_da_capo_al_fine_is_played_out_to_the_fine(tmp_path, fine, dc):
    path = abc(tmp_path, DC_TUNE.replace("{fine}", fine).replace("{dc}", dc), header=DC_HEADER)
    raw = read_score(path)
    assert chords(raw) == [(4.0 * bar, figure) for bar, figure in enumerate(FORM)]
    assert raw.notices == []
    assert [written for _, _, written in raw.written_bars] == [0, 1, 2, 3, 4, 5, 6, 7, 0, 1, 2, 3]
    assert load_source(path).n_bars == 12


def test_dal_segno_al_coda_goes_back_to_the_segno_and_on_to_the_coda(tmp_path):
    raw = read_score(abc(tmp_path, '"C"C D E F | !segno!"F"F G A B | "G7"G A B c!coda! | "C"c4 !D.S.alcoda!|\n'
                                   '!coda!"Am"A B c d | "Dm"d4 |]\n'))
    assert bar_chords(raw) == ["C", "F", "G7", "C", "F", "G7", "Am", "Dm"]
    assert raw.notices == []


def test_da_capo_al_coda_written_as_text(tmp_path):
    raw = read_score(abc(tmp_path, '"C"C D E F | "F"F G A B "^To Coda"| "G7"G A B c "^D.C. al Coda"|\n'
                                   '"^Coda""Am"A B c d | "Dm"d4 |]\n'))
    assert bar_chords(raw) == ["C", "F", "G7", "C", "F", "Am", "Dm"]


def test_repeats_are_played_before_the_da_capo_and_not_after_it(tmp_path):
    raw = read_score(abc(tmp_path, '|: "C"C D E F | "G7"G A B c :| "F"F4 !fine! | "Dm"D4 | "G7"G4 !D.C.alfine!|]\n'))
    assert bar_chords(raw) == ["C", "G7", "C", "G7", "F", "Dm", "G7", "C", "G7", "F"]
    assert [written for _, _, written in raw.written_bars] == [0, 1, 0, 1, 2, 3, 4, 0, 1, 2]


def test_continued_lines_inline_fields_and_comments_keep_each_mark_in_its_bar(tmp_path):
    raw = read_score(abc(tmp_path, '"C"C D E F | [K:G]"F"F G A B |\\\n "G7"G A B c !fine!| "Dm"D4 | % !D.C.!\n'
                                   '"G7"G4 !D.C.!|]\n'))
    assert bar_chords(raw) == ["C", "F", "G7", "Dm", "G7", "C", "F", "G7"]


def test_a_pickup_is_played_again_on_the_da_capo(tmp_path):
    raw = read_score(abc(tmp_path, 'G | "C"C D E F | "F"F4 !fine! | "G7"G3 !D.C.alfine!|]\n'))
    assert chords(raw) == [(1.0, "C"), (5.0, "F"), (9.0, "G7"), (13.0, "C"), (17.0, "F")]
    assert raw.pickup == 1.0


@pytest.mark.parametrize(("music", "written"), [
    ('"C"C D E F "F"F4 !fine! "Dm"D4 "G7"G4 !D.C.alfine!\n', ["C", "F", "Dm", "G7"]),  # no bar lines: no bars
    ('"C"C D E F G A B c | "F"F4 !fine! | "G7"G4 !D.C.alfine!|]\n', ["C", "F", "G7"]),  # music21 splits a bar
])
def test_a_da_capo_that_cannot_be_placed_in_a_bar_is_said_not_to_be_followed(tmp_path, music, written):
    raw = read_score(abc(tmp_path, music))
    assert len(raw.notices) == 1 and raw.notices[0].startswith(NOT_FOLLOWED)
    assert bar_chords(raw) == written and raw.written_bars == []


@pytest.mark.parametrize("music", [
    '|: "C"C D E F | "G7"G A B c :|\n|: "F"F G A B | "C"c B A G "_D.S.":|\n',  # a D.S. with no segno
    '|: !segno!"C"C D E F | "G7"G A B c :|\n|: "F"F G A B | !segno!"C"c B A G !D.S.!:|\n',  # segno written twice
])
def test_a_jump_that_does_not_pair_up_leaves_the_repeats_played_out(tmp_path, music):
    """A D.S. that cannot be followed is said not to be, and the tune's |: :| are still played (they were lost
    with it: the tune was read once through, half its length)."""
    raw = read_score(abc(tmp_path, music))
    assert bar_chords(raw) == ["C", "G7", "C", "G7", "F", "C", "F", "C"]
    assert [written for _, _, written in raw.written_bars] == [0, 1, 0, 1, 2, 3, 2, 3]
    assert raw.notices == ["its D.S. is not followed: it does not pair up with the tune's segno, Fine, coda or "
                           "repeat signs (a D.S. with no segno, say)"]


def test_repeats_that_do_not_pair_up_without_the_jump_either_are_told_once(tmp_path):
    raw = read_score(abc(tmp_path, '"C"C D E F | "G7"G A B c | "F"F4 |: "Dm"D4 |: "C"c4 | "G"G4 !D.C.!|]\n'))
    assert bar_chords(raw) == ["C", "G7", "F", "Dm", "C", "G"] and raw.written_bars == []
    assert raw.notices == ["its D.C. is not followed; its repeats are not written out, so it is read once through "
                           "as written: its repeat signs, endings or D.C./D.S. marks do not pair up (a |: with no "
                           ":| to close it, say)"]


def test_a_jump_that_cannot_be_placed_leaves_the_repeats_played_out(tmp_path):
    raw = read_score(abc(tmp_path, '"C"C D E F G A B c | "F"F4 !fine! |: "G7"G4 | "Dm"D4 :| "C"c4 !D.C.alfine!|]\n'))
    assert bar_chords(raw) == ["C", "F", "G7", "Dm", "G7", "Dm", "C"]  # music21 splits the first bar in two
    assert len(raw.notices) == 1 and raw.notices[0].startswith(NOT_FOLLOWED + ", as it could not be placed")


@pytest.mark.parametrize("name", ["Dc", "Ds"])
def test_a_chord_named_like_d_c_without_its_dots_is_no_jump(tmp_path, name):
    """A chord symbol "Dc" (made up, or a typo) stays where a chord symbol is read; only text with the dots or
    the words, or written as an annotation ("^Dc"), is a D.C. or D.S."""
    music = f'|: "C"C D E F | "G7"G A B c :| "F"F4 | "{name}"D4 |]\n'
    plain = read_score(abc(tmp_path, music.replace(f'"{name}"', '"Xy"'), "plain.abc"))
    raw = read_score(abc(tmp_path, music))
    assert bar_chords(raw) == bar_chords(plain) == ["C", "G7", "C", "G7", "F"]
    assert raw.notices == [f'chord symbol "{name}" not read: the chord before holds']
    for jump in ("^Dc", "DC"):  # an annotation, or capitals as O'Neill's tunes write D.C.
        annotated = read_score(abc(tmp_path, music.replace(f'"{name}"', f'"{jump}"'), "annotated.abc"))
        assert bar_chords(annotated) == ["C", "G7", "C", "G7", "F", "C", "G7", "F"]


def test_a_da_capo_in_a_books_second_tune_leaves_the_first_as_written(tmp_path):
    second = "\nX:2\nT:Two\nM:4/4\nL:1/4\nK:C\n\"C\"C D E F | \"F\"F4 !fine! | \"G7\"G4 !D.C.!|]\n"
    raw = read_score(abc(tmp_path, '"C"C D E F | "F"F4 | "G7"G4 |]\n' + second))
    assert bar_chords(raw) == ["C", "F", "G7"]
    overfull = read_score(abc(tmp_path, '"C"C D E F G A B c | "F"F4 | "G7"G4 |]\n' + second, "overfull.abc"))
    assert bar_chords(overfull) == ["C", "F", "G7"] and overfull.notices == ["holds 2 tunes; read the first, 'Jumps'"]
    first_by_number = read_score(abc(tmp_path, second.replace("X:2", "X:1").lstrip() + "\n"
                                     + HEADER.replace("X:1", "X:2") + '"C"C4 | "F"F4 |]\n', "book2.abc", header=""))
    assert bar_chords(first_by_number) == ["C", "F", "G7", "C", "F"]


def test_marks_without_a_da_capo_or_text_that_is_no_mark_change_nothing(tmp_path):
    plain = read_score(abc(tmp_path, '|: "C"C D E F | "G7"G A B c :| "F"F4 | "C"c4 |]\n', "plain.abc"))
    marked = read_score(abc(tmp_path, '|: !segno!"C"C D E F | "G7"G A B c :| "^Fine ending""F"F4 !fine!| "C"c4 |]\n',
                            "marked.abc"))
    assert chords(marked) == chords(plain) and marked.written_bars == plain.written_bars
    assert marked.notices == plain.notices == []


def junk_archive(tmp_path):
    path = tmp_path / "damaged.mxl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("junk.txt", "not a score")
    return path


def test_a_mxl_with_no_score_inside_is_refused_in_words(tmp_path):
    with pytest.raises(FileProblem, match="is not a MusicXML archive: no score inside .*junk.txt"):
        read_score(junk_archive(tmp_path))
    result = run_encore("jazz", "inspect", str(junk_archive(tmp_path)))
    assert result.returncode == 2 and "TypeError" not in result.stderr
    assert result.stderr.strip().splitlines() == [
        f"encore: error: {junk_archive(tmp_path)}: is not a MusicXML archive: no score inside (no .musicxml or "
        ".xml file; it holds junk.txt)"]


def test_plain_musicxml_named_mxl_is_still_read(tmp_path):
    score = tmp_path / "plain.mxl"
    score.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<score-partwise version="4.0"><part-list>'
                     '<score-part id="P1"><part-name>M</part-name></score-part></part-list><part id="P1">'
                     '<measure number="1"><attributes><divisions>1</divisions><time><beats>4</beats>'
                     '<beat-type>4</beat-type></time></attributes><note><pitch><step>C</step><octave>5</octave>'
                     '</pitch><duration>4</duration><type>whole</type></note></measure></part></score-partwise>\n',
                     encoding="utf-8")
    assert [e.names for e in read_score(score).parts[0].events] == [("C5",)]
