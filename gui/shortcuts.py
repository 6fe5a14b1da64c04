"""Help > Keyboard Shortcuts: every key the window answers to, read from the menus' actions and from the
key tables the workspaces bind, never written out a second time."""

from __future__ import annotations

import re
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout

# What a filter may name keys by ('ctrl+s', 'Del', 'F2'): Qt's portable names, lower-case, and the other
# names people type for them. A named key is also a word ("left", "end"): those match the actions' whole words.
MODIFIERS = {Qt.ControlModifier: "ctrl", Qt.ShiftModifier: "shift", Qt.AltModifier: "alt", Qt.MetaModifier: "meta"}
KEY_NAMES = {*MODIFIERS.values(), "del", "backspace", "esc", "tab", "space", "enter", "return", "home", "end",
             "pgup", "pgdown", "ins", "up", "down", "left", "right", *(f"f{n}" for n in range(1, 36))}
ALIASES = {"delete": "del", "escape": "esc", "insert": "ins", "pageup": "pgup", "pagedown": "pgdown",
           "pgdn": "pgdown", "cmd": "ctrl", "command": "ctrl", "option": "alt", "opt": "alt",
           "control": "meta" if sys.platform == "darwin" else "ctrl"}  # Qt's Ctrl is a Mac's Command key


def key_text(keys) -> str:
    """Keys as this platform writes them (Ctrl+Z, or ⌘Z on a Mac)."""
    return QKeySequence(keys).toString(QKeySequence.NativeText)


def menu_rows(menubar) -> list[tuple[str, str]]:
    """(keys, 'Menu › Item') for every menu item with a shortcut, in menu order."""
    rows = []

    def walk(menu, path):
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), [*path, action.menu().title()])
            elif action.shortcuts() and action.shortcutContext() != Qt.WidgetShortcut:  # a page's key: in its table
                # An undo item's text names the last edit; its what's-this says what the item does.
                what = action.whatsThis() or action.text()
                rows.append((" / ".join(key_text(k) for k in action.shortcuts()),
                             " › ".join(p.replace("&", "") for p in [*path, what])))

    for action in menubar.actions():
        if action.menu() is not None:
            walk(action.menu(), [action.menu().title()])
    return rows


def sections(window) -> list[tuple[str, list[tuple[str, str]]]]:
    """(where, [(keys, what they do)]): the menus first, then the jobs' key, then each workspace's own keys and
    those of the playback buttons it holds."""
    from .audio.transport import KEYS as TRANSPORT_KEYS
    from .audio.transport import Transport
    from .jobs import KEYS as JOB_KEYS

    found = [("Menus (everywhere)", menu_rows(window.menuBar())), ("While a job runs (on its page)", _rows(JOB_KEYS))]
    for page in window.workspaces:
        found += [(f"{page.title}: {where}", _rows(table)) for where, table in page.shortcuts()]
        if page.findChildren(Transport):
            found.append((f"{page.title}: Playback buttons", _rows(TRANSPORT_KEYS)))
    return found


def _rows(table) -> list[tuple[str, str]]:
    return [(" / ".join(key_text(name) for name in entry[0]), entry[1]) for entry in table]


class ShortcutsDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setWindowTitle("Keyboard Shortcuts")
        self.resize(720, 560)
        self.filter = QLineEdit(placeholderText="Find a key or an action", clearButtonEnabled=True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Keys", "Does"])
        self.tree.setRootIsDecorated(False)
        for where, rows in sections(window):
            heading = QTreeWidgetItem(self.tree, [where])
            heading.setFirstColumnSpanned(True)
            font = heading.font(0)
            font.setBold(True)
            heading.setFont(0, font)
            for keys, what in rows:
                QTreeWidgetItem(heading, [keys, what])
        self.tree.expandAll()
        self.tree.resizeColumnToContents(0)
        self.filter.textChanged.connect(self.show_matching)
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)

    def show_matching(self, text: str) -> None:
        """Hide the rows that match neither in keys nor in words, and the headings left empty. A filter that
        names keys ('ctrl+s', 'Del') matches whole keys: 'del' found Models…, 'ctrl+s' every Ctrl+Shift key."""
        needle = text.strip().lower()
        keys = named_keys(needle)
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            shown = 0
            for j in range(heading.childCount()):
                row = heading.child(j)
                if keys is None:
                    hit = not needle or needle in row.text(0).lower() or needle in row.text(1).lower()
                else:
                    hit = any(keys <= combo for combo in key_combos(row.text(0))) or (
                        "+" not in needle and re.search(rf"\b{re.escape(needle)}\b", row.text(1).lower()) is not None)
                row.setHidden(not hit)
                shown += hit
            heading.setHidden(shown == 0)

    def rows(self) -> list[tuple[str, str, str]]:
        """(where, keys, what) of the rows shown, for tests and for anyone reading the table aloud."""
        found = []
        for i in range(self.tree.topLevelItemCount()):
            heading = self.tree.topLevelItem(i)
            for j in range(heading.childCount()):
                row = heading.child(j)
                if not row.isHidden() and not heading.isHidden():
                    found.append((heading.text(0), row.text(0), row.text(1)))
        return found


def named_keys(needle: str) -> frozenset[str] | None:
    """The keys a filter names, as key_combos writes them ('ctrl+s': ctrl and s); None for plain words."""
    names = [ALIASES.get(name.strip(), name.strip()) for name in needle.split("+")]
    if "+" not in needle and names[0] not in KEY_NAMES:
        return None
    return frozenset(filter(None, names)) or None  # 'ctrl+' while typing: the Ctrl keys


def key_combos(keys: str) -> list[set[str]]:
    """Each key combination a row's keys column shows ('Ctrl+Shift+Del / Ctrl+Y'), as the set of its
    modifiers' and key's portable names: {'ctrl', 'shift', 'del'}, {'ctrl', 'y'}."""
    combos = []
    for part in keys.split(" / "):
        sequence = QKeySequence.fromString(part, QKeySequence.NativeText)
        for i in range(sequence.count()):
            combo = sequence[i]
            key = QKeySequence(combo.key()).toString(QKeySequence.PortableText).lower()
            combos.append({name for flag, name in MODIFIERS.items() if combo.keyboardModifiers() & flag} | {key})
    return combos
