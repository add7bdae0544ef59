"""Notebooks are code: each one runs top to bottom, headless, on the bundled sample (issue 9)."""

import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_there_is_a_notebook():
    assert "role_explorer.ipynb" in [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs(path: Path, sample_db, tmp_path, monkeypatch):
    nb = nbformat.read(path, as_version=4)
    # Committed without outputs: outputs are noise in review and go stale.
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{path.name}: strip outputs"
    db, _ = sample_db
    monkeypatch.setenv("CREDFLOOR_DB", str(db))  # the sample, refreshed once for the session
    monkeypatch.chdir(tmp_path)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.output_type == "error"
    ]
    assert not errors
    images = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "image/png" in out.get("data", {})
    ]
    assert len(images) >= 2, "the floor chart and the specialization scatter were not drawn"
    assert os.environ["CREDFLOOR_DB"] == str(db)
