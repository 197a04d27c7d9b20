"""Solver workers for the tests: on PostgreSQL jobs wait on the procrastinate queue, so a test
that runs a job needs a `carerun worker` process; on SQLite the server starts one per job."""

import os
import subprocess
import sys

import pytest

from api.domain.shared.db import is_postgres


class QueueWorker:
    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "api.cli", "worker"],
                                        env=dict(os.environ), stdout=subprocess.DEVNULL)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            self.process = None


@pytest.fixture
def solver_queue():
    """A queue worker while the test runs (PostgreSQL only; None on SQLite)."""
    if not is_postgres():
        yield None
        return
    worker = QueueWorker()
    worker.start()
    yield worker
    worker.stop()
