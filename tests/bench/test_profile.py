"""The bench's profile summaries (bench/profile.py) read py-spy's collapsed stacks as they are written.

The stacks below are in py-spy's raw format, as `py-spy record --format raw --subprocesses` writes them:
the processes outermost, then the frames, then the count of samples."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import profile

IMPORT = """\
process 10:"python -m service import a.ndjson";process 11:"python -m service import a.ndjson";\
_process_worker (concurrent/futures/process.py:261);validate_article (schemas/v1/validation.py:61) 30
process 10:"python -m service import a.ndjson";<module> (service/__main__.py:3);main (service/cli.py:302);\
SqliteStore._insert_rows (service/store/sqlite.py:235) 60
process 10:"python -m service import a.ndjson";<module> (service/__main__.py:3);main (service/cli.py:302);\
SqliteStore._write (service/store/sqlite.py:144) 15
process 10:"python -m service import a.ndjson";process 12:"python -m service import a.ndjson";\
_process_worker (concurrent/futures/process.py:261);validate_article (schemas/v1/validation.py:70) 5
process 10:"python -m service import a.ndjson";process 12:"python -m service import a.ndjson";\
_process_worker (concurrent/futures/process.py:261);ForkingPickler.dumps (multiprocessing/reduction.py:51) 10
process 10:"python -m service import a.ndjson";Thread.run (threading.py:975);\
_worker (concurrent/futures/thread.py:81) 40
process 10:"python -m service import a.ndjson";main (service/cli.py:302);Condition.wait (threading.py:320) 7
"""


def write(tmp_path: Path, text: str) -> Path:
    raw = tmp_path / "raw.txt"
    raw.write_text(text)
    return raw


def test_samples_go_to_their_process_and_innermost_function(tmp_path: Path) -> None:
    parts = profile.parse(write(tmp_path, IMPORT))
    assert list(parts) == ["the process started", "its child processes"]  # (the first line is a child's)
    started, children = parts["the process started"], parts["its child processes"]
    assert (started.samples, started.waiting) == (75, 47)  # a pool thread waiting for a task, a condition
    assert started.python == {
        "SqliteStore._insert_rows (service/store/sqlite.py)": 60,
        "SqliteStore._write (service/store/sqlite.py)": 15,
    }
    assert (children.samples, children.waiting) == (45, 0)
    assert children.python == {  # two lines of one function, in two workers, are one entry
        "validate_article (schemas/v1/validation.py)": 35,
        "ForkingPickler.dumps (multiprocessing/reduction.py)": 10,
    }


def test_a_rows_note_names_each_process_heaviest_first(tmp_path: Path) -> None:
    found = profile.Profile.read(write(tmp_path, IMPORT))
    assert found.top() == (
        "the process started: SqliteStore._insert_rows (service/store/sqlite.py) 80%, "
        "SqliteStore._write (service/store/sqlite.py) 20%; "
        "its child processes: validate_article (schemas/v1/validation.py) 78%, "
        "ForkingPickler.dumps (multiprocessing/reduction.py) 22%"
    )


def test_a_process_that_hardly_ran_is_left_out_of_the_note(tmp_path: Path) -> None:
    server = (
        'process 20:"granian";Popen.poll (multiprocessing/popen_fork.py:27) 1\n'
        'process 20:"granian";process 21:"granian";run (service/app.py:10);'
        "SqliteStore._write (service/store/sqlite.py:144) 99\n"
    )
    found = profile.Profile.read(write(tmp_path, server))
    assert found.top(1) == "its child processes: SqliteStore._write (service/store/sqlite.py) 100%"


def test_the_summary_gives_shares_and_what_was_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(profile, "ROOT", tmp_path)
    found = profile.Profile.read(write(tmp_path, IMPORT))
    summary = tmp_path / "profiles" / "import.md"
    note = profile.write_summary(found, summary, "Profile: import", "An import.")
    assert note == f"profile: profiles/import.md ({found.top()})"
    text = summary.read_text()
    assert "## the process started: 75 samples (0.8 s of a thread's time)" in text
    assert "Left out: 47 samples of threads waiting for work" in text
    assert "| `SqliteStore._insert_rows (service/store/sqlite.py)` | 80.0% |" in text
    assert "| `ForkingPickler.dumps (multiprocessing/reduction.py)` | 22.2% |" in text
    assert "Raw stacks: `raw.txt`" in text
