"""Answers cached per process and checked against a data version on every request.

A topic (`rota`) has a counter in `data_version` that database triggers raise on every insert,
update and delete in the tables its answers are built from (TOPICS below; the triggers are in
the migrations). A cached answer is kept with the version read *before* it was built, and is
served only while the version is unchanged: one keyed read instead of the whole build, and a
change by any process, or by hand in the database, is seen by the next request.

Why this is safe: the triggers run in the writer's transaction, so the new version becomes
visible together with the change. An answer built while a change commits may mix old and new
rows, but it is stored under the version read before it, which is already out of date: no later
request is served it.

Whoever makes an answer that is cached here read a table not listed under its topic must add
the table and a migration with its triggers (tests/shared/test_answer_cache.py checks what the
carer's run reads).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable

from api.domain.shared.fast_read import fetch_one

ROTA = "rota"
TOPICS: dict[str, frozenset[str]] = {
    # A carer's run: their calls, the clients, who else is on a call, what was published (the
    # publication's rows, and the agency setting for days never published), and what each day
    # is (leave, standing availability and its exceptions: rostering/carer_days.py).
    ROTA: frozenset({"assignment", "visit", "client", "carer", "rota_publication", "published_assignment",
                     "agency_setting", "leave", "availability", "availability_exception"}),
}

_VERSION_SQL = "SELECT version FROM data_version WHERE topic = ?"
# Every topic's version as columns of another read: authentication reads them with the user, in
# the same round trip, so a cached answer costs no query of its own (api.auth).
VERSION_COLUMNS = ", ".join(f"(SELECT version FROM data_version WHERE topic = '{t}')" for t in TOPICS)
_SCOPE_KEY = "carerun.data_versions"


def remember(scope: dict, values: tuple) -> None:
    """Keep the versions read with VERSION_COLUMNS for the rest of this request."""
    scope[_SCOPE_KEY] = dict(zip(TOPICS, values))


async def current(topic: str, scope: dict | None = None) -> int:
    """The topic's version now (as read at the start of this request, when `scope` has it);
    0 when it has no counter yet (nothing is cached then)."""
    known = scope.get(_SCOPE_KEY) if scope is not None else None
    if known is not None and topic in known:
        return int(known[topic] or 0)
    row = await fetch_one(_VERSION_SQL, topic)
    return int(row[0]) if row and row[0] is not None else 0


class AnswerCache:
    """Rendered answers (bytes) by key, each valid for one version of a topic. Bounded in bytes
    per process: the least recently used go first (a carer's day is about 6 kB, four weeks
    about 150 kB)."""

    def __init__(self, topic: str, max_bytes: int = 32 * 1024 * 1024) -> None:
        if topic not in TOPICS:
            raise ValueError(f"unknown data topic {topic!r}")
        self.topic = topic
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[Hashable, tuple[int, bytes]] = OrderedDict()

    async def get_or_build(self, key: Hashable, build: Callable[[], Awaitable[bytes]],
                           scope: dict | None = None) -> bytes:
        version = await current(self.topic, scope)  # read before building: see the module's note
        entry = self._entries.get(key)
        if entry is not None and entry[0] == version and version:
            self._entries.move_to_end(key)
            return entry[1]
        body = await build()
        if version:
            self._put(key, version, body)
        return body

    def _put(self, key: Hashable, version: int, body: bytes) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.size -= len(old[1])
        if len(body) > self.max_bytes:
            return
        self._entries[key] = (version, body)
        self.size += len(body)
        while self.size > self.max_bytes:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.size -= len(dropped)
