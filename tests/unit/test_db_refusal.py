"""The last-resort reading of database refusals: plain words, the field when the engine says
it, never the database's own message. Real sqlite3 errors, made on an in-memory database."""

import sqlite3

import pytest

from api.domain.shared.db_errors import refusal


def _error_from(sql: str) -> Exception:
    db = sqlite3.connect(":memory:")
    db.executescript("""
        PRAGMA foreign_keys = ON;
        CREATE TABLE client (id INTEGER PRIMARY KEY);
        CREATE TABLE app_user (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL,
                               client INTEGER REFERENCES client(id));
        INSERT INTO app_user (id, username) VALUES (1, 'taken');
    """)
    with pytest.raises(Exception) as caught:
        db.execute(sql)
    return caught.value


def test_unique_is_409_naming_the_column():
    answer = refusal(_error_from("INSERT INTO app_user (username) VALUES ('taken')"))
    assert (answer.status_code, answer.field) == (409, "username")
    assert "constraint" not in str(answer.body()).lower() and "app_user" not in str(answer.body())


def test_missing_foreign_key_is_400():
    answer = refusal(_error_from("INSERT INTO app_user (username, client) VALUES ('new', 99)"))
    assert answer.status_code == 400
    assert answer.body()["extra"][0]["message"] == "refers to a record that does not exist"
    assert "FOREIGN" not in str(answer.body())


def test_not_null_is_400_naming_the_column():
    answer = refusal(_error_from("INSERT INTO app_user (username) VALUES (NULL)"))
    assert (answer.status_code, answer.field) == (400, "username")


def test_a_number_too_large_to_store_is_400():
    answer = refusal(OverflowError("Python int too large to convert to SQLite INTEGER"))
    assert answer.status_code == 400 and "SQLite" not in str(answer.body())


def test_other_errors_are_not_read_as_refusals():
    assert refusal(RuntimeError("boom")) is None


def test_text_postgresql_cannot_store_is_400():
    from asyncpg.exceptions import CharacterNotInRepertoireError

    answer = refusal(CharacterNotInRepertoireError('invalid byte sequence for encoding "UTF8": 0x00'))
    assert answer.status_code == 400 and "UTF8" not in str(answer.body())
