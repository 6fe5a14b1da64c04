"""Sound: MIDI to audio with a General MIDI SoundFont (TinySoundFont), WAV export and MIDI out. No Qt here.

- `performance.performance_of(midi)`: timed events (tempo map, sustain pedal) from a path, bytes or MidiFile.
- `synthesizer.Synthesizer(midi, soundfont=None)`: `.stream(start, tempo_scale=, loop=)` chunks, `.render()`.
- `export.export_wav(midi, out, soundfont=None, job=None)`: atomic 16-bit stereo WAV with progress.
- `midi_out.output_ports()` / `MidiOut` / `perform()`: an external synth through mido/python-rtmidi.
"""
