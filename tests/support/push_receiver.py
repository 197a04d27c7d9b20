"""A local Web Push service for tests: it accepts pushes over real HTTP on loopback, checks
the VAPID signature and decrypts each payload with the subscription's own keys."""

from __future__ import annotations

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from jose import jwt


def b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64u_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Subscription:
    """What a browser would make: a P-256 key pair and an auth secret."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth_secret = os.urandom(16)

    def as_json(self) -> dict:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"endpoint": self.endpoint, "keys": {"p256dh": b64u(public), "auth": b64u(self.auth_secret)}}


class PushReceiver:
    def __init__(self):
        self.subscriptions: dict[str, Subscription] = {}
        self.received: list[dict] = []  # {"path", "payload", "vapid_claims"}
        self.gone_paths: set[str] = set()  # answer 410 Gone for these
        self.redirects: dict[str, str] = {}  # answer 307 to this URL for these paths
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path in receiver.redirects:
                    self.send_response(307)
                    self.send_header("Location", receiver.redirects[self.path])
                    self.end_headers()
                    return
                if self.path in receiver.gone_paths:
                    self.send_response(410)
                    self.end_headers()
                    return
                sub = receiver.subscriptions[self.path]
                scheme, _, params = self.headers["Authorization"].partition(" ")
                fields = dict(p.strip().split("=", 1) for p in params.split(","))
                public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64u_decode(fields["k"]))
                pem = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
                claims = jwt.decode(fields["t"], pem.decode(), algorithms=["ES256"], audience=receiver.origin)
                plain = http_ece.decrypt(body, private_key=sub.private_key, auth_secret=sub.auth_secret,
                                         version="aes128gcm")
                receiver.received.append({"path": self.path, "payload": json.loads(plain),
                                          "vapid_scheme": scheme, "vapid_claims": claims})
                self.send_response(201)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_port}"
        # A short poll interval: shutdown() waits up to one interval (0.5 s by default).
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05},
                                       daemon=True)
        self.thread.start()

    def new_subscription(self, name: str) -> Subscription:
        sub = Subscription(f"{self.origin}/push/{name}")
        self.subscriptions[f"/push/{name}"] = sub
        return sub

    def close(self):
        self.server.shutdown()
        self.server.server_close()
