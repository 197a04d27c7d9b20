"""Migrations apply backwards and forwards on the configured engine."""

from api.domain.tables import Carer


def test_migrations_roundtrip(client, migrations_roundtrip, run):
    migrations_roundtrip(client.blocking_portal)
    assert run(Carer.count) == 0
    assert client.get("/health").status_code == 200
