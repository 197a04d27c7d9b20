"""E-mail through the agency's SMTP server, when one is set in the agency settings.

The settings (group "Notifications"): `smtp_host` (empty: no e-mail is sent), `smtp_port`,
`smtp_from`, `smtp_starttls`, `smtp_username`, `smtp_password`. Sending is blocking
(smtplib) and runs in a worker thread, off the request path; a failure is returned as text,
never raised to the caller.
"""

from __future__ import annotations

import asyncio
import smtplib
from email.message import EmailMessage

import msgspec

from api.domain.setup import agency_settings

SMTP_TIMEOUT_S = 10  # a slow or dead mail server must not hold a thread for long


class SmtpServer(msgspec.Struct, frozen=True):
    host: str
    port: int
    sender: str
    starttls: bool = False
    username: str = ""
    password: str = ""


async def configured_server() -> SmtpServer | None:
    """The agency's SMTP server, or None when e-mail is not set up."""
    host = (await agency_settings.get("smtp_host") or "").strip()
    if not host:
        return None
    return SmtpServer(
        host=host,
        port=int(await agency_settings.get("smtp_port") or 25),
        sender=(await agency_settings.get("smtp_from") or "").strip() or "carerun@localhost",
        starttls=bool(await agency_settings.get("smtp_starttls")),
        username=await agency_settings.get("smtp_username") or "",
        password=await agency_settings.get("smtp_password") or "",
    )


def _send(server: SmtpServer, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = server.sender, to, subject
    message.set_content(body)
    with smtplib.SMTP(server.host, server.port, timeout=SMTP_TIMEOUT_S) as smtp:
        if server.starttls:
            smtp.starttls()
        if server.username:
            smtp.login(server.username, server.password)
        smtp.send_message(message)


async def send(server: SmtpServer, to: str, subject: str, body: str) -> str | None:
    """Send one e-mail; None when the server accepted it, else what went wrong."""
    try:
        await asyncio.to_thread(_send, server, to, subject, body)
        return None
    except (OSError, smtplib.SMTPException) as exc:
        return f"{type(exc).__name__}: {exc}"[:500]
