"""`make test` on a fresh machine: without Chromium (or the independent readers the tests check our
files with) it stops before anything runs, with the one command that installs what is missing; as
root on Debian/Ubuntu it installs them, as .ci/run does. scripts/check-prerequisites.sh is run with a
PATH that holds only stubs, so the machine's own tools (and its root rights) play no part."""

import re
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCRIPT = ROOT / "scripts" / "check-prerequisites.sh"
BASH = shutil.which("bash") or "/bin/bash"
# Debian package -> the program it brings, for the stub apt-get.
PROVIDES = {
    "chromium": "chromium",
    "dcmtk": "dcmdump",
    "dicom3tools": "dciodvfy",
    "tesseract-ocr": "tesseract",
    "openjph-tools": "ojph_compress",
}
EVERYTHING = "chromium dcmtk dicom3tools tesseract-ocr tesseract-ocr-eng openjph-tools"


def stub(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"#!{BASH}\n{body}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def machine(
    tmp_path: Path, *, has: tuple[str, ...] = (), uid: int = 1000, apt: bool = False
) -> dict[str, str]:
    """An environment whose PATH holds stubs only: the programs in `has`, `id` answering `uid`, and
    with `apt` an apt-get that logs its arguments and 'installs' the programs of the packages named."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for program in has:
        stub(folder, program, "exit 0")
    stub(folder, "id", f'[ "$1" = -u ] && echo {uid}')
    if apt:
        installs = " ".join(f"{package}) stub={program};;" for package, program in PROVIDES.items())
        target = f'"{folder}/$stub"'
        stub(
            folder,
            "apt-get",
            f'echo "$*" >> "{tmp_path}/apt.log"\n'
            f'for package in "$@"; do stub=""; case "$package" in {installs} esac\n'
            f'  [ -n "$stub" ] && printf "#!{BASH}\\nexit 0\\n" > {target} && chmod +x {target}\n'
            "done; exit 0",
        )
    return {"PATH": str(folder), "HOME": str(tmp_path), "LANG": "C.UTF-8"}


def check(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BASH, str(SCRIPT), *arguments], env=env, capture_output=True, text=True, timeout=60, check=False
    )


def install_command(stderr: str) -> str:
    commands = [line.strip() for line in stderr.splitlines() if line.strip().startswith("sudo apt-get")]
    assert len(commands) == 1, stderr
    return commands[0]


def test_without_chromium_it_stops_with_the_one_command_that_installs_it(tmp_path: Path) -> None:
    env = machine(tmp_path, has=("dcmdump", "dciodvfy", "tesseract", "ojph_compress"))
    result = check(env)
    assert result.returncode == 1
    assert install_command(result.stderr) == "sudo apt-get install chromium"
    assert result.stdout == ""
    browser_only = check(env, "browser")
    assert browser_only.returncode == 1
    assert install_command(browser_only.stderr) == "sudo apt-get install chromium"


def test_a_fresh_machine_gets_one_command_for_everything(tmp_path: Path) -> None:
    result = check(machine(tmp_path))
    assert result.returncode == 1
    assert install_command(result.stderr) == f"sudo apt-get install {EVERYTHING}"


def test_as_root_on_debian_it_installs_what_is_missing(tmp_path: Path) -> None:
    env = machine(tmp_path, has=("dcmdump",), uid=0, apt=True)
    result = check(env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "bin" / "chromium")  # the Chromium to use
    log = (tmp_path / "apt.log").read_text().splitlines()
    missing = EVERYTHING.replace("dcmtk ", "")
    assert log == ["update -qq", f"install -y -qq --no-install-recommends {missing}"]


def test_as_root_without_apt_it_stops_like_anyone_else(tmp_path: Path) -> None:
    result = check(machine(tmp_path, uid=0))
    assert result.returncode == 1
    assert install_command(result.stderr) == f"sudo apt-get install {EVERYTHING}"


def test_nothing_missing_says_nothing_and_names_the_chromium(tmp_path: Path) -> None:
    env = machine(tmp_path, has=tuple(PROVIDES.values()), apt=True)
    result = check(env)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.strip() == str(tmp_path / "bin" / "chromium")
    assert not (tmp_path / "apt.log").exists()


def test_chromium_path_names_a_browser_off_path(tmp_path: Path) -> None:
    elsewhere = tmp_path / "opt"
    elsewhere.mkdir()
    browser = stub(elsewhere, "chrome", "exit 0")
    env = machine(tmp_path)
    named = check(env | {"CHROMIUM_PATH": str(browser)}, "browser")
    assert (named.returncode, named.stdout.strip()) == (0, str(browser))
    wrong = check(env | {"CHROMIUM_PATH": str(elsewhere / "nothing")}, "browser")
    assert wrong.returncode == 1 and "CHROMIUM_PATH" in wrong.stderr


def test_the_list_is_the_one_ci_installs() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    installed_by_ci = dict(re.findall(r"command -v (\S+) >/dev/null 2>&1 \|\| missing\+=\(([^)]*)\)", ci))
    checked = dict(re.findall(r'"(\w+):([a-z0-9 -]+)"', SCRIPT.read_text()))
    assert installed_by_ci and checked == installed_by_ci


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_checks_before_it_runs_anything(tmp_path: Path) -> None:
    make = shutil.which("make")
    assert make is not None
    for target, scope in (("test", "all"), ("test-e2e", "browser")):
        planned = subprocess.run(
            [make, "-n", "--no-print-directory", target],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        ).stdout.splitlines()
        assert planned[0].endswith(f"check-prerequisites.sh {scope} >/dev/null"), planned[:3]
    # and the check itself, on a machine that has none of the tools: make stops with the command
    env = machine(tmp_path) | {"MAKEFLAGS": ""}
    stopped = subprocess.run(
        [make, "-s", "check-prerequisites"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert stopped.returncode != 0
    assert install_command(stopped.stderr) == f"sudo apt-get install {EVERYTHING}"
