"""Every way a user's file gets into Encore, with small real seed files, for the trust tests and the fuzzer.

An `Importer` places hostile bytes where Encore would find them (a file with the right suffix, or one file
of a model folder) and opens it through the same entry point the CLI and the window use. `verdict()` says
whether Encore behaved: it returned, or it raised its own `EncoreError` naming the file, within the time
bound. Importers whose module has not landed yet are left out, not failed.
"""

from __future__ import annotations

import importlib
import io
import json
import signal
import traceback
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable


class Hang(BaseException):
    """Raised by the alarm: a BaseException so importers' broad `except Exception` cannot swallow it."""


@dataclass
class Importer:
    name: str
    entry: str  # "module:function", called with the path
    suffix: str
    seeds: Callable[[], list[bytes]]
    place: str = ""  # for model folders: which file of the folder gets the bytes
    model_files: Callable[[], dict[str, bytes]] | None = None  # the rest of a valid model folder

    def function(self):
        module, _, attr = self.entry.partition(":")
        found = importlib.import_module(module)
        for part in attr.split("."):  # "JazzModel.load"
            found = getattr(found, part)
        return found

    def available(self) -> bool:
        try:
            self.function()
        except (ImportError, AttributeError):
            return False
        return True

    def write(self, folder: Path, data: bytes) -> tuple[Path, Path]:
        """Put the bytes in place; returns (what to open, the file holding the bytes)."""
        if not self.place:
            path = folder / f"input{self.suffix}"
            path.write_bytes(data)
            return path, path
        model = folder / "model"
        model.mkdir(exist_ok=True)
        for name, content in (self.model_files or default_model_files)().items():
            (model / name).write_bytes(data if name == self.place else content)
        return model, model / self.place


def _call(importer: Importer, path: Path):
    fn = importer.function()
    return fn([path]) if importer.entry.endswith(("load_histories", "load_history")) else fn(path)


def verdict(importer: Importer, folder: Path, data: bytes, seconds: float = 10.0) -> str | None:
    """None if Encore behaved; otherwise a one-paragraph finding (exception, traceback's last frames)."""
    kind, detail = outcome(importer, folder, data, seconds)
    return detail if kind == "finding" else None


def outcome(importer: Importer, folder: Path, data: bytes, seconds: float = 10.0) -> tuple[str, str]:
    """("accepted", ""), ("refused", Encore's message) or ("finding", what went wrong)."""
    from engine.errors import EncoreError

    target, holder = importer.write(folder, data)
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        _call(importer, target)
    except EncoreError as e:
        if str(target) not in str(e) and str(holder) not in str(e):
            return "finding", f"EncoreError does not name the file: {e}"
        return "refused", str(e)
    except Hang:
        return "finding", f"no answer within {seconds:.0f} s (hang)"
    except BaseException as e:  # noqa: BLE001 - the point of the test is to catch anything that escapes
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        return "finding", f"{type(e).__name__}: {str(e)[:300]}\n" + "".join(traceback.format_exc(limit=-4))
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return "accepted", ""


def _alarm(signum, frame):
    raise Hang()


# ---- seed files: small, real, made with the libraries Encore reads them with ----

@lru_cache(maxsize=1)
def midi_seeds() -> list[bytes]:
    import mido

    def song(tracks: int, ticks: int, tempo: int, notes: list[tuple[int, int]]) -> bytes:
        mid = mido.MidiFile(type=1 if tracks > 1 else 0, ticks_per_beat=ticks)
        for t in range(tracks):
            track = mido.MidiTrack([mido.MetaMessage("track_name", name=f"part {t}"),
                                    mido.MetaMessage("set_tempo", tempo=tempo),
                                    mido.Message("program_change", program=t * 8, channel=t)])
            for key, length in notes:
                track.append(mido.Message("note_on", note=key + t * 7, velocity=90, channel=t))
                track.append(mido.Message("note_off", note=key + t * 7, time=length, channel=t))
            track.append(mido.Message("control_change", control=64, value=127, channel=t))
            track.append(mido.Message("pitchwheel", pitch=2000, channel=t))
            mid.tracks.append(track)
        out = io.BytesIO()
        mid.save(file=out)
        return out.getvalue()

    return [song(1, 480, 500000, [(60, 240), (62, 240), (64, 480)]),
            song(2, 96, 400000, [(67, 48), (69, 24), (71, 72), (72, 96)]),
            song(3, 960, 600000, [(48 + i, 120) for i in range(12)])]


@lru_cache(maxsize=1)
def musicxml_seeds() -> list[bytes]:
    from music21 import harmony, meter, note, stream
    from music21.musicxml.m21ToXml import GeneralObjectExporter

    part = stream.Part([meter.TimeSignature("4/4"), harmony.ChordSymbol("Dm7"), note.Note("D5", quarterLength=1),
                        note.Note("F5", quarterLength=0.5), note.Note("A5", quarterLength=0.5),
                        harmony.ChordSymbol("G7"), note.Note("B4", quarterLength=2), note.Rest(quarterLength=1)])
    return [GeneralObjectExporter(stream.Score([part])).parse()]


ABC = b"""X:1
T:Seed Blues
M:4/4
L:1/8
K:Bb
"Bb7"B2 d2 f2 ^g2|"Eb7"a4 g2 f2|"Bb7"(3def d2 B4|"F7"c8|]
"""

CSV = b"""show_id,show_date,venue,set,position,song,transition
1,2024-07-01,The Hall,1,1,Opener,>
1,2024-07-01,The Hall,1,2,Second Song,","
1,2024-07-01,The Hall,E,3,Encore Song,","
2,2024-07-03,The Barn,1,1,Second Song,->
2,2024-07-03,The Barn,2,2,Opener,","
"""


def phishnet_seed() -> bytes:
    rows = [{"showid": 7, "showdate": "2023-08-01", "venue": "Arena", "city": "Town", "state": "ST",
             "set": s, "position": i + 1, "song": song, "trans_mark": mark}
            for i, (s, song, mark) in enumerate([("1", "Chalk Dust", ">"), ("1", "Bouncing", ","),
                                                 ("2", "Tweezer", "->"), ("e", "Tweeprise", ",")])]
    return json.dumps({"error": False, "error_message": "", "data": rows}).encode()


def setlistfm_seed() -> bytes:
    show = {"id": "63de4613", "eventDate": "23-08-2022", "artist": {"name": "The Band"},
            "venue": {"name": "Club", "city": {"name": "City"}},
            "sets": {"set": [{"song": [{"name": "Intro", "tape": True}, {"name": "One"}, {"name": "Two"}]},
                             {"encore": 1, "song": [{"name": "Three"}]}]}}
    return json.dumps({"type": "setlists", "itemsPerPage": 20, "page": 1, "total": 1, "setlist": [show]}).encode()


def encore_history_seed() -> bytes:
    """A history as `setlist export --out FILE.json` writes it, which a user may edit and merge back in."""
    from engine.setlists.history import Show
    from engine.setlists.setlist import Entry, Set

    shows = [Show("2024-07-01", "The Hall", [Set("Set 1", [Entry("Opener", ">", 0.4, [("Second", 0.2)])]),
                                             Set("Encore", [Entry("Closer")])], {}, "1"),
             Show("2024-07-03", "The Barn", [Set("Set 1", [Entry("Second")])], {}, "2")]
    return json.dumps({"band": "The Band", "demo": False, "shows": [s.to_json() for s in shows]}).encode()


@lru_cache(maxsize=1)
def default_model_files() -> dict[str, bytes]:
    import torch
    from safetensors.torch import save

    weights = save({"embed.weight": torch.arange(12.0).reshape(3, 4), "lstm.bias": torch.zeros(5, dtype=torch.int64)})
    return {"weights.safetensors": weights, "model.json": json.dumps({"kind": "jazz", "vocab": ["a", "b"]}).encode()}


def _folder_files(save) -> dict[str, bytes]:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        save(Path(folder) / "model")
        return {p.name: p.read_bytes() for p in (Path(folder) / "model").iterdir()}


@lru_cache(maxsize=1)
def jazz_model_files() -> dict[str, bytes]:
    """A real (untrained, small) jazz model folder as JazzModel.save writes it."""
    from engine.jazz.model import JazzModel, TrainSettings, build_network

    settings = TrainSettings(hidden=8, epochs=1)
    vocabulary = ["C,0.250", "S,0.500", "R,0.250", "X,0.125"]
    model = JazzModel(vocabulary, settings, build_network(len(vocabulary), settings), [{"path": "seed.mid"}],
                      [{"epoch": 1, "loss": 1.0}], {"range": [60, 72]})
    return _folder_files(model.save)


@lru_cache(maxsize=1)
def setlist_model_files() -> dict[str, bytes]:
    """A real setlist model folder, trained for one short epoch on a slice of the demo band."""
    from engine.setlists.history import History, demo_history
    from engine.setlists.model import TrainSettings, train

    demo = demo_history()
    history = History(demo.shows[:60], [], demo.band)
    settings = TrainSettings(epochs=1, dims=8, hidden=8, word2vec_epochs=1, batch=16, length=16, burn_in=4)
    return _folder_files(train(history, settings).save)


def _weights(files):
    return lambda: [files()["weights.safetensors"]]


def _meta(files):
    return lambda: [files()["model.json"]]


def jazz_project_seed() -> bytes:
    from engine.jazz.piece import ChordSymbol, Note, Piece
    from engine.jazz.project import project_data

    piece = Piece("Seed", [Note(0, 1, 62), Note(1, 0.5, 65, 70), Note(1.5, 2.5, 69)],
                  [ChordSymbol(0, 2, "Dm7", (50, 53, 57, 60)), ChordSymbol(2, 2, "G7", (43, 47, 50, 53))], 1, 4, 140.0,
                  {"seed": 3})
    return json.dumps(project_data([piece], 0, None, [{"path": "a.mid"}], {"temperature": 1.0})).encode()


def setlist_seed() -> bytes:
    from engine.setlists.setlist import Entry, Set, Setlist

    draft = Setlist("2024-08-01", "Arena", [Set("Set 1", [Entry("Opener", ">"), Entry("Second")]),
                                             Set("Encore", [Entry("Closer")])], {"model": "m"})
    return json.dumps(draft.to_json()).encode()


def ireal_seed() -> bytes:
    """An iReal Pro Share > HTML export of two tunes (tests/jazz_files.py writes it)."""
    import tempfile

    from jazz_files import ireal_export

    with tempfile.TemporaryDirectory() as folder:
        return ireal_export(Path(folder) / "list.html").read_bytes()


def open_setlist_file(path):
    """What the setlist page's File > Open does with a drafted setlist (gui/setlists/page.py open_setlist)."""
    from engine.setlists.setlist import read_setlist

    return read_setlist(path)


JAZZ = "engine.jazz.source:load_source"
SETLIST = "engine.setlists.history:load_history"
IMPORTERS = [
    Importer("MIDI (audio renderer)", "engine.audio.performance:performance_of", ".mid", midi_seeds),
    Importer("MIDI (jazz importer)", JAZZ, ".mid", midi_seeds),
    Importer("MusicXML (jazz importer)", JAZZ, ".musicxml", musicxml_seeds),
    Importer("ABC (jazz importer)", JAZZ, ".abc", lambda: [ABC]),
    Importer("iReal Pro export (chords)", "engine.jazz.ireal:read_tunes", ".html", lambda: [ireal_seed()]),
    Importer("setlist CSV", SETLIST, ".csv", lambda: [CSV]),
    Importer("phish.net JSON", SETLIST, ".json", lambda: [phishnet_seed()]),
    Importer("setlist.fm JSON", SETLIST, ".json", lambda: [setlistfm_seed()]),
    Importer("Encore history JSON", SETLIST, ".json", lambda: [encore_history_seed()]),
    Importer("checkpoint weights", "engine.checkpoint:load", "", _weights(default_model_files),
             place="weights.safetensors"),
    Importer("checkpoint model.json", "engine.checkpoint:load", "", _meta(default_model_files), place="model.json"),
    Importer("jazz model weights", "engine.jazz.model:JazzModel.load", "", _weights(jazz_model_files),
             place="weights.safetensors", model_files=jazz_model_files),
    Importer("jazz model.json", "engine.jazz.model:JazzModel.load", "", _meta(jazz_model_files),
             place="model.json", model_files=jazz_model_files),
    Importer("setlist model weights", "engine.setlists.model:SetlistModel.load", "", _weights(setlist_model_files),
             place="weights.safetensors", model_files=setlist_model_files),
    Importer("setlist model.json", "engine.setlists.model:SetlistModel.load", "", _meta(setlist_model_files),
             place="model.json", model_files=setlist_model_files),
    Importer("jazz project", "engine.jazz.project:read_project", ".encore-jazz", lambda: [jazz_project_seed()]),
    Importer("setlist draft (window's Open)", "fuzz.importers:open_setlist_file", ".json", lambda: [setlist_seed()]),
]


def available() -> list[Importer]:
    return [i for i in IMPORTERS if i.available()]


ISOLATED = """
import resource, sys
from pathlib import Path
limit = int(float(sys.argv[3]) * 1024 ** 3)
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from fuzz.importers import IMPORTERS, verdict
importer = next(i for i in IMPORTERS if i.name == sys.argv[1])
data = Path(sys.argv[2], "hostile.bin").read_bytes()
print(verdict(importer, Path(sys.argv[2]), data, float(sys.argv[4])) or "OK")
"""


def isolated_verdict(name: str, folder: Path, data: bytes, seconds: float = 10.0, memory_gb: float = 3.0):
    """verdict() in a child process with an address-space limit: a runaway allocation cannot hurt the machine."""
    import os
    import subprocess
    import sys

    (folder / "hostile.bin").write_bytes(data)
    here = Path(__file__).resolve().parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(here.parent), str(here.parents[1])]))
    try:  # start-up (torch, music21) gets 20 s on top; past that the hang ignored the alarm
        proc = subprocess.run([sys.executable, "-c", ISOLATED, name, str(folder), str(memory_gb), str(seconds)],
                              capture_output=True, text=True, timeout=seconds + 20, env=env, cwd=here.parents[1])
    except subprocess.TimeoutExpired:
        return f"no answer within {seconds + 20:.0f} s, and the alarm could not interrupt it"
    out = proc.stdout.strip()
    if proc.returncode != 0:
        return f"exit {proc.returncode}: {proc.stderr.strip()[-500:]}"
    return None if out.endswith("OK") else out
