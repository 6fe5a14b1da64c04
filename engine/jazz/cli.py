"""`python main.py jazz ...` commands: inspect a file, train a model, generate a solo.

Heavy libraries (torch, music21) are imported inside the handlers so that `--help` stays fast.
"""

from __future__ import annotations

import json
import sys
from functools import cached_property
from pathlib import Path

from ..cli import add_json_flag, add_seed_flag
from ..errors import EncoreError
from ..files import check_model_not_an_input, check_not_an_input, each_once, json_text
from ..words import counted, plural
from .presets import PRESETS

TEMPO = 130.0  # bpm when neither --tempo nor a --base says otherwise
TRAIN_PRESET = "course"  # `jazz train`'s; inspect reads as the full preset does unless asked
CHORDS_ONLY = 0.5  # melody onsets per note at or under which its part may be block chords, not a line
LINE_ON_TOP = 0.2  # share of those onsets topped by a note struck alone, at or under which it is block chords


def register(sub) -> None:
    p = sub.add_parser("jazz", help="import jazz solos, train the LSTM, improvise over chords")
    commands = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    _inspect_parser(commands)
    _train_parser(commands)
    _generate_parser(commands)
    _export_parser(commands)
    _charts_parser(commands)


def _inspect_parser(commands) -> None:
    p = commands.add_parser("inspect", help="show a file's parts, bars, tokens and training windows")
    p.add_argument("file", metavar="FILE", help="MIDI, MusicXML or ABC file")
    p.add_argument("--preset", choices=list(PRESETS), help="course: read it as the reference dataset (default: "
                   f"as the full preset reads it; inspect says when train's default, {TRAIN_PRESET}, could not "
                   "train on it)")
    _part_options(p)
    add_json_flag(p)
    p.set_defaults(handler=inspect_command)


def _part_options(p) -> None:
    p.add_argument("--melody-part", type=int, metavar="N", help="part number of the melody (from 0)")
    p.add_argument("--chord-part", type=int, action="append", metavar="N",
                   help="part number of a chord part (repeat for more)")
    p.add_argument("--bars", metavar="A-B",
                   help="bar range, inclusive, numbered as in the score (a pickup is bar 0) with its repeats "
                        "played out, as inspect counts them, e.g. 1-32")


def _train_parser(commands) -> None:
    p = commands.add_parser("train", help="train the LSTM on files (or on the built-in corpus)")
    p.add_argument("--input", action="extend", nargs="+", metavar="FILE",
                   help="MIDI/MusicXML/ABC files (several after one --input, or repeat it); none: the built-in corpus")
    p.add_argument("--preset", choices=list(PRESETS), default=TRAIN_PRESET,
                   help="course: the reference dataset's reading and recipe; full: every window, with validation "
                   f"(default: {TRAIN_PRESET})")
    _part_options(p)
    p.add_argument("--epochs", type=int, help=f"default: the preset's ({_preset_values('epochs')})")
    p.add_argument("--hidden", type=int, help=f"LSTM units (default: the preset's, {_preset_values('hidden')})")
    p.add_argument("--lr", type=float, metavar="RATE",
                   help=f"Adam's learning rate (default: the preset's, {_preset_values('lr')})")
    p.add_argument("--layers", type=int, default=1)
    p.add_argument("--dropout", type=float, default=0.0)
    add_seed_flag(p)
    p.add_argument("--out", required=True, metavar="MODEL_DIR")
    add_json_flag(p)
    p.set_defaults(handler=train_command)


def _preset_values(setting: str) -> str:
    return ", ".join(f"{name} {values[setting]:g}" for name, values in PRESETS.items())


def _generate_parser(commands) -> None:
    p = commands.add_parser("generate", help="improvise a solo with a trained model")
    p.add_argument("--model", required=True, metavar="MODEL_DIR")
    p.add_argument("--bars", type=int, help="bars to improvise, going round the chords (default: the progression's "
                   "length)")
    p.add_argument("--choruses", type=int, metavar="N", help="instead of --bars: times through the chords, the last "
                   "time to the chart's coda (a Q sign) if it has one (default 1)")
    p.add_argument("--temperature", type=float, default=1.0, help="0 = always the likeliest token")
    add_seed_flag(p)
    p.add_argument("--chords", help="progression, e.g. 'Dm7 G7 | Cmaj7 A7' or a chart's "
                        "'D-7 / G7 / | C^7 | %% | N.C.' with |: :| repeats, N1 N2 endings and a coda Q, opened by a "
                        "meter for bars other than 4/4 ('3/4 C^7 | A-7'), or an iReal Pro "
                        "irealb:// link (default: the training chords)")
    p.add_argument("--chart", metavar="FILE", help="take the chords from an iReal Pro export (its Share > HTML "
                   "file, or any text file holding its irealb:// links)")
    p.add_argument("--tune", metavar="TITLE", help="which tune of --chart's playlist (or of the link), by title; "
                   "of two with one title, 'Blues #2' is the second")
    p.add_argument("--tempo", type=float, metavar="BPM", help="default: the chart's (--chart or a link), the "
                   f"base's, the training file's over its own chords, or {TEMPO:g}")
    p.add_argument("--base", metavar="FILE", help="a solo to rework: an .encore-jazz project (its current piece, or "
                   "--piece N: edits and velocities kept) or a MIDI/MusicXML file (as the importer reads it); its chords and "
                   "length are kept")
    p.add_argument("--piece", type=int, metavar="N", help="which piece of the project, from 1")
    p.add_argument("--regenerate", metavar="BARS",
                   help="with --base: the bars to improvise again, e.g. '3-4,7', numbered as in the score (a "
                   "pickup is bar 0, improvised again only as long as it was); every other bar is kept note "
                   "for note")
    _output_options(p)
    p.set_defaults(handler=generate_command)


def _export_parser(commands) -> None:
    p = commands.add_parser("export", help="write a project's piece (or a solo file) as MIDI, MusicXML or WAV, "
                            "in another key if asked")
    p.add_argument("file", metavar="FILE", help="an .encore-jazz project (its current piece, edits and velocities "
                   "kept) or a MIDI/MusicXML/ABC file (as the importer reads it)")
    p.add_argument("--piece", type=int, metavar="N", help="which piece of the project, from 1")
    p.add_argument("--tempo", type=float, metavar="BPM", help="default: the piece's")
    _output_options(p)
    p.set_defaults(handler=export_command)


def _output_options(p) -> None:
    p.add_argument("--transpose", type=int, default=0, metavar="SEMITONES",
                   help="move the solo and its chords, respelled for the new key (-24 to 24; e.g. 2 for a Bb "
                   "instrument's part)")
    p.add_argument("--melody-program", type=int, default=26, metavar="GM",
                   help="General MIDI program from 0 for the melody (26: jazz guitar)")
    p.add_argument("--comp-program", type=int, default=0, metavar="GM", help="comping chords (0: piano)")
    p.add_argument("--bass-program", type=int, default=32, metavar="GM", help="bass (32: acoustic bass)")
    p.add_argument("--out", required=True, metavar="FILE.mid|FILE.musicxml|FILE.wav",
                   help="MIDI (melody, comping and bass), MusicXML, or WAV rendered with the General MIDI SoundFont")
    add_json_flag(p)


def _charts_parser(commands) -> None:
    p = commands.add_parser("charts", help="list the tunes of an iReal Pro export, each as a chord chart")
    p.add_argument("file", metavar="FILE", help="iReal Pro's Share > HTML file, or text holding irealb:// links")
    add_json_flag(p)
    p.set_defaults(handler=charts_command)


def charts_command(args) -> int:
    from dataclasses import asdict

    from .ireal import read_tunes

    skipped: list[str] = []
    tunes = read_tunes(args.file, skipped)
    _tell_skipped(args.file, skipped)
    if args.json:
        print(json_text([asdict(t) for t in tunes]))
        return 0
    for t in tunes:
        facts = (t.composer, t.style, f"key of {t.key}", t.time, counted(t.bars, "bar"),
                 t.tempo and f"{t.tempo} bpm")
        about = ", ".join(x for x in facts if x)
        print(f"{t.title} ({about})\n  {t.chart}")
        _tell_notice(t)
    return 0


def _tell_notice(tune) -> None:
    if tune.notice:
        print(f"encore: note: {tune.title}: {tune.notice}", file=sys.stderr)


def _tell_skipped(path, skipped: list[str]) -> None:
    from .ireal import skipped_note

    if skipped:
        print(f"encore: {path}: {skipped_note(skipped)}", file=sys.stderr)


def _changes(args):
    """(the chord chart, the iReal Pro tune it came from or None) that --chords, --chart and --tune name."""
    from .ireal import LINK, choose, read_tunes, skipped_note, tunes_in

    if args.chart and args.chords:
        raise EncoreError("give the chords with --chords or --chart, not both")
    if args.chart:
        skipped: list[str] = []
        try:
            tune = choose(read_tunes(args.chart, skipped), args.tune)
        except EncoreError as e:  # the tune asked for may be one that could not be read
            problem = f"{e.problem}; {skipped_note(skipped)}" if skipped and not e.path else e.problem
            raise EncoreError(problem, e.path or args.chart) from None
        _tell_skipped(args.chart, skipped)
    elif args.chords and LINK.search(args.chords):
        tune = choose(tunes_in(args.chords), args.tune)
    elif args.tune:
        raise EncoreError("--tune picks a tune of --chart FILE, or of an irealb:// link given to --chords")
    else:
        return args.chords, None
    if tune.in_4_4_bars:
        print(f"encore: note: {tune.title} is in {tune.time}; Encore improvises in 1/4 to 12/4, 6/8 and "
              "12/8, so each bar of the chart is played as a bar of 4/4", file=sys.stderr)
    _tell_notice(tune)
    return tune.chart, tune


def _load(path, args, preset):
    from .source import load_source

    return load_source(path, args.melody_part, args.chord_part, args.bars, preset)


def inspect_command(args) -> int:
    from . import dataset

    source = _load(args.file, args, args.preset)
    struck = _Struck(source)
    refused = _train_refusal(args, source, struck) if args.preset is None else ""
    vocabulary = dataset.vocabulary_of([source.tokens])
    if args.preset == "course":  # windows drawn from the whole solo: none from one no longer than a window
        windows = dataset.COURSE_WINDOWS if len(source.tokens) > dataset.COURSE_STEPS else 0
        shape = [windows, dataset.COURSE_STEPS, len(vocabulary)]
    else:  # what full-mode training would use: every window of the bars not held out for validation
        kept, _ = dataset.split_bars([b.tokens for b in source.bars])
        windows = dataset.sliding_windows([kept], vocabulary, dataset.COURSE_STEPS)
        shape = [len(windows), dataset.COURSE_STEPS, len(vocabulary)]
    report = {"parts": [p.to_json() for p in source.parts], "bars": source.n_bars, "tokens": len(source.tokens),
              "vocabulary_size": len(vocabulary), "X_shape": shape, "bar_range": list(source.bar_range),
              "melody_part": source.melody_part, "chord_parts": source.chord_parts,
              "notice": _reading_notice(source, struck),
              "beats_per_bar": source.beats_per_bar, "meter": source.time_signature}
    if args.json:
        print(json.dumps(report))
        if refused:  # the report has no place for it: stdout stays the report alone
            print(f"encore: note: {source.title}: {refused}", file=sys.stderr)
        return 0
    for p in source.parts:
        print(f"  part {p.index:2d}  {p.name[:24]:24s} {p.notes:6d} {plural(p.notes, 'note'):5s}  {p.role}")
    print(f"bars {source.bar_range[0]}-{source.bar_range[1]} ({source.n_bars} of {source.time_signature}), "
          f"{counted(len(source.tokens), 'token')}, "
          f"{len(vocabulary)} distinct; X shape {tuple(shape)}"
          + ("" if shape[0] else f" (too few tokens to train: a window is {dataset.COURSE_STEPS})"))
    for bar in source.bars[:4]:
        print(f"  bar {bar.number}: {' '.join(bar.tokens)}")
    if report["notice"]:
        print(f"note: {report['notice']}")
    if refused:
        print(f"note: {refused}" + ("; --preset full trains on the windows above" if shape[0] else ""))
    return 0


def _reading_notice(source, struck: _Struck | None = None) -> str:
    """How the file was read (Source.notice), and whether its melody part is chords rather than a line."""
    return "; ".join(n for n in (source.notice, _chords_only(source, struck or _Struck(source))) if n)


class _Struck:
    """The melody part's notes as struck, a chord as one event (the Source keeps its top line alone): read from
    the file again, once, and only where a check cannot tell from the Source."""

    def __init__(self, source):
        self.source = source

    @cached_property
    def events(self) -> list:
        from .reading import read_score

        return read_score(self.source.path).parts[self.source.melody_part].events

    @cached_property
    def alone_on_top(self) -> float:
        """The share of its onsets whose top note (the one the line keeps) is struck alone, not a chord's top."""
        tops: dict = {}
        for e in self.events:  # the highest at each onset, as bars.top_line picks it
            if e.offset not in tops or max(e.pitches) > max(tops[e.offset].pitches):
                tops[e.offset] = e
        return sum(len(e.pitches) == 1 for e in tops.values()) / max(1, len(tops))


def _chords_only(source, struck: _Struck) -> str:
    """Where the melody part strikes chords at (nearly) every onset (a piano's block chords, picked when no part
    is a single line), full mode learns their top notes as the melody: said, since it did so silently, to a loss
    of 0 over one chord held bar after bar. A line over comping (a right hand over the left's chords) averages
    as many notes an onset but tops it with single notes: not said. The course preset keeps no line: ''."""
    onsets = sum(1 for e in source.line if e.pitch is not None)
    notes = next((p.notes for p in source.parts if p.index == source.melody_part), 0)
    if not onsets or onsets > notes * CHORDS_ONLY or struck.alone_on_top > LINE_ON_TOP:
        return ""  # under two notes an onset is a line: the file is not read again to know
    return (f"part {source.melody_part} plays chords, not a melody line ({counted(notes, 'note')} struck at "
            f"{counted(onsets, 'onset')}): its top notes are learned as the melody")


def _train_refusal(args, source, struck: _Struck) -> str:
    """Why `jazz train` with its default preset (the course's) would refuse the file, in train's own words; ''
    where it would train. Inspect reads as the full preset does, so a file it showed windows for was refused.
    The course's reading of the file is made only where it may refuse it (_course_may_refuse)."""
    from .training import course_tokens

    if not _course_may_refuse(args, source, struck):
        return ""
    try:
        course_tokens([_load(args.file, args, TRAIN_PRESET)])
    except EncoreError as e:
        return f"jazz train's default preset, {TRAIN_PRESET}, could not train on it: {e.problem}"
    return ""


def _course_may_refuse(args, source, struck: _Struck) -> bool:
    """Whether the course preset may refuse the file the full preset read. From its first bar to its last, the
    course reads one token for each of the melody part's notes struck alone (bars.course_bars; a chord gives
    none), the same notes as the full reading's: more than a window of them, and it trains. Each onset of the
    line is at least one strike, and each chord two notes or more, so those notes are at least twice the onsets
    less the notes, and counted only where that says too little. Bars asked for are counted in the course's
    own bars, and the reference file is read in the reference's (source.COURSE): only its reading can tell."""
    from .bars import BAR
    from .dataset import COURSE_STEPS
    from .piece import MAX_BARS

    if args.bars is not None or source.beats_per_bar > BAR or source.bar_range[1] > MAX_BARS - 3:
        return True  # longer bars, or near Encore's longest piece: the course's 4/4 bars may not fit it
    if _is_reference(source.path):
        return args.melody_part is not None  # the course's own solo, read as the course read it, trains
    onsets = sum(1 for e in source.line if e.pitch is not None)
    notes = next((p.notes for p in source.parts if p.index == source.melody_part), 0)
    if 2 * onsets - notes > COURSE_STEPS:
        return False
    return sum(len(e.pitches) == 1 for e in struck.events) <= COURSE_STEPS


def _is_reference(path) -> bool:
    import hashlib

    from ..files import read_bytes
    from .source import is_reference

    return is_reference(hashlib.sha256(read_bytes(path)).hexdigest())


def _tell_reading(source) -> None:
    notice = _reading_notice(source)
    if notice:
        print(f"encore: note: {source.title}: {notice}", file=sys.stderr)


def train_command(args) -> int:
    from ..checkpoint import check_target
    from ..jobs import ConsoleJob
    from .model import KIND, TrainSettings, train

    chosen = {flag: getattr(args, flag) for flag in ("epochs", "hidden", "lr") if getattr(args, flag) is not None}
    settings = TrainSettings(preset=args.preset, **(PRESETS[args.preset] | chosen), layers=args.layers,
                             dropout=args.dropout, seed=args.seed)
    try:
        settings.check()  # before any file is read
    except EncoreError as e:
        raise EncoreError(f"--{e}") from None  # each of these settings is its flag's
    chosen = [flag for flag, value in (("--melody-part", args.melody_part), ("--chord-part", args.chord_part),
                                       ("--bars", args.bars)) if value is not None]
    if chosen and not args.input:
        raise EncoreError(f"{', '.join(chosen)}: only with --input files (the built-in corpus is read as it is)")
    check_model_not_an_input(args.out, args.input or [])  # before the files are read; a solo is not replaced
    if args.input:
        sources = [_load(path, args, args.preset) for path in each_once(args.input)]  # twice would weigh double
        for source in sources:  # all read first: a file that cannot be read stays the one line said
            _tell_reading(source)
    else:
        from .source import default_corpus

        sources = default_corpus()
    out = Path(args.out)
    if not out.parent.is_dir():
        raise EncoreError("folder does not exist", out.parent)
    check_target(out, KIND)  # before the training, not after it
    model = train(sources, settings, ConsoleJob("train", quiet=args.json))
    model.save(out)
    last = model.history[-1]
    report = {"epochs": len(model.history), "final_loss": last["loss"], "vocabulary_size": len(model.vocabulary),
              "parameters": model.parameters, "seconds": model.extra.get("seconds"),
              "accuracy": last["accuracy"], "val_loss": last["val_loss"], "model": str(out)}
    if "course_loss" in last:
        report["final_loss_course"] = last["course_loss"]
    best = model.extra.get("best_epoch", len(model.history))  # full mode keeps the epoch of least validation loss
    kept = model.history[best - 1] if 1 <= best <= len(model.history) else last
    report |= {"best_epoch": best, "best_val_loss": kept.get("val_loss")}
    saved = (f"; the weights kept are epoch {best}'s (validation loss {kept['val_loss']:.4f})"
             if best != len(model.history) and kept.get("val_loss") is not None else "")
    _print_report(report, args.json, f"trained {counted(report['epochs'], 'epoch')}: loss {report['final_loss']:.4f} "
                  f"per token{saved}, {report['parameters']} parameters, {report['seconds']} s -> {out}")
    return 0


def _check_output(args) -> Path:
    """The output options of generate and export, checked before any work."""
    from .export import check_tempo
    from .transpose import check_semitones

    out = Path(args.out)
    if out.suffix.lower() not in (".mid", ".midi", ".musicxml", ".xml", ".wav"):
        raise EncoreError("output must end in .mid, .musicxml or .wav", out)
    check_not_an_input(out, [getattr(args, name, None) for name in ("file", "base", "chart")])
    for program in (args.melody_program, args.comp_program, args.bass_program):
        if not 0 <= program <= 127:
            raise EncoreError(f"General MIDI programs run 0-127, not {program}")
    if args.tempo is not None:
        check_tempo(args.tempo)
    check_semitones(args.transpose, "--transpose")
    return out


def _band(args):
    from .export import Band

    return Band(args.melody_program, args.comp_program, args.bass_program)


def generate_command(args) -> int:
    from ..compute import check_temperature
    from ..jobs import ConsoleJob
    from .export import write_piece
    from .improvise import improvise, parse_progression, silence_warning
    from .model import JazzModel
    from .progression import MAX_CHORUSES, chart_warning
    from .transpose import transpose_piece

    check_temperature(args.temperature, "token", "--temperature")
    out = _check_output(args)
    if args.base and (args.chords or args.chart):
        raise EncoreError("--base keeps the solo's own chords: give it without --chords and --chart")
    chart, tune = _changes(args)
    if args.choruses is not None and not 1 <= args.choruses <= MAX_CHORUSES:
        raise EncoreError(f"--choruses runs 1-{MAX_CHORUSES}, not {args.choruses}")
    if chart:
        parse_progression(chart, None if args.bars else args.choruses or 1)  # bad charts fail before any work
        crowded = chart_warning(chart) if tune is None else ""  # an iReal tune's notice names it already
        if crowded:  # a bar that plays shared, as Encore's older charts were written
            print(f"encore: warning: {crowded}", file=sys.stderr)
    if args.piece is not None and not args.base:
        raise EncoreError("--piece needs --base (the project to take the piece from)")
    if args.base and args.bars is not None:  # it made a new solo of that length, none of the base's notes kept
        raise EncoreError("--base keeps the solo's length: give it without --bars")
    if args.choruses is not None and (args.bars is not None or args.base):
        raise EncoreError("--choruses sets the solo's length: give it without --bars and --base")
    base = _base_piece(args.base, args.piece) if args.base else None
    regenerate = _bar_numbers(args.regenerate, base) if args.regenerate else None
    model = JazzModel.load(args.model)
    # None: the training file's, over its own chords (improvise knows whose chords these are), else 130
    tempo = args.tempo if args.tempo is not None else base.tempo if base else (tune and tune.tempo) or None
    piece = improvise(model, args.bars, chart or None, temperature=args.temperature, seed=args.seed, tempo=tempo,
                      base=base, regenerate=regenerate, job=ConsoleJob("generate", quiet=True),
                      choruses=args.choruses or 1)
    if args.transpose:
        piece = transpose_piece(piece, args.transpose)
    if tune:
        piece.title, piece.meta["tune"] = f"Improvisation on {tune.title}", tune.title
    level = write_piece(piece, out, _band(args))
    report = {"out": str(out), "bars": piece.bars, "notes": len(piece.notes), "seed": args.seed,
              "temperature": args.temperature, "tempo": piece.tempo, "transpose": args.transpose,
              "choruses": args.choruses, **({"tune": tune.title} if tune else {})}
    wrote = f"wrote {counted(piece.bars, 'bar')}, {counted(len(piece.notes), 'note')} -> {out}"
    _print_report(report, args.json, wrote)
    warning = silence_warning(piece, regenerate)
    if warning:
        print(f"encore: warning: {warning}", file=sys.stderr)
    _tell_level(out, level)
    return 0


def export_command(args) -> int:
    """The window's Export without the window: a project's piece as it was edited, or a solo file, written
    as MIDI, MusicXML or WAV, at another tempo or in another key if asked."""
    from ..jobs import ConsoleJob
    from .export import write_piece
    from .transpose import transpose_piece

    out = _check_output(args)
    piece = _base_piece(args.file, args.piece)
    if args.tempo is not None:
        piece.tempo = args.tempo
    if args.transpose:
        piece = transpose_piece(piece, args.transpose)
    level = write_piece(piece, out, _band(args), job=ConsoleJob("export", quiet=True))
    report = {"out": str(out), "title": piece.title, "bars": piece.bars, "notes": len(piece.notes),
              "tempo": piece.tempo, "transpose": args.transpose}
    _print_report(report, args.json, f"wrote {piece.title}: {counted(piece.bars, 'bar')}, "
                  f"{counted(len(piece.notes), 'note')} -> {out}")
    _tell_level(out, level)
    return 0


def _tell_level(out, warning: str) -> None:
    """A silent or limited WAV, said as `render` says it (a warning: the file was written, the exit is 0)."""
    if warning:
        print(f"encore: warning: {out}: {warning}", file=sys.stderr)


def _base_piece(path, number: int | None):
    """A project's piece (velocities and edits kept; its current one unless ``number``) or a MIDI, MusicXML
    or ABC file's solo."""
    from .project import read_project
    from .source import load_source

    if Path(path).suffix.lower() != ".encore-jazz":
        if number is not None:
            raise EncoreError("--piece only applies to an .encore-jazz project", path)
        source = load_source(path)
        _tell_notice(source)  # a tempo change kept as one tempo, a pickup read as bar 0: the export plays so
        return source.to_piece()
    project = read_project(path)
    pieces = project["pieces"]
    number = number if number is not None else int(project.get("current") or 0) + 1
    if not 1 <= number <= len(pieces):
        raise EncoreError(f"has {len(pieces)} pieces: there is no piece {number}", path)
    return pieces[number - 1]


def _bar_numbers(text: str, base) -> set[int]:
    """'3-4,7' -> {2, 3, 6}: the bars, numbered as the base's score, `jazz inspect` and --bars number them
    (from 0 where it opens with a pickup, from 12 where its melody comes in at bar 12), as 0-based indexes
    inside the base piece."""
    from .improvise import first_bar_number
    from .source import backwards_bars

    if base is None:
        raise EncoreError("--regenerate needs --base (the solo whose bars to improvise again)")
    lowest = first_bar_number(base)
    bars: set[int] = set()
    for part in text.replace(" ", "").split(","):
        low, _, high = part.partition("-")
        try:
            first, last = int(low), int(high or low)
        except ValueError:
            raise EncoreError(f"bad bar list {text!r} (use numbers and ranges: '3-4,7')") from None
        if last < first:
            raise EncoreError(f"--regenerate: {backwards_bars(first, last)}")
        if not lowest <= first <= last <= base.bars - 1 + lowest:
            raise EncoreError(f"bars {part} are outside the solo's bars {lowest}-{base.bars - 1 + lowest}")
        bars |= set(range(first - lowest, last - lowest + 1))
    return bars


def _print_report(report: dict, as_json: bool, text: str) -> None:
    print(json.dumps(report) if as_json else text, file=sys.stdout)
