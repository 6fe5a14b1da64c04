"""`python main.py render ...`."""


def register(sub) -> None:
    sub.add_parser("render", help="render a MIDI file to a WAV file with a General MIDI SoundFont")
