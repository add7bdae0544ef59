"""A real `credfloor refresh` in a process of its own, for the tests that read the warehouse
while one runs or kill it part-way (test_refresh_readers.py, test_crash.py), and the postings
they feed it."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

CERTS = [
    "CompTIA Security+",
    "AWS Certified Solutions Architect - Associate",
    "CISSP",
    "a Bachelor's degree in computer science",
    "PMP certification",
    "Tableau Desktop Specialist",
    "an active Secret clearance",
    "CCNA",
]
TITLES = ["Cloud Engineer", "Security Analyst", "Data Analyst", "Project Manager", "Nurse"]
WORDS = (
    "deploy monitor automate network storage pipeline secure scale migrate audit report "
    "design document support triage patch review budget schedule coordinate analyse"
).split()


def write_inputs(folder: Path, n: int = 800) -> Path:
    """n postings written by us (distinct texts, a few reposts) and two bad lines."""
    rng = random.Random(11)
    lines = []
    for i in range(n):
        named = rng.sample(CERTS, rng.randint(1, 3))
        filler = " ".join(rng.choice(WORDS) for _ in range(rng.randint(80, 200)))
        text = f"About the job {i}: {filler}. Requirements: {', '.join(named)} required."
        posting = {
            "id": f"p{i}",
            "title": rng.choice(TITLES),
            "company": f"Employer {i % 97}",
            "description": text,
        }
        lines.append(json.dumps(posting))
        if i % 50 == 0:  # a repost of the same ad under another id
            lines.append(json.dumps({**posting, "id": f"p{i}-repost"}))
    lines.insert(100, "{not json")
    lines.insert(450, json.dumps({"id": "no-text", "title": "Cloud Engineer"}))
    path = folder / "postings.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refresh_argv(*args: str) -> list[str]:
    """The command line of `credfloor refresh ARGS...` run by this interpreter."""
    return [sys.executable, "-m", "credfloor.flows.cli", "refresh", *args]


def start_refresh(*args: str, env: dict | None = None) -> subprocess.Popen:
    """`credfloor refresh ARGS...` started in its own session, so `kill_refresh` takes its
    children (Prefect's ephemeral server included) with it; stderr (its progress lines) is
    piped as text."""
    return subprocess.Popen(
        refresh_argv(*args),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def kill_refresh(proc: subprocess.Popen) -> None:
    """SIGKILL the refresh and its children, as a power cut would, unless it has ended."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # it ended meanwhile
            pass
