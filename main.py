"""Encore: `python main.py [FILE ...]` opens the window (with the files); `python main.py <group> ...` runs a
command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    from engine.cli import build_parser, run_command, split_files

    parser = build_parser()
    words, files = split_files(parser, sys.argv[1:] if argv is None else argv)
    args = parser.parse_args(words)
    if args.group:
        for option in ("--screenshot", "--page"):  # a command run with them silently did without them
            if getattr(args, option[2:]) is not None:
                parser.error(f"{option} is for the window; it does not go with the command '{args.group}'")
        return run_command(args)
    from gui.app import run_app

    args.files = files
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
