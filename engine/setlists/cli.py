"""`python main.py setlist ...` commands."""


def register(sub) -> None:
    p = sub.add_parser("setlist", help="import a band's history, train, evaluate, draft the next show")
    p.add_subparsers(dest="command", metavar="COMMAND", required=True)
