"""Settings from environment variables, with safe defaults.

Secrets (the JWT signing key, the VAPID key pair) are never constants in code: when not given
in the environment they are generated on first run and kept under the var/ folder with
owner-only permissions, so restarts keep tokens and push subscriptions valid.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    return float(raw) if raw not in (None, "") else default


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def var_dir() -> Path:
    """The folder of the database and the secrets: owner-only (0700), even if made earlier."""
    path = Path(os.environ.get("CARERUN_VAR_DIR", PROJECT_ROOT / "var"))
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)
    return path


def secure_sqlite_file(database_url: str) -> None:
    """Create the SQLite file owner-only (0600) before any engine opens it, and tighten one
    made earlier. SQLite gives its -wal and -shm files the database file's mode."""
    if not database_url.startswith("sqlite:///"):
        return
    path = Path(database_url.removeprefix("sqlite:///"))
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(0o600)


def _private_file(path: Path, make: callable) -> str:
    """Read a secret file, creating it (mode 0600) on first use."""
    if not path.exists():
        value = make()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(value)
    return path.read_text().strip()


def _make_vapid_pem() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@dataclass(frozen=True)
class TravelSpeeds:
    """Average door-to-door speeds (km/h) per transport mode, and the road factor applied
    to great-circle distance."""

    car: float = 40.0
    walk: float = 4.5
    bike: float = 14.0
    public: float = 18.0
    road_factor: float = 1.3

    def for_mode(self, mode: str) -> float:
        return getattr(self, mode, self.car)


@dataclass(frozen=True)
class AgencySettings:
    window_tolerance_minutes: int = 30  # calls may start this long either side of default time
    max_lateness_minutes: int = 0  # 0: never plan a late start
    late_after_minutes: int = 15  # "late" on the live board after window opens
    max_daily_minutes: int = 10 * 60
    max_weekly_minutes: int = 48 * 60
    break_after_minutes: int = 6 * 60
    break_minutes: int = 30
    max_concurrent_leave: int = 2
    speeds: TravelSpeeds = field(default_factory=TravelSpeeds)
    time_zone: str = "Europe/London"  # the agency's day: a call's date, "today", visit times
    device_clock_tolerance_minutes: int = 15  # a phone time further from ours is flagged
    short_call_percent: int = 25  # a call recorded under this share of its planned length is flagged
    long_call_percent: int = 300  # ... or over this share


@dataclass(frozen=True)
class LoginLimit:
    """Failed sign-ins allowed within the window, per user name and per address (an office
    shares one address, so that limit is higher)."""

    per_username: int = 5
    per_address: int = 30
    window_seconds: int = 15 * 60


@dataclass(frozen=True)
class Settings:
    database_url: str
    jwt_secret: str
    vapid_private_pem: str
    vapid_subject: str
    access_token_minutes: int
    refresh_token_days: int
    osrm_url: str | None
    tile_url: str
    agency: AgencySettings
    login_limit: LoginLimit = field(default_factory=lambda: LoginLimit())
    hsts: bool = False  # send Strict-Transport-Security even when the proxy speaks plain http

    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith(("postgres://", "postgresql://"))

    @property
    def sqlite_path(self) -> Path:
        return Path(self.database_url.removeprefix("sqlite:///"))

    @property
    def vapid_public_key(self) -> str:
        """The application server key as browsers want it (base64url, uncompressed point)."""
        import base64

        from cryptography.hazmat.primitives import serialization

        key = serialization.load_pem_private_key(self.vapid_private_pem.encode(), None)
        raw = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def default_database_url() -> str:
    return f"sqlite:///{var_dir() / 'carerun.sqlite'}"


def load_settings() -> Settings:
    var = var_dir()
    jwt_secret = os.environ.get("CARERUN_JWT_SECRET") or _private_file(
        var / "jwt_secret", lambda: secrets.token_urlsafe(48)
    )
    vapid_pem = os.environ.get("CARERUN_VAPID_PRIVATE_KEY") or _private_file(
        var / "vapid_private.pem", _make_vapid_pem
    )
    speeds = TravelSpeeds(
        car=_env_float("CARERUN_SPEED_CAR_KMH", 40.0),
        walk=_env_float("CARERUN_SPEED_WALK_KMH", 4.5),
        bike=_env_float("CARERUN_SPEED_BIKE_KMH", 14.0),
        public=_env_float("CARERUN_SPEED_PUBLIC_KMH", 18.0),
        road_factor=_env_float("CARERUN_ROAD_FACTOR", 1.3),
    )
    agency = AgencySettings(
        window_tolerance_minutes=_env_int("CARERUN_WINDOW_TOLERANCE_MIN", 30),
        max_lateness_minutes=_env_int("CARERUN_MAX_LATENESS_MIN", 0),
        late_after_minutes=_env_int("CARERUN_LATE_AFTER_MIN", 15),
        max_daily_minutes=_env_int("CARERUN_MAX_DAILY_MIN", 600),
        max_weekly_minutes=_env_int("CARERUN_MAX_WEEKLY_MIN", 48 * 60),
        max_concurrent_leave=_env_int("CARERUN_MAX_CONCURRENT_LEAVE", 2),
        speeds=speeds,
        time_zone=os.environ.get("CARERUN_TIME_ZONE") or "Europe/London",
        device_clock_tolerance_minutes=_env_int("CARERUN_DEVICE_CLOCK_TOLERANCE_MIN", 15),
        short_call_percent=_env_int("CARERUN_SHORT_CALL_PERCENT", 25),
        long_call_percent=_env_int("CARERUN_LONG_CALL_PERCENT", 300),
    )
    return Settings(
        database_url=os.environ.get("DATABASE_URL") or default_database_url(),
        jwt_secret=jwt_secret,
        vapid_private_pem=vapid_pem,
        vapid_subject=os.environ.get("CARERUN_VAPID_SUBJECT", "mailto:admin@carerun.invalid"),
        access_token_minutes=_env_int("CARERUN_ACCESS_TOKEN_MINUTES", 15),
        refresh_token_days=_env_int("CARERUN_REFRESH_TOKEN_DAYS", 14),
        osrm_url=os.environ.get("CARERUN_OSRM_URL") or None,
        tile_url=os.environ.get(
            "CARERUN_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
        ),
        agency=agency,
        login_limit=LoginLimit(
            per_username=_env_int("CARERUN_LOGIN_MAX_PER_USER", 5),
            per_address=_env_int("CARERUN_LOGIN_MAX_PER_ADDRESS", 30),
            window_seconds=_env_int("CARERUN_LOGIN_WINDOW_MIN", 15) * 60,
        ),
        hsts=os.environ.get("CARERUN_HSTS", "").lower() in ("1", "true", "yes"),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
