"""Configuration from the environment: every value read once, and a bad one stops the start with its name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.http.auth import digest
from service.settings import Settings


def test_defaults_serve_sqlite_on_loopback() -> None:
    settings = Settings.from_env({})
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.database_url.startswith("sqlite:///") and settings.database_url.endswith("var/newsfacts.sqlite3")
    assert settings.token_digests == frozenset() and settings.migrate_on_start is True
    assert settings.read_threads == max(2, len(os.sched_getaffinity(0)))  # as many as the cores, at least two
    assert Settings.from_env({"READ_THREADS": "12"}).read_threads == 12


def test_tokens_from_the_variable_and_the_file_are_kept_only_as_digests(tmp_path: Path) -> None:
    file = tmp_path / "tokens"
    file.write_text("# editors\nfile-token\n\n")
    settings = Settings.from_env({"API_TOKENS": "s3cret-a, s3cret-b,,", "API_TOKENS_FILE": str(file)})
    assert settings.token_digests == {digest("s3cret-a"), digest("s3cret-b"), digest("file-token")}
    assert (
        "s3cret" not in repr(settings) and "file-token" not in repr(settings) and "token_digests" not in repr(settings)
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"PORT": "eighty"}, "PORT must be a whole number, got 'eighty'"),
        ({"MAX_BODY_BYTES": "-1"}, "MAX_BODY_BYTES must be a whole number, got '-1'"),
        ({"READ_THREADS": "0"}, "READ_THREADS must be a whole number of at least 1, got '0'"),
        ({"MIGRATE_ON_START": "maybe"}, "MIGRATE_ON_START must be true or false, got 'maybe'"),
        ({"API_TOKENS_FILE": "/nonexistent/tokens"}, "API_TOKENS_FILE '/nonexistent/tokens' cannot be read"),
    ],
)
def test_a_bad_value_names_itself(env: dict[str, str], message: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        Settings.from_env(env)
    assert str(stopped.value).startswith(message)


def test_public_url_loses_its_trailing_slash() -> None:
    assert Settings.from_env({"PUBLIC_URL": "https://facts.example.org/"}).public_url == "https://facts.example.org"


def test_a_port_in_other_digits_is_refused_cleanly() -> None:
    with pytest.raises(SystemExit) as stopped:
        Settings.from_env({"PORT": "²"})
    assert str(stopped.value) == "PORT must be a whole number, got '²'"
