"""engine/ never imports Qt (every engine module imports with Qt blocked), nor do the worker threads' gui/*/tasks.py."""

import subprocess
import sys

from conftest import ROOT

QT_MODULES = ("PySide6", "PyQt5", "PyQt6", "shiboken6", "pyqtgraph")
BLOCK_QT = r"""
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in QT_MODULES:
            raise ImportError(f'engine imported {name}')
sys.meta_path.insert(0, BlockQt())
import engine
names = [m.name for m in pkgutil.walk_packages(engine.__path__, 'engine.')]
for name in names:
    importlib.import_module(name)
assert not any(m.startswith('PySide6') for m in sys.modules)
print(len(names))
""".replace("QT_MODULES", repr(QT_MODULES))


def test_every_engine_module_imports_without_qt():
    result = subprocess.run([sys.executable, "-c", BLOCK_QT], cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 8  # the walk really found the engine's modules


def test_the_blocker_catches_a_qt_import():
    """The check above can fail: an engine-like import of PySide6 is refused."""
    probe = BLOCK_QT.split("import engine")[0] + "import PySide6.QtCore\n"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode != 0 and "engine imported PySide6" in result.stderr


def test_no_worker_task_module_imports_qt():
    """gui/*/tasks.py hold the functions the worker thread runs: none of them may import a Qt module. The Jazz
    warm-up imported pyqtgraph there (its module code touches PySide6) while the GUI thread built widgets, and
    CI died of a segmentation fault."""
    import ast

    modules = sorted((ROOT / "gui").glob("*/tasks.py"))
    assert len(modules) >= 2  # the Jazz and Setlists pages' tasks
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            assert not {n.split(".")[0] for n in names} & set(QT_MODULES), f"{path.name} line {node.lineno} imports {names}"
