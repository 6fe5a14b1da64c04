"""`python main.py setlist ...` commands. Heavy libraries are imported inside the handlers."""

from __future__ import annotations

import sys
import time

from ..cli import add_json_flag, add_seed_flag
from ..compute import check_temperature
from ..errors import EncoreError, FileProblem
from ..files import check_model_not_an_input, check_not_an_input, json_text
from ..words import counted


def register(sub) -> None:
    p = sub.add_parser("setlist", help="import a band's history, train, evaluate, draft the next show")
    commands = p.add_subparsers(dest="command", metavar="COMMAND", required=True)
    data_help = "setlist history (CSV, phish.net or setlist.fm JSON); repeat to merge; default: the demo band"

    stats = commands.add_parser("stats", help="shows, plays, songs and dates of a history")
    stats.add_argument("--data", action="append", metavar="FILE", help=data_help)
    add_json_flag(stats)
    stats.set_defaults(handler=run_stats)

    export = commands.add_parser("export", help="write a history (several files merged) as one CSV or JSON")
    export.add_argument("--data", action="append", metavar="FILE", help=data_help)
    export.add_argument("--out", required=True, metavar="FILE.csv|.json")
    add_json_flag(export)
    export.set_defaults(handler=run_export)

    train = commands.add_parser("train", help="train the next-song model on a history")
    train.add_argument("--data", action="append", metavar="FILE", help=data_help)
    train.add_argument("--epochs", type=int, default=None)
    add_seed_flag(train)
    train.add_argument("--out", required=True, metavar="MODEL_DIR")
    add_json_flag(train)
    train.set_defaults(handler=run_train)

    ev = commands.add_parser("evaluate", help="model against the baselines on a protocol's held-out part")
    ev.add_argument("--data", action="append", metavar="FILE", help=data_help)
    ev.add_argument("--protocol", choices=["chronological", "random-windows"], default="chronological")
    add_seed_flag(ev)
    ev.add_argument("--epochs", type=int, default=None)
    add_json_flag(ev)
    ev.set_defaults(handler=run_evaluate)

    predict = commands.add_parser("predict", help="draft the next show")
    predict.add_argument("--model", required=True, metavar="MODEL_DIR")
    predict.add_argument("--data", action="append", metavar="FILE", help="history up to now (default: the "
                         "history the model was trained on)")
    predict.add_argument("--date", metavar="YYYY-MM-DD")
    predict.add_argument("--venue", default="", help="written on the setlist (not a model input)")
    predict.add_argument("--template", metavar="SETLIST.json", help="an Encore setlist (a --out .json, edited): "
                         "its songs marked \"locked\": true stay where they are, the rest is drafted again")
    predict.add_argument("--temperature", type=float, default=0.0)
    add_seed_flag(predict)
    predict.add_argument("--avoid-recent", type=int, default=3, metavar="N",
                         help="leave out songs of the last N shows (default 3)")
    predict.add_argument("--out", required=True, metavar="FILE.json|.csv|.txt")
    predict.set_defaults(handler=run_predict)

    similar = commands.add_parser("similar", help="songs most like a song (Word2Vec cosine similarity)")
    similar.add_argument("--model", required=True, metavar="MODEL_DIR")
    similar.add_argument("song")
    similar.add_argument("--k", type=int, default=10)
    add_json_flag(similar)
    similar.set_defaults(handler=run_similar)


SHOWN_PROBLEMS = 20  # enough to fix a file by; a file with thousands of bad rows gives a count for the rest


def _history(paths):
    from .history import demo_history, load_history

    if not paths:
        return demo_history()
    history = load_history(paths)
    if history.problems:
        print(problems_text(history.problems), file=sys.stderr)
    return history


def problems_text(problems: list[str], shown: int = SHOWN_PROBLEMS) -> str:
    """An import's problems, one per line under their count, the first ``shown`` of them: the user fixes the
    file from this, so the first alone (as before) left the rest to be found one run at a time."""
    lines = [f"encore: {counted(len(problems), 'import problem')}:", *(f"  {p}" for p in problems[:shown])]
    if len(problems) > shown:
        lines.append(f"  ... and {len(problems) - shown:,} more")
    return "\n".join(lines)


def _settings(args):
    from .model import TrainSettings

    settings = TrainSettings(seed=args.seed)
    if args.epochs is not None:
        settings.epochs = args.epochs
    try:
        settings.check()
    except EncoreError as e:
        raise EncoreError(f"--{e}") from None  # the flag is the only setting the command line takes
    return settings


def _print(obj, as_json: bool, text: str) -> None:
    print(json_text(obj) if as_json else text)


def run_stats(args) -> int:
    stats = _history(args.data).stats()
    _print(stats, args.json, "\n".join(f"{k}: {v}" for k, v in stats.items()))
    return 0


def run_export(args) -> int:
    from .export import HISTORY_FORMATS, check_format, write_history

    check_format(args.out, HISTORY_FORMATS, "history")
    check_not_an_input(args.out, args.data or [])
    history = _history(args.data)
    write_history(history, args.out)
    stats = history.stats() | {"out": str(args.out)}
    shows, plays = counted(stats["shows"], "show"), counted(stats["plays"], "play")
    _print(stats, args.json, f"wrote {args.out} ({shows}, {plays})")
    return 0


def run_train(args) -> int:
    from ..checkpoint import check_target
    from ..jobs import ConsoleJob
    from .model import KIND, train

    check_model_not_an_input(args.out, args.data or [])  # a history called model.json is not replaced
    check_target(args.out, KIND)  # before the training, not after it
    history = _history(args.data)
    start = time.monotonic()
    job = ConsoleJob("train", quiet=False)
    model = train(history, _settings(args), job)
    model.save(args.out)
    result = {"model": str(args.out), "band": history.band, "demo": history.demo,
              "shows": len(history.shows), "songs": len(model.vocab) - model.vocab.first_song,
              "epochs": job.history, "seconds": round(time.monotonic() - start, 1)}
    _print(result, args.json, f"saved {args.out} ({counted(result['songs'], 'song')}, {result['seconds']} s)")
    return 0


def run_evaluate(args) -> int:
    from ..jobs import ConsoleJob
    from .evaluate import evaluate

    result = evaluate(_history(args.data), args.protocol, args.seed, _settings(args), ConsoleJob("train"))
    m, b = result["model"], result["baselines"]
    targets = f"{counted(result['test_plays'], 'target')} in {counted(result['test_shows'], 'show')}"
    text = (f"{result['protocol']}: {targets}\n"
            f"  model      top-1 {m['top1']:.1%}  top-5 {m['top5']:.1%}\n"
            f"  frequency  top-1 {b['frequency']['top1']:.1%}  top-5 {b['frequency']['top5']:.1%}\n"
            f"  bigram     top-1 {b['bigram']['top1']:.1%}  top-5 {b['bigram']['top5']:.1%}\n"
            f"  {result['seconds']} s")
    _print(result, args.json, text)
    return 0


def run_predict(args) -> int:
    from .export import SETLIST_FORMATS, check_format

    check_format(args.out, SETLIST_FORMATS, "setlist")
    # a --template may be drafted over: it is that show, redrafted
    check_not_an_input(args.out, [*(args.data or []), args.model])
    from .draft import check_avoid_recent, check_locks, draft_show
    from .export import setlist_text, write_setlist
    from .model import SetlistModel
    from .setlist import one_line, read_template

    check_temperature(args.temperature, "song", "--temperature")  # before the model is read
    check_avoid_recent(args.avoid_recent, "--avoid-recent")

    template, warnings = read_template(args.template) if args.template else (None, [])
    if template:
        check_locks(template, args.template)
    args.date = one_line(args.date or "")  # a line break pasted after it is no part of the date
    if args.date:
        _check_date(args.date)
    elif template and template.date:
        _check_date(template.date, args.template)
    date = args.date or (template.date if template else "") or None
    model = SetlistModel.load(args.model)
    history = _history(args.data) if args.data else model.history
    setlist = draft_show(model, history, date, args.temperature, args.seed, template,
                         avoid_recent=args.avoid_recent)
    setlist.venue = one_line(args.venue) or (template.venue if template else "")
    write_setlist(setlist, args.out)
    for warning in [*warnings, setlist.meta.get("warning")]:
        if warning:
            print(f"encore: warning: {warning}", file=sys.stderr)
    print(setlist_text(setlist), end="")
    return 0


def _check_date(text: str, file=None) -> None:
    """Only YYYY-MM-DD: Python also reads 20241201 and 2024-W49-1, which the show would keep as typed and no
    setlist reader takes back."""
    import datetime as dt
    import re

    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        dt.date.fromisoformat(text)
    except ValueError:
        problem = f"bad date {text!r} (use YYYY-MM-DD)"
        raise (FileProblem(problem, file) if file else EncoreError(problem)) from None


def run_similar(args) -> int:
    from .model import SetlistModel

    if args.k < 1:
        raise EncoreError("--k must be at least 1")
    model = SetlistModel.load(args.model)
    similar = model.embedding.most_similar(args.song, args.k)
    rows = [{"song": s, "similarity": round(v, 4)} for s, v in similar]
    _print(rows, args.json, "\n".join(f"{v:.3f}  {s}" for s, v in similar))
    return 0
