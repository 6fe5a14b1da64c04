"""The command line's contract: help, version, one-line errors with status 2."""

import os
import sys
from pathlib import Path

import pytest
from conftest import ROOT, run_encore


def test_help_lists_the_command_groups():
    result = run_encore("--help")
    assert result.returncode == 0
    for group in ("jazz", "setlist", "render"):
        assert f"  {group} " in result.stdout


def test_version():
    result = run_encore("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("Encore ")


def test_unknown_option_is_one_line_and_status_2():
    result = run_encore("--no-such-option")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_group_without_command_is_one_line_and_status_2():
    result = run_encore("jazz")
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [("setlist", "train", "--out", "m"),
                                     ("setlist", "predict", "--model", "m", "--out", "x.txt"),
                                     ("jazz", "generate", "--model", "m", "--out", "x.mid")])
def test_a_seed_outside_the_generators_range_is_one_line_and_status_2(command, tmp_path):
    """numpy refused -1 with a ValueError that reached the user as an internal error, after the training."""
    for seed, problem in (("-1", "-1 is outside 0-4294967295"), ("4294967296", "outside"), ("x", "not a whole")):
        result = run_encore(*command, "--seed", seed, cwd=tmp_path)
        assert result.returncode == 2 and problem in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command, option", [
    (("jazz", "generate", "--model", "m", "--chords", "", "--out", "x.mid"), "--chords"),
    (("jazz", "generate", "--model", "m", "--base", "b.mid", "--regenerate", " ", "--out", "x.mid"), "--regenerate"),
    (("jazz", "generate", "--model", "m", "--out", ""), "--out"),
    (("setlist", "stats", "--data", "a.csv", "--data", ""), "--data"),
    (("render", ""), "FILE.mid"),
])
def test_an_empty_value_is_refused_not_read_as_absent(command, option, tmp_path):
    """'--chords ""' improvised over the source's chords and '--regenerate ""' the whole solo, without a word."""
    result = run_encore(*command, cwd=tmp_path)
    assert result.returncode == 2 and f"{option} was given an empty value" in result.stderr
    assert not list(tmp_path.iterdir())


def test_no_display_says_so_in_one_line():
    env = {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    result = run_encore(env=env)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no display" in lines[0] and "--help" in lines[0]


def test_screenshot_writes_a_png_of_the_window(tmp_path):
    out = tmp_path / "window.png"
    result = run_encore("--screenshot", str(out), "--page", "setlists")
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PySide6.QtGui import QImage

    image = QImage(str(out))
    assert image.width() >= 800 and image.height() >= 600
    # a real picture of a window, not a blank canvas: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, image.width(), 23) for y in range(0, image.height(), 23)}
    assert len(colours) > 3


def test_a_screenshot_waits_for_the_page_and_leaves_the_users_page_alone(tmp_path):
    """It grabbed the window 100 ms after showing it, racing the demo band (blank, half or whole by run), and
    the next launch opened on the page it had shown."""
    from PySide6.QtGui import QImage

    config = tmp_path / "config"
    (config / "Encore").mkdir(parents=True)
    (config / "Encore" / "Encore.conf").write_text("[General]\nworkspace=jazz\n")
    env = {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(tmp_path / "data")}
    for n in range(2):
        result = run_encore("--screenshot", str(tmp_path / f"{n}.png"), "--page", "setlists", env=env)
        assert result.returncode == 0, result.stderr
    first, second = QImage(str(tmp_path / "0.png")), QImage(str(tmp_path / "1.png"))
    assert first == second  # one command, one picture
    assert "workspace=jazz" in (config / "Encore" / "Encore.conf").read_text()


def test_a_screenshot_named_jpg_is_a_jpeg(tmp_path):
    """It wrote PNG data under the .jpg name."""
    result = run_encore("--screenshot", str(tmp_path / "window.jpg"), "--page", "setlists")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "window.jpg").read_bytes()[:3] == b"\xff\xd8\xff"


def test_screenshot_into_missing_folder_fails_cleanly(tmp_path):
    result = run_encore("--screenshot", str(tmp_path / "nope" / "w.png"))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr == f"encore: error: {tmp_path / 'nope'}: folder does not exist\n"


@pytest.mark.parametrize("argv", [("--screenshot", "solo.mid"), ("solo.mid", "--screenshot", "solo.mid"),
                                  ("--page", "setlists", "--screenshot", "shows.csv"),
                                  ("--screenshot", "notes.txt")])
def test_a_screenshot_not_named_as_a_picture_is_refused_and_writes_nothing(argv, tmp_path):
    """`--screenshot song.mid`, typed as if it opened the song, wrote a PNG over the song (or the band's
    history, or any file), and exited 0."""
    kept = {"solo.mid": b"MThd\0\0\0\6\0\1\0\1\1\xe0", "shows.csv": b"show_date,set,song\n",
            "notes.txt": b"hi\n"}
    for name, data in kept.items():
        (tmp_path / name).write_bytes(data)
    result = run_encore(*argv, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (f"encore: error: {argv[-1]}: output must end in .png, .jpg, .jpeg or .bmp "
                             "(--screenshot writes a picture of the window)\n")
    assert {f.name: f.read_bytes() for f in tmp_path.iterdir()} == kept


def test_a_screenshot_over_a_file_the_window_opens_is_refused(tmp_path):
    picture = tmp_path / "cover.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    result = run_encore("--screenshot", "./cover.png", str(picture), cwd=tmp_path)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"encore: error: ./cover.png: is one of the files this was read from "
                                    f"({picture})")
    assert picture.read_bytes() == b"\x89PNG\r\n\x1a\nnot really"


def test_a_screenshot_beside_the_pictures_of_a_folder_the_window_opens_is_taken(tmp_path):
    """`--screenshot pngs/a.png pngs` was refused as "one of the files this was read from (pngs/a.png)":
    the window reads a folder's solos, never its pictures."""
    from gui.app import check_screenshot_name

    (tmp_path / "a.png").write_bytes(b"\x89PNG\r\n\x1a\nthe last one")
    (tmp_path / "solo.mid").write_bytes(b"MThd")
    check_screenshot_name(str(tmp_path / "a.png"), [str(tmp_path)])


def test_a_screenshot_over_a_folders_song_under_another_name_is_refused(tmp_path):
    """A song the folder's files open that is the picture's file (a hard link) would still be lost."""
    from engine.errors import EncoreError
    from gui.app import check_screenshot_name

    (tmp_path / "a.png").write_bytes(b"MThd")
    os.link(tmp_path / "a.png", tmp_path / "solo.mid")
    with pytest.raises(EncoreError, match="is one of the files this was read from") as refused:
        check_screenshot_name(str(tmp_path / "a.png"), [str(tmp_path)])
    assert str(tmp_path / "solo.mid") in str(refused.value)


def test_a_screenshot_inside_a_file_says_it_is_a_file_as_the_exports_do(tmp_path):
    """`--screenshot solo.mid/shot.png` said "solo.mid: folder does not exist"."""
    (tmp_path / "solo.mid").write_bytes(b"MThd")
    result = run_encore("--screenshot", "solo.mid/shot.png", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == "encore: error: solo.mid: is a file, not a folder\n"
    assert [f.name for f in tmp_path.iterdir()] == ["solo.mid"]


def test_a_refused_screenshot_never_builds_the_window(monkeypatch, tmp_path, capsys):
    """The name is checked first: a refusal costs no window, no start-up work, no file opened."""
    import main
    from gui import app

    monkeypatch.setattr(app, "make_application", lambda *a: pytest.fail("the window was built"))
    (tmp_path / "solo.mid").write_bytes(b"MThd")
    monkeypatch.chdir(tmp_path)
    assert main.main(["--screenshot", "solo.mid", "solo.mid"]) == 2
    assert "output must end in" in capsys.readouterr().err
    assert (tmp_path / "solo.mid").read_bytes() == b"MThd"


@pytest.mark.parametrize("option, value", [("--screenshot", "s.png"), ("--page", "jazz")])
def test_the_windows_options_do_not_go_with_a_command(option, value, tmp_path):
    """`--screenshot s.png models list` listed the models and silently took no screenshot."""
    models = {"XDG_DATA_HOME": str(tmp_path / "d")}
    result = run_encore(option, value, "models", "list", cwd=tmp_path, env=models)
    assert result.returncode == 2
    assert result.stderr == (f"encore: error: {option} is for the window; it does not go with the command "
                             "'models' (see encore --help)\n")
    assert result.stdout == "" and not list(tmp_path.iterdir())


def test_a_file_name_the_system_refuses_is_one_line_naming_it(tmp_path):
    """A name too long came out as 'OSError: [Errno 36] ... (set ENCORE_DEBUG=1 for details)'."""
    name = str(tmp_path / ("x" * 5000 + ".mid"))
    result = run_encore("jazz", "inspect", name)
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"encore: error: {name[:100]}…") and result.stderr.endswith(
        ".mid: File name too long\n")


def test_a_file_encore_refuses_by_a_very_long_name_is_cut_in_its_one_line(tmp_path):
    """Encore's own refusal printed the whole 5,000-character name, where the system's was cut."""
    name = str(tmp_path / ("x" * 5000 + ".json"))
    result = run_encore("setlist", "predict", "--model", "no-model", "--out", name)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and len(result.stderr) < 300
    assert result.stderr.startswith(f"encore: error: {name[:100]}…") and "xxx.json: the name is too long" in \
        result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_result_standard_output_refuses_is_an_error_naming_it():
    """With stdout closed a --json command printed nothing and exited 0; on a full disk the message did not say
    what was full."""
    import subprocess

    command = [sys.executable, str(ROOT / "main.py"), "setlist", "stats", "--json"]
    closed = subprocess.run(command, stderr=subprocess.PIPE, text=True, preexec_fn=lambda: os.close(1))
    assert (closed.returncode, closed.stderr) == (2, "encore: error: standard output: closed\n")
    with open("/dev/full", "w") as full:
        refused = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, text=True)
    assert (refused.returncode, refused.stderr) == (2, "encore: error: standard output: No space left on device\n")
