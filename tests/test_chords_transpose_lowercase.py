"""The Chords field's ♯ and ♭ over a chart with lowercase roots: the chart reader reads no g7 (it asks for G7), so
transpose leaves such words as typed; a transpose that moves nothing ('c7 | f7') made an empty "Transpose chords
up" undo step and said nothing."""

import pytest
from PySide6.QtWidgets import QWidget

from engine.errors import EncoreError
from engine.jazz.progression import parse_progression
from gui.jazz.generation_panel import NOTHING_TO_TRANSPOSE, GenerationPanel


@pytest.fixture
def panel(qtbot):
    holder = QWidget()  # the panel's parent: qtbot closes and deletes it, this frame holds it until then
    qtbot.addWidget(holder)
    yield GenerationPanel(holder)


def steps(stack) -> list[str]:
    return [stack.command(i).text() for i in range(stack.count())]


def test_the_chart_reader_reads_no_lowercase_root():
    with pytest.raises(EncoreError, match="a root is a capital letter: G7"):
        parse_progression("Dm7 g7 | C^7")


def test_a_transpose_that_moves_nothing_makes_no_undo_step_and_says_why(panel):
    said = []
    panel.message.connect(said.append)
    panel.chords.setText("c7 | f7")  # set in code: no step
    sharp = panel.key_buttons[1]
    assert sharp.isEnabled()
    sharp.click()
    assert panel.chords.text() == "c7 | f7"
    assert steps(panel.chords.undo_stack) == []
    assert said == [NOTHING_TO_TRANSPOSE]


def test_capital_roots_move_and_lowercase_words_stay_as_typed_in_one_step(panel):
    said = []
    panel.message.connect(said.append)
    panel.chords.setText("Dm7 g7 | c^7")
    panel.key_buttons[1].click()
    assert panel.chords.text() == "Ebm7 g7 | c^7"
    assert steps(panel.chords.undo_stack) == ["Transpose chords up"]
    assert said == []
