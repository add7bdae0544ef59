"""The sample postings bundled with the package (written by the project, not real ads)."""

from importlib import resources
from pathlib import Path


def sample_postings_path() -> Path:
    return Path(str(resources.files("credfloor.extract") / "samples" / "sample_postings.jsonl"))
