"""A requests session for push sends that connects only where endpoint_policy allows.

The address check happens inside the connection, on the very addresses the socket is opened
to, so a name that resolved to a public address at subscribe time and to an internal one now
(DNS rebinding) is refused at send time with no window in between. TLS still verifies the
certificate against the host name. Redirects are never followed and proxies from the
environment are not used.
"""

from __future__ import annotations

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import NewConnectionError
from urllib3.util import connection

from api.domain.notify.endpoint_policy import EndpointRefused, public_addresses


def _open_vetted(conn: HTTPConnection):
    try:
        addresses = public_addresses(conn._dns_host, conn.port)
    except EndpointRefused as exc:
        raise NewConnectionError(conn, f"refused by the push endpoint policy: {exc}") from None
    last_error: OSError | None = None
    for address in addresses:
        try:
            return connection.create_connection(
                (address, conn.port), conn.timeout,
                source_address=conn.source_address, socket_options=conn.socket_options,
            )
        except OSError as exc:
            last_error = exc
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last_error}")


class _VettedHTTPConnection(HTTPConnection):
    def _new_conn(self):
        return _open_vetted(self)


class _VettedHTTPSConnection(HTTPSConnection):
    def _new_conn(self):
        return _open_vetted(self)


class _VettedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _VettedHTTPConnection


class _VettedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _VettedHTTPSConnection


class _VettedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _VettedHTTPPool, "https": _VettedHTTPSPool}


class _NoRedirectSession(requests.Session):
    def request(self, method, url, **kwargs):
        kwargs["allow_redirects"] = False  # a 3xx is the push service's answer, not a new target
        return super().request(method, url, **kwargs)


def push_session() -> requests.Session:
    session = _NoRedirectSession()
    session.trust_env = False  # no proxy from the environment: we connect where we checked
    adapter = _VettedAdapter(max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    return session
