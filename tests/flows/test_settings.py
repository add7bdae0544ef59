"""Process-wide settings: Prefect's state folder and CREDFLOOR_WORKERS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

CREDFLOOR = Path(sys.executable).with_name("credfloor")


def _env(tmp_path: Path, **extra: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("PREFECT_HOME", "CREDFLOOR_DATA", "XDG_DATA_HOME", "CREDFLOOR_WORKERS")
    }
    env["HOME"] = str(tmp_path / "home")
    env.update(extra)
    return env


def _python(code: str, cwd: Path, env: dict) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and "Warning" not in done.stderr, done.stderr
    return done.stdout.strip()


def _tree(path: Path) -> list[str]:
    return sorted(str(p.relative_to(path)) for p in path.rglob("*"))


def test_importing_credfloor_creates_nothing(tmp_path):
    """Not ./data/prefect in the folder a command runs in, nor anything in the user's folders:
    Prefect's home is only named at import (in the user's data folder) and made when flows run."""
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir(), home.mkdir()
    code = (
        "import os, credfloor.flows, credfloor.flows.cli, credfloor.flows.extraction, "
        "credfloor.flows.audit, credfloor.normalize.extractor, credfloor.warehouse.store; "
        "print(os.environ['PREFECT_HOME'])"
    )
    prefect_home = _python(code, cwd, _env(tmp_path))
    assert Path(prefect_home) == home / ".local" / "share" / "credfloor" / "prefect"
    assert _tree(cwd) == [] and _tree(home) == []


def test_the_flow_module_makes_prefect_home_in_the_data_folder_not_the_cwd(tmp_path):
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir(), home.mkdir()
    _python("import credfloor.flows.refresh", cwd, _env(tmp_path))
    assert _tree(cwd) == []
    assert (home / ".local" / "share" / "credfloor" / "prefect").is_dir()
    # CREDFLOOR_DATA moves it; an explicit PREFECT_HOME is kept as it is
    data = tmp_path / "data"
    _python("import credfloor.flows.refresh", cwd, _env(tmp_path, CREDFLOOR_DATA=str(data)))
    assert (data / "prefect").is_dir()
    mine = tmp_path / "mine" / "prefect"
    code = "import os, credfloor.flows.refresh; print(os.environ['PREFECT_HOME'])"
    assert _python(code, cwd, _env(tmp_path, PREFECT_HOME=str(mine))) == str(mine)
    assert mine.is_dir() and _tree(cwd) == []


def test_bad_workers_value_is_one_error_line(tmp_path):
    done = subprocess.run(
        [str(CREDFLOOR), "refresh", "--db", str(tmp_path / "w.duckdb")],
        cwd=tmp_path,
        env=_env(tmp_path, CREDFLOOR_WORKERS="two", PREFECT_HOME=str(tmp_path / "ph")),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("error:") and "CREDFLOOR_WORKERS" in lines[0] and "'two'" in lines[0]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("0", 0), (" 3 ", 3), ("", os.cpu_count() or 1), ("-1", None), ("1.5", None)],
)
def test_workers_from_the_environment(monkeypatch, raw, expected):
    from credfloor.extract.sources.files import InputError
    from credfloor.flows import refresh

    monkeypatch.setattr(refresh, "WORKERS", None)
    monkeypatch.setenv("CREDFLOOR_WORKERS", raw)
    if expected is None:
        with pytest.raises(InputError, match="CREDFLOOR_WORKERS"):
            refresh.workers()
    else:
        assert refresh.workers() == expected
