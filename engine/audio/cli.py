"""`python main.py render FILE.mid --out FILE.wav [--soundfont SF2] [--sample-rate 44100] [--json]`."""

from __future__ import annotations

from ..cli import add_json_flag
from ..words import counted


def register(sub) -> None:
    p = sub.add_parser("render", help="render a MIDI file to a WAV file with a General MIDI SoundFont",
                       description="Render a MIDI file to a 16-bit stereo WAV with a General MIDI SoundFont "
                       "(default: TimGM6mb, installed with pretty_midi).")
    p.add_argument("midi", metavar="FILE.mid", nargs="?", help="the MIDI file to render")
    p.add_argument("--out", metavar="FILE.wav", help="the WAV file to write (default: FILE.wav beside the MIDI)")
    p.add_argument("--soundfont", metavar="SF2", help="a .sf2 or .sf3 SoundFont to use instead of the default")
    p.add_argument("--sample-rate", type=int, default=44100, metavar="HZ", help="sample rate (default 44100)")
    p.add_argument("--tempo-scale", type=float, default=1.0, metavar="X", help="play X times faster (default 1)")
    p.add_argument("--midi-out", metavar="PORT", help="play to this MIDI output port in real time instead")
    p.add_argument("--list-midi-ports", action="store_true", help="list the MIDI output ports and exit")
    add_json_flag(p)
    p.set_defaults(handler=render_command)


def render_command(args) -> int:
    import json
    import sys
    from pathlib import Path

    from ..errors import EncoreError
    from ..files import check_not_an_input
    from ..jobs import ConsoleJob
    from .export import export_wav, level_warning

    if args.list_midi_ports:
        return _list_ports(args)
    if not args.midi:
        raise EncoreError("a MIDI file is needed (python main.py render FILE.mid --out FILE.wav)")
    if not 0.1 <= args.tempo_scale <= 10:  # MIDI out too: 0 divided by zero, -1 sent every note at once
        raise EncoreError(f"--tempo-scale {args.tempo_scale:g} is outside 0.1..10")
    if args.midi_out:
        return _play_to_port(args)
    if not 8000 <= args.sample_rate <= 192000:
        raise EncoreError(f"--sample-rate {args.sample_rate} is outside 8000..192000 Hz")
    out = Path(args.out) if args.out else Path(args.midi).with_suffix(".wav")
    if out.suffix.lower() != ".wav":  # z.mp3 would have been a WAV file misnamed
        raise EncoreError("output must end in .wav (render writes WAV files)", out)
    check_not_an_input(out, [args.midi])  # `render song.wav`: its default output is itself
    job = ConsoleJob(f"rendering {Path(args.midi).name}", quiet=args.json)
    report = export_wav(args.midi, out, args.soundfont, args.sample_rate, args.tempo_scale, job)
    if args.json:
        print(json.dumps(report))
    else:
        level = "silent" if report["silent"] else f"peak {report['peak_dbfs']} dBFS"
        print(f"wrote {out}: {report['duration']:.1f} s, {level}, "
              f"{counted(report['notes'], 'note')}, rendered in {report['render_seconds']} s")
    if warning := level_warning(report):
        print(f"encore: warning: {out}: {warning}", file=sys.stderr)
    return 0


def _list_ports(args) -> int:
    """No ports is an answer, not an error (the preferences grey the choice out and say why): exit 0 either way,
    the reason in the JSON's "unavailable" or on stderr, so stdout stays one port name a line."""
    import json
    import sys

    from .midi_out import output_ports

    ports, reason = output_ports()
    if args.json:
        print(json.dumps({"ports": ports, "unavailable": reason}))
        return 0
    if ports:
        print("\n".join(ports))
    if reason:
        print(f"encore: note: MIDI out unavailable: {reason}", file=sys.stderr)
    return 0


def _play_to_port(args) -> int:
    from ..jobs import ConsoleJob
    from .midi_out import perform
    from .performance import performance_of

    performance = performance_of(args.midi)
    sent = perform(performance, args.midi_out, args.tempo_scale, ConsoleJob(f"playing to {args.midi_out}"))
    print(f"sent {sent} events to {args.midi_out} ({performance.duration / args.tempo_scale:.1f} s)")
    return 0
