"""`python main.py jazz ...` commands."""


def register(sub) -> None:
    p = sub.add_parser("jazz", help="import jazz solos, train the LSTM, improvise over chords")
    p.add_subparsers(dest="command", metavar="COMMAND", required=True)
