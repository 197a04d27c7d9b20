"""`carerun serve` and `up` take --workers (default one per core) and refuse nonsense plainly."""

import os

import pytest

from api.cli import _parser


@pytest.mark.parametrize("command", ["serve", "up"])
def test_workers_default_to_one_per_core_and_take_a_number(command):
    assert _parser().parse_args([command]).workers == (os.cpu_count() or 1)
    assert _parser().parse_args([command, "--workers", "3"]).workers == 3


@pytest.mark.parametrize("bad, reason", [("0", "between 1 and 64"), ("two", "whole number"), ("-1", "between")])
def test_a_bad_worker_count_is_refused_naming_the_option(bad, reason, capsys):
    with pytest.raises(SystemExit) as exit_:
        _parser().parse_args(["serve", "--workers", bad])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "--workers" in err and reason in err
