"""Every edit of the drafted setlist as an undo command: move, insert, delete, segue, lock, swap, regenerate,
a set added or removed.

Commands know positions, not widgets: each one changes the shared Setlist through the SetlistModel's
`apply_*` methods, so the views follow and undo restores exactly what was there.
"""

from __future__ import annotations

import copy

from PySide6.QtGui import QUndoCommand

from engine.setlists.history import SET_LABEL, is_encore, set_name
from engine.setlists.setlist import SEGUE_MARKS, TRANSITIONS, Entry, Set, Setlist

Slot = tuple[int, int]  # (set number, position in the set)


class MoveSong(QUndoCommand):
    def __init__(self, model, src: Slot, dst: Slot, song: str):
        super().__init__(f"Move {song}")  # named by the caller: `src` may exist only once earlier moves ran
        self.model, self.src, self.dst = model, src, dst

    def redo(self):
        self.model.apply_move(self.src, self.dst)

    def undo(self):
        self.model.apply_move(self.dst, self.src)


class InsertSong(QUndoCommand):
    def __init__(self, model, where: Slot, entry: Entry):
        super().__init__(f"Add {entry.song}")
        self.model, self.where, self.entry = model, where, entry

    def redo(self):
        self.model.apply_insert(self.where, copy.deepcopy(self.entry))

    def undo(self):
        self.model.apply_remove(self.where)


class DeleteSong(QUndoCommand):
    """One song deleted, the selection left to Qt; the editor's Del is DeleteSongs."""

    def __init__(self, model, where: Slot):
        self.model, self.where = model, where
        self.entry = copy.deepcopy(model.setlist.sets[where[0]].entries[where[1]])
        super().__init__(f"Delete {self.entry.song}")

    def redo(self):
        self.model.apply_remove(self.where)

    def undo(self):
        self.model.apply_insert(self.where, copy.deepcopy(self.entry))


class DeleteSongs(QUndoCommand):
    """The selected songs deleted as one step. Redo selects the song in the first one's place, so Del goes on;
    undo selects the songs that came back, so the user sees what Ctrl+Z restored."""

    def __init__(self, model, slots: list[Slot]):
        self.model, self.slots = model, sorted(slots)
        self.entries = [copy.deepcopy(_entry(model, w)) for w in self.slots]
        super().__init__(f"Delete {self.entries[0].song}" if len(self.slots) == 1 else "Delete songs")

    def redo(self):
        for where in reversed(self.slots):  # highest positions first, so the earlier ones keep their places
            self.model.apply_remove(where)
        after = nearest_song(self.model.setlist, self.slots[0])
        self.model.selection_wanted.emit([after] if after else [])

    def undo(self):
        for where, entry in zip(self.slots, self.entries, strict=True):
            self.model.apply_insert(where, copy.deepcopy(entry))
        self.model.selection_wanted.emit(self.slots)


class EditEntry(QUndoCommand):
    """Change fields of one entry (song, transition, locked, probability, alternatives)."""

    def __init__(self, model, where: Slot, text: str, **changes):
        super().__init__(text)
        self.model, self.where, self.changes, self.old = model, where, changes, None

    def redo(self):
        self.old = self.model.apply_fields(self.where, self.changes)

    def undo(self):
        self.model.apply_fields(self.where, self.old)


class ReplaceShow(QUndoCommand):
    """A whole new content for the setlist: a generated show, or the unlocked songs regenerated."""

    def __init__(self, model, content: Setlist, text: str):
        super().__init__(text)
        self.model = model
        self.before = copy.deepcopy(model.setlist)
        self.after = copy.deepcopy(content)

    def redo(self):
        self.model.apply_content(self.after)

    def undo(self):
        self.model.apply_content(self.before)


class ChangeSets(ReplaceShow):
    """A set added or removed: the whole show before and after, so that undo brings back a removed set's songs,
    marks, odds and locks exactly. `songs_of`: the set whose songs undo selects (a removed one's came back)."""

    def __init__(self, model, sets: list[Set], text: str, songs_of: int | None = None):
        content = copy.copy(model.setlist)  # the date, venue and meta as they are: only the sets change
        content.sets = sets
        super().__init__(model, content, text)
        self.songs_of = songs_of

    def undo(self):
        super().undo()
        if self.songs_of is not None:
            count = len(self.model.setlist.sets[self.songs_of].entries)
            self.model.selection_wanted.emit([(self.songs_of, j) for j in range(count)])


def _entry(model, where: Slot) -> Entry:
    return model.setlist.sets[where[0]].entries[where[1]]


def toggle_transition(model, slots: list[Slot]) -> None:
    """',' -> '>' -> '->' -> ','. Several songs go together, as one undo step, to the mark after the first
    one's: a run of songs selected to segue into each other then needs one key, not one per song. An unknown
    mark (blank, as a stop is) goes on as a stop would, to '>': the first press shows a change."""
    if not slots:
        return
    mark = _entry(model, slots[0]).transition
    mark = mark if mark in TRANSITIONS else ","
    following = TRANSITIONS[(TRANSITIONS.index(mark) + 1) % len(TRANSITIONS)]
    changing = [w for w in slots if _entry(model, w).transition != following]  # the first always changes
    _macro(model, f"Mark {following}",
           [EditEntry(model, w, f"Mark {following}", transition=following) for w in changing])


def set_locked(model, slots: list[Slot], locked: bool) -> None:
    changing = [w for w in slots if _entry(model, w).locked != locked]  # a no-op is no undo step
    _macro(model, "Lock" if locked else "Unlock",
           [EditEntry(model, w, "Lock" if locked else "Unlock", locked=locked) for w in changing])


def swap_alternative(model, where: Slot, choice: int) -> None:
    """Put alternative `choice` in the slot; the song it replaces takes its place in the alternatives."""
    entry = _entry(model, where)
    song, probability = entry.alternatives[choice]
    alternatives = list(entry.alternatives)
    alternatives[choice] = (entry.song, entry.probability if entry.probability is not None else 0.0)
    model.undo_stack.push(EditEntry(model, where, f"Swap in {song}", song=song, probability=probability,
                                    alternatives=alternatives))


def delete_songs(model, slots: list[Slot]) -> None:
    if not slots:
        return
    after = [list(s.entries) for s in model.setlist.sets]
    for set_index, position in sorted(slots, reverse=True):
        del after[set_index][position]
    deleting = DeleteSongs(model, slots)
    _macro(model, deleting.text(), [deleting, *_set_ends(model, after)])


def _set_ends(model, after: list[list[Entry]], moved: list[Entry] = ()) -> list[QUndoCommand]:
    """A stop for each song left last in its set, with a segue mark, because the song after it went away
    (``after``: the sets' songs once the edit ran), in the edit's undo step so that undo brings the mark back:
    it led into that song. A song that was already last keeps its mark (a set still being built), and so does a
    song ``moved``: its mark is the user's, and Alt+Down through a set's end stripped it on the way."""
    ends = []
    for set_index, (songs, before) in enumerate(zip(after, model.setlist.sets, strict=True)):
        last = songs[-1] if songs else None
        if last is None or last.transition not in SEGUE_MARKS or any(last is e for e in moved):
            continue
        if not (before.entries and before.entries[-1] is last):
            ends.append(EditEntry(model, (set_index, len(songs) - 1), "End the set", transition=","))
    return ends


def nearest_song(setlist: Setlist, where: Slot) -> Slot | None:
    """The song now at `where`, else its set's last one, else the next set's first or the one before's last;
    None for a show with no song left."""
    set_index, position = where
    sets = setlist.sets
    count = len(sets[set_index].entries)
    if count:
        return set_index, min(position, count - 1)
    later = [(i, 0) for i in range(set_index + 1, len(sets)) if sets[i].entries]
    earlier = [(i, len(sets[i].entries) - 1) for i in range(set_index - 1, -1, -1) if sets[i].entries]
    return (later + earlier or [None])[0]


def move_songs(model, slots: list[Slot], target: Slot) -> None:
    """Move the songs at `slots` (in order) to `target`, given as a position before they move. A drop where the
    songs already are is no undo step."""
    entries = [_entry(model, w) for w in slots]
    after = [list(s.entries) for s in model.setlist.sets]
    moves = _moves(after, entries, target)
    if moves:
        _macro(model, "Move songs" if len(entries) > 1 else f"Move {entries[0].song}",
               [*(MoveSong(model, src, dst, entry.song) for src, dst, entry in moves),
                *_set_ends(model, after, entries)])


def step_target(setlist: Setlist, where: Slot, step: int) -> tuple[Slot, Slot] | None:
    """A song one place up (step -1) or down (1): (the target move_songs reads, where the song lands). Past its
    set's first or last song it goes to the end of the set before or the start of the one after, as a drop
    there would; None at the show's very first or last place."""
    set_index, position = where
    sets = setlist.sets
    if 0 <= position + step < len(sets[set_index].entries):
        landing = set_index, position + step
        return (set_index, position + 2 if step > 0 else position - 1), landing  # read before the song leaves
    if 0 <= set_index + step < len(sets):
        beside = set_index + step
        landing = beside, len(sets[beside].entries) if step < 0 else 0
        return landing, landing
    return None


def move_song_step(model, where: Slot, step: int) -> Slot | None:
    """The song at `where` one place up or down (step_target) as the one undo step a drag makes; where it
    landed, or None where it could go no further (and no undo step was made)."""
    found = step_target(model.setlist, where, step)
    if found is None:
        return None
    move_songs(model, [where], found[0])
    return found[1]


def _moves(sets: list[list[Entry]], entries: list[Entry], target: Slot) -> list[tuple[Slot, Slot, Entry]]:
    """The (from, to, entry) steps that put `entries` in order at `target`, each taken in the order left by the
    last (``sets`` is a scratch copy of the set lists, moved along)."""
    set_index, position = target
    moves = []
    for entry in entries:
        src = next((i, j) for i, songs in enumerate(sets) for j, e in enumerate(songs) if e is entry)
        if src[0] == set_index and src[1] < position:
            position -= 1
        if src != (set_index, position):
            moves.append((src, (set_index, position), entry))
            sets[set_index].insert(position, sets[src[0]].pop(src[1]))
        position += 1
    return moves


def _macro(model, text: str, commands: list[QUndoCommand]) -> None:
    if not commands:  # an empty macro would still be an undo step
        return
    if len(commands) == 1:
        model.undo_stack.push(commands[0])
        return
    model.undo_stack.beginMacro(text)
    for command in commands:
        model.undo_stack.push(command)
    model.undo_stack.endMacro()


def add_set(model, encore: bool = False) -> int | None:
    """An empty set added as one undo step (Regenerate fills it at its usual length): the next numbered set
    after the last set that is not an encore (Set 3 after Set 2), or the next encore at the end (Encore, then
    Encore 2). Its place, or None for no show, or a 100th set that no CSV could label."""
    sets = model.setlist.sets
    if not sets:
        return None
    kind = 2 if encore else 1  # SET_LABEL's group: a set's number, or an encore's
    number = max((_number(s.name, kind) for s in sets), default=0) + 1
    name = set_name(f"E{number}" if encore else str(number))  # None past 99
    if name is None:
        return None
    where = len(sets) if encore else max((i + 1 for i, s in enumerate(sets) if not is_encore(s.name)), default=0)
    model.undo_stack.push(ChangeSets(model, sets[:where] + [Set(name)] + sets[where:], f"Add {name}"))
    return where


def remove_set(model, set_index: int) -> None:
    """The set and its songs gone as one undo step; the later sets of its kind take its number and those
    after (Set 3 becomes Set 2), as the band would call them. A show keeps one set: its songs can go, and
    typing adds to it."""
    sets = model.setlist.sets
    if len(sets) < 2 or not 0 <= set_index < len(sets):
        return
    gone = sets[set_index]
    kept = [copy.deepcopy(s) for s in sets]  # the show before stays as it was, for undo
    del kept[set_index]
    for kind in (1, 2):
        number = _number(gone.name, kind)
        for s in kept[set_index:]:
            later = _number(s.name, kind)
            if number and later > number:
                s.name = set_name(f"E{later - 1}" if kind == 2 else str(later - 1))
    model.undo_stack.push(ChangeSets(model, kept, f"Remove {gone.name}", songs_of=set_index))


def _number(name: str, kind: int) -> int:
    """A set's number (kind 1: Set 2 is 2) or an encore's (kind 2: Encore is 1), 0 for a set of the other kind
    or a name of the band's own."""
    found = SET_LABEL.fullmatch(name.strip())
    if found is None or (kind == 1) != bool(found.group(1)):
        return 0
    return int(found.group(kind) or 1)
