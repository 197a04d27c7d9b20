"""Where the server may send a push: only to `https` push services on public addresses.

A push endpoint is a URL the browser hands us and the server POSTs to, so without this rule any
signed-in user could make the server reach loopback, the private network or a cloud metadata
address (server-side request forgery). The rule is applied when a subscription is stored and
again on every connection made to send (see guarded_http), so a name that later resolves
elsewhere (DNS rebinding) is still refused.

CARERUN_PUSH_ALLOW_LOOPBACK_FOR_TESTS=1 is for the test suite only: it lets the local decrypting
receiver on http://127.0.0.1 stand in for a push service. Never set it on a server.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import urlsplit

ALLOW_LOOPBACK_ENV = "CARERUN_PUSH_ALLOW_LOOPBACK_FOR_TESTS"


class EndpointRefused(ValueError):
    """The endpoint is not one the server may send to; the message says why, in plain words."""


def loopback_allowed() -> bool:
    return os.environ.get(ALLOW_LOOPBACK_ENV) == "1"


def address_refusal(address: str) -> str | None:
    """Why the server must not connect to this IP address, or None when it may."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])  # drop an IPv6 zone id
    if ip.version == 6 and ip.ipv4_mapped:  # ::ffff:127.0.0.1 is 127.0.0.1
        ip = ip.ipv4_mapped
    if ip.is_loopback and loopback_allowed():
        return None
    # is_global is False for loopback, private, link-local, shared, reserved and unspecified
    # ranges; multicast is checked apart because some multicast ranges count as global.
    if not ip.is_global or ip.is_multicast:
        return f"{ip} is not a public address"
    return None


def split_endpoint(url: str) -> tuple[str, int]:
    """(host, port) of an acceptable push URL; refuses what is not https (or a test's http)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise EndpointRefused(f"is not a valid URL ({exc})") from None
    schemes = ("https", "http") if loopback_allowed() else ("https",)
    if parts.scheme not in schemes:
        raise EndpointRefused("must be an https URL")
    if not parts.hostname:
        raise EndpointRefused("must name a host")
    if parts.username is not None or parts.password is not None:
        raise EndpointRefused("must not carry a user name or password")
    return parts.hostname, port or (443 if parts.scheme == "https" else 80)


def public_addresses(host: str, port: int) -> list[str]:
    """Resolve a host and return its addresses, refusing it when any of them is not public.
    Blocking (DNS): call it from a worker thread."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise EndpointRefused(f"host {host} does not resolve ({exc})") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for address in addresses:
        reason = address_refusal(address)
        if reason:
            raise EndpointRefused(f"host {host} resolves to {reason}")
    if not addresses:
        raise EndpointRefused(f"host {host} does not resolve")
    return addresses


def check_endpoint(url: str) -> None:
    """Raise EndpointRefused unless the server may send to this URL now. Blocking (DNS)."""
    host, port = split_endpoint(url)
    public_addresses(host, port)
