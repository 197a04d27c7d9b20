"""Fixtures of the carer app tests: `world`, a client with a care plan, and calls for carers."""

import pytest

from tests.support.carer_world import CarerWorld


@pytest.fixture
def world(client, factory, run) -> CarerWorld:
    return CarerWorld(client, factory, run)
