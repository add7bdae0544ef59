"""`./run`, the README's set-up: which uv it uses, and what it says when it cannot get one.

The script runs in a temporary copy of the checkout with a PATH of stand-ins only (a fake
python3, pipx or uv that log their arguments), so these tests need no network and cannot pick
up a uv installed on the machine. The real thing (Debian's own python3, no uv, a fresh clone)
is `.ci/fresh-clone`, which needs network.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

TOOLS = ("sh", "rm", "mkdir", "cp", "cat")

FAKE_UV = """#!/bin/sh
printf 'uv %s\\n' "$*" >> "$LOG"
"""
# A virtual environment's python whose pip "installs" uv by copying the fake one beside it.
FAKE_VENV_PYTHON = """#!/bin/sh
printf 'venv-python %s\\n' "$*" >> "$LOG"
[ -n "${FAIL_PIP-}" ] && exit 1
cp "$FAKES/uv" "${0%/*}/uv"
"""
FAKE_PYTHON3 = """#!/bin/sh
printf 'python3 %s\\n' "$*" >> "$LOG"
if [ -n "${FAIL_VENV-}" ]; then
    mkdir -p "$3"
    echo "The virtual environment was not created successfully because ensurepip is not available." >&2
    exit 1
fi
mkdir -p "$3/bin" && cp "$FAKES/venv-python" "$3/bin/python"
"""
FAKE_PIPX = """#!/bin/sh
printf 'pipx %s\\n' "$*" >> "$LOG"
"""


def _script(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)


@pytest.fixture
def sandbox(tmp_path):
    """A checkout holding only `run`, a bin folder with the basic tools, and the fakes."""
    if any(shutil.which(t) is None for t in TOOLS):
        pytest.skip(f"needs {', '.join(TOOLS)} on PATH")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(ROOT / "run", checkout / "run")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in TOOLS:
        (bin_dir / tool).symlink_to(shutil.which(tool))
    fakes = tmp_path / "fakes"
    fakes.mkdir()
    for name, text in (
        ("uv", FAKE_UV),
        ("venv-python", FAKE_VENV_PYTHON),
        ("python3", FAKE_PYTHON3),
        ("pipx", FAKE_PIPX),
    ):
        _script(fakes / name, text)
    log = tmp_path / "log"
    log.touch()

    def run(*args, offer=("python3",), cwd=checkout, **env):
        for name in ("uv", "python3", "pipx"):
            (bin_dir / name).unlink(missing_ok=True)
            if name in offer:
                (bin_dir / name).symlink_to(fakes / name)
        log.write_text("")
        done = subprocess.run(
            [str(checkout / "run"), *args],
            cwd=cwd,
            env={
                "PATH": str(bin_dir),
                "HOME": str(tmp_path),
                "LOG": str(log),
                "FAKES": str(fakes),
                **env,
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
        return done, log.read_text().splitlines()

    run.checkout = checkout
    return run


def test_without_uv_it_installs_uv_into_a_private_venv(sandbox):
    root = sandbox.checkout
    done, log = sandbox("refresh", "--role", "Data Analyst")
    assert done.returncode == 0, done.stderr
    assert "installing it into .tools/uv-venv" in done.stderr
    assert log == [
        f"python3 -m venv {root}/.tools/uv-venv",
        "venv-python -m pip install --quiet uv",
        f"uv sync --project {root} --locked --compile-bytecode -q",
        f"uv run --project {root} --locked --no-sync credfloor refresh --role Data Analyst",
    ]
    # The next run finds it there: no second venv.
    done, log = sandbox("--version")
    assert done.returncode == 0, done.stderr
    assert log == [
        f"uv sync --project {root} --locked --compile-bytecode -q",
        f"uv run --project {root} --locked --no-sync credfloor --version",
    ]


def test_test_command_runs_pytest_from_the_checkout(sandbox, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    done, log = sandbox("test", "-q", "-x", offer=("uv",), cwd=elsewhere)
    assert done.returncode == 0, done.stderr
    assert log[-1] == "uv run --locked --no-sync pytest -q -x"


def test_uv_on_path_is_used_as_is(sandbox):
    done, log = sandbox("floor", "--role", "x", offer=("uv", "python3", "pipx"))
    assert done.returncode == 0, done.stderr
    assert [line.split()[:2] for line in log] == [["uv", "sync"], ["uv", "run"]]
    assert not (sandbox.checkout / ".tools").exists()


def test_pipx_runs_uv_without_installing_it(sandbox):
    done, log = sandbox("--version", offer=("pipx", "python3"))
    assert done.returncode == 0, done.stderr
    assert [line.split()[:5] for line in log] == [
        ["pipx", "run", "--spec", "uv", "uv"],
        ["pipx", "run", "--spec", "uv", "uv"],
    ]
    assert log[0].endswith(
        "sync --project " + str(sandbox.checkout) + " --locked --compile-bytecode -q"
    )


def test_a_python_without_venv_gets_a_clear_message(sandbox):
    done, log = sandbox("refresh", FAIL_VENV="1")
    assert done.returncode == 1
    assert "apt install python3-venv" in done.stderr
    assert "python3 -m venv' does not work here" in done.stderr
    assert not any(line.startswith("uv ") for line in log)
    assert not (sandbox.checkout / ".tools" / "uv-venv").exists()  # no half-made venv left


def test_pip_failure_says_what_to_do(sandbox):
    done, _ = sandbox("refresh", FAIL_PIP="1")
    assert done.returncode == 1
    assert "could not install uv" in done.stderr and "docs.astral.sh/uv" in done.stderr
    assert not (sandbox.checkout / ".tools" / "uv-venv").exists()


def test_no_python_at_all(sandbox):
    done, _ = sandbox("refresh", offer=())
    assert done.returncode == 1
    assert "install Python 3.11+" in done.stderr and "python3-venv" in done.stderr


def test_run_is_posix_sh():
    dash = shutil.which("dash") or shutil.which("sh")
    done = subprocess.run([dash, "-n", str(ROOT / "run")], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (ROOT / "run").read_text(encoding="utf-8").startswith("#!/bin/sh\n")
    assert os.access(ROOT / "run", os.X_OK)


def test_readme_and_ci_use_the_same_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "./run refresh" in readme and "./run test" in readme
    assert "exec ./run test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
