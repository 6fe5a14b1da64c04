"""The command line: `python main.py <group> <command>`. Everything the window does is reachable here.

Group modules register their commands in `register(subparsers)` and must import heavy libraries (torch,
music21, gensim) only inside their handlers, so that `--help` and start-up stay fast.
"""

from __future__ import annotations

import argparse
import errno
import os
import signal
import sys
import threading
from contextlib import contextmanager

from . import __version__
from .errors import EncoreError
from .jobs import Cancelled

EPILOG = """command groups:
  jazz      import jazz solos, train the LSTM, improvise over any chords, export (python main.py jazz --help)
  setlist   import a band's history, train, evaluate, draft the next show (python main.py setlist --help)
  render    render a MIDI file to WAV with a General MIDI SoundFont (python main.py render --help)
  models    list or delete the models kept from each training in the window (python main.py models --help)

With no command, the window opens, and opens each FILE named (solos, an iReal Pro chart, a band's history,
a project) as a drop of it on the window does. Errors print one line and exit with status 2."""

USAGE = """%(prog)s [-h] [--version] [--screenshot FILE.png] [--page {jazz,setlists}] [FILE ...]
       %(prog)s {jazz,setlist,render,models} ..."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line (exit 2) rather than the usage block."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")

    def parse_known_args(self, args=None, namespace=None):
        """An empty value ('--chords ""', '--out ""') is refused here: read as absent it silently did something
        else (the source's chords, a whole new solo), and read as a path it named the current folder."""
        namespace, extras = super().parse_known_args(args, namespace)
        for action in self._actions:
            value = getattr(namespace, action.dest, None)
            values = value if isinstance(value, list) else [value]
            if value != action.default and any(isinstance(v, str) and not v.strip() for v in values):
                self.error(f"{'/'.join(action.option_strings) or action.metavar or action.dest} was given an empty value")
        return namespace, extras


def build_parser() -> argparse.ArgumentParser:
    from . import model_store
    from .audio import cli as audio_cli
    from .jazz import cli as jazz_cli
    from .setlists import cli as setlist_cli

    parser = _Parser(prog="encore", usage=USAGE, description="Encore: a desktop studio for jazz "
                     "improvisation and setlist prediction.", epilog=EPILOG,
                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"Encore {__version__}")
    parser.add_argument("--screenshot", metavar="FILE.png",
                        help="render the main window offscreen to a picture (.png, .jpg, .jpeg or .bmp) and exit")
    parser.add_argument("--page", choices=["jazz", "setlists"],
                        help="workspace to show first (in the window or its --screenshot)")
    sub = parser.add_subparsers(dest="group", metavar="{jazz,setlist,render,models}", parser_class=_Parser,
                                prog=parser.prog)  # "encore setlist stats", not the usage above before it
    jazz_cli.register(sub)
    setlist_cli.register(sub)
    audio_cli.register(sub)
    model_store.register(sub)
    return parser


def split_files(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[str]]:
    """The words for the parser, and the files named for the window: `encore --page jazz song.mid`. A
    command's words (`setlist stats`) all go to the parser, and so does a first word that names no file, so
    that a mistyped command is still told it is one."""
    groups = next(a.choices for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    valued = [s for a in parser._actions if a.option_strings and a.nargs != 0 for s in a.option_strings]
    words, files, i = [], [], 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            files += argv[i + 1:]
            break
        if word.startswith("-") and word != "-":
            # '--page setlists' and '--pa setlists' are one option and its value, '--page=setlists' one word
            long = word.startswith("--") and "=" not in word
            takes_value = int(long and any(s.startswith(word) for s in valued))
            words += argv[i:i + 1 + takes_value]
            i += takes_value
        elif not files and (word in groups or not _names_a_file(word)):
            return argv, []
        else:
            files.append(word)
        i += 1
    return words, files


def _names_a_file(word: str) -> bool:
    """'song.mid', './Blues' or an existing 'Blues': a file; 'setlsit' (a mistyped group): not."""
    in_folder = any(sep and sep in word for sep in (os.sep, os.altsep))
    return os.path.exists(word) or bool(os.path.splitext(word)[1]) or in_folder


class Stopped(KeyboardInterrupt):
    """SIGTERM (a kill, a logout) or SIGHUP (the terminal closed), raised where Ctrl-C raises KeyboardInterrupt:
    every cleanup Ctrl-C gets (a half-written file deleted, an earlier model put back) then happens for them,
    where the system's own ending of the process left a hidden `.NAME.part` file of hundreds of MB behind."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


def run_command(args: argparse.Namespace) -> int:
    """Run a parsed command; user errors become one line on stderr and status 2, Ctrl-C 130, a kill or a
    closed terminal 128 + the signal's number (143, 129), as a shell reports a process the signal ended."""
    received: list[int] = []
    status = 0
    try:
        with _stop_signals_as_ctrl_c(received):
            status = _run(args)
    except Stopped:  # after the command's own handlers: its work was done, and nothing is left to clean
        pass
    return 128 + received[0] if received else status


@contextmanager
def _stop_signals_as_ctrl_c(received: list[int]):
    """SIGTERM and SIGHUP raise Stopped while a command runs, the first one only: a second (bash passes a
    hang-up on to its jobs as the terminal sends its own) must not cut short the cleanup the first began. A
    signal ignored when Encore started (`nohup`) stays ignored; the window keeps Qt's own handling."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread may set handlers
        yield
        return

    def stop(signum, frame):
        if not received:
            received.append(signum)
            raise Stopped(signum)

    earlier = {s: signal.getsignal(s) for s in STOP_SIGNALS}
    caught = [s for s, handler in earlier.items() if handler == signal.SIG_DFL]
    try:
        for s in caught:
            signal.signal(s, stop)
        yield
    finally:
        for s in caught:
            signal.signal(s, earlier[s])


def _say(line: str) -> None:
    """A last line on stderr, which a closed terminal refuses: the exit status still says what happened."""
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError):
        pass


def _run(args: argparse.Namespace) -> int:
    import warnings

    if not os.environ.get("ENCORE_DEBUG"):  # music21 warns about what it mends in a score, before our one line
        warnings.filterwarnings("ignore", module=r"music21(\.|$)")
    real_stdout, sys.stdout = sys.stdout, _Stdout(sys.stdout)
    try:
        status = int(args.handler(args) or 0)
        sys.stdout.flush()  # a full disk refuses the buffered result here, not at exit where no one reports it
        return status
    except EncoreError as e:
        where = f"{_cut(e.path)}: " if e.path else ""
        print(f"encore: error: {where}{e.problem}", file=sys.stderr)
    except Cancelled:
        print("encore: cancelled", file=sys.stderr)
        return 130
    except Stopped as e:
        _say(f"\nencore: stopped ({signal.Signals(e.signum).name})")
        return 128 + e.signum
    except KeyboardInterrupt:
        print("\nencore: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # a file the system refuses (a name too long, no permission): say which, in words
        if os.environ.get("ENCORE_DEBUG"):
            raise
        where = f"{_cut(str(e.filename))}: " if e.filename else ""
        print(f"encore: error: {where}{e.strerror or e}", file=sys.stderr)
    except Exception as e:  # noqa: BLE001 - the contract is one line, never a traceback
        if os.environ.get("ENCORE_DEBUG"):
            raise
        print(f"encore: error: {type(e).__name__}: {e} (set ENCORE_DEBUG=1 for details)", file=sys.stderr)
    finally:
        sys.stdout = real_stdout
    return 2


def _cut(path: str) -> str:
    """A path as the one line of an error shows it: a 5,000-character name cut in the middle."""
    return path if len(path) < 200 else f"{path[:100]}…{path[-40:]}"


class _Stdout:
    """Standard output that names itself when the system refuses it: a result printed to /dev/full said only
    "No space left on device", and with stdout closed (`>&-`, where Python makes it None) a --json command
    printed nothing and exited 0."""

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._call("write", text)

    def flush(self) -> None:
        self._call("flush")

    def _call(self, name: str, *args):
        if self._stream is None:
            raise OSError(errno.EBADF, "closed", "standard output")
        try:
            return getattr(self._stream, name)(*args)
        except OSError as e:
            raise type(e)(e.errno, e.strerror, "standard output") from None

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the result as JSON")


def add_seed_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=_seed, default=0, help="random seed, 0 to 4294967295 (default 0)")


def _seed(text: str) -> int:
    """numpy's and Python's generators take 0 to 2**32 - 1; torch takes more, but one range for every command."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 0 <= value < 2**32:
        raise argparse.ArgumentTypeError(f"{value} is outside 0-4294967295")
    return value
