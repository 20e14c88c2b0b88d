"""Answers the server has already given, kept and given again: the store it serves does not change.

`diplograph serve` opens its store read-only and keeps reading the snapshot it opened, so the same
request always gets the same answer. A successful response (status 200) is kept in a bounded LRU,
keyed by what decides its content: the path, the query (its text, however it was sent) or the
page's parameters, and the negotiated format and language, never the raw Accept headers. Each key
has an entity tag derived from the key and the identity of what is served (the store snapshot,
the base, the row limit, diplograph's version), so a client that sends it back in `If-None-Match`
gets 304 without the page being made again. The tag is weak: a body made again after the server
restarts says the same thing but need not have the same bytes (the order of a JSON-LD document).
Errors are not kept in the LRU; the one exception is a query that ran out of time even when made in the
background for longer (see `answer_slow`): its 503 is given again rather than run again. A remote SPARQL
store can change under the server: nothing is cached then.
"""

from __future__ import annotations

import asyncio
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from concurrent.futures import Future
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import Response

from diplograph.store.kept import store_identity as kept_identity
from diplograph.store.location import StoreSpec

KEEP_MAKING = 5
"""A slow answer goes on being made after its request's time limit, up to this many times that limit, and is kept."""

DEFAULT_MAX_ENTRIES = 4096
"""Responses kept at most."""

DEFAULT_MAX_BYTES = 128 * 1024 * 1024
"""Bytes of response bodies kept at most; one body larger than a sixteenth of this is not kept."""

CONDITIONAL_METHODS = ("GET", "HEAD")
"""Methods whose responses carry the entity tag and answer If-None-Match (a POST gets neither)."""

NOT_MODIFIED_HEADERS = (b"etag", b"vary", b"content-location", b"cache-control")
"""The headers a 304 repeats from the response it stands for (RFC 9110, 15.4.5)."""


def store_identity(spec: StoreSpec) -> str | None:
    """What tells one snapshot of a local store from another, or None for a store that can change (a server).

    An embedded store is known by what `store.kept` keys its kept answers on (the build's manifest, the
    RocksDB files' names and sizes), so answers and projections kept beside it do not change its tags.
    """
    if spec.kind == "oxigraph":
        folder = spec.path.resolve()
        return f"oxigraph {folder} {kept_identity(folder)}"
    if spec.kind == "memory":
        dump = spec.dump.resolve()
        return f"memory {_stat_identity(dump)} {dump.stat().st_size}"
    return None


def _stat_identity(path: Path) -> str:
    stat = path.stat()
    return f"{path} {stat.st_dev}:{stat.st_ino} {stat.st_mtime_ns}"


def served_identity(store: str, *settings: object) -> str:
    """The store's identity with what else shapes an answer: the settings given, diplograph's version."""
    try:
        release = version("diplograph")
    except PackageNotFoundError:
        release = "unknown"
    return " | ".join([store, release, *map(str, settings)])


@dataclass(frozen=True)
class Kept:
    """A response as kept: its status, body and headers (the entity tag among them)."""

    etag: str
    body: bytes
    raw_headers: tuple[tuple[bytes, bytes], ...]

    def respond(self, request: Request) -> Response:
        """The kept response, or 304 when a GET or HEAD already holds it (If-None-Match)."""
        conditional = request.method in CONDITIONAL_METHODS
        if conditional and matches(request.headers.get("if-none-match"), self.etag):
            response = Response(status_code=304)
            response.raw_headers = [(k, v) for k, v in self.raw_headers if k in NOT_MODIFIED_HEADERS]
            return response
        response = Response(self.body, status_code=200)
        response.raw_headers = [(k, v) for k, v in self.raw_headers if conditional or k != b"etag"]
        return response


def matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an If-None-Match header names this entity tag (weak comparison) or is `*`."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    opaque = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == opaque for tag in if_none_match.split(","))


class ResponseCache:
    """A bounded LRU of successful responses of one server over one store snapshot."""

    def __init__(
        self,
        identity: str,
        max_entries: int = DEFAULT_MAX_ENTRIES,
        max_bytes: int = DEFAULT_MAX_BYTES,
        background: int = 1,
    ):
        self.identity = identity
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[Hashable, Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self._making: dict[Hashable, anyio.Event] = {}
        self._background: dict[Hashable, tuple[Future, list[bool]]] = {}
        self._background_slots = threading.BoundedSemaphore(max(1, background))
        self._given_up: OrderedDict[Hashable, Response] = OrderedDict()
        self.hits = 0
        self.misses = 0

    def etag(self, key: Hashable) -> str:
        """The weak entity tag of a key: the same key over the same store has the same tag."""
        digest = hashlib.sha256(f"{self.identity}\n{key!r}".encode()).hexdigest()[:32]
        return f'W/"{digest}"'

    def get(self, key: Hashable) -> Kept | None:
        """The response kept for a key, now the most recently used, or None."""
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: Hashable, response: Response) -> Kept:
        """Keep a successful response (if it fits), evicting the least recently used; return it as kept."""
        etag = self.etag(key)
        headers = tuple(response.raw_headers) + ((b"etag", etag.encode("latin-1")),)
        kept = Kept(etag, bytes(response.body), headers)
        if len(kept.body) > self.max_bytes // 16:
            return kept
        with self._lock:
            previous = self._kept.pop(key, None)
            if previous is not None:
                self._bytes -= len(previous.body)
            self._kept[key] = kept
            self._bytes += len(kept.body)
            while self._kept and (len(self._kept) > self.max_entries or self._bytes > self.max_bytes):
                _, evicted = self._kept.popitem(last=False)
                self._bytes -= len(evicted.body)
        return kept

    def __len__(self) -> int:
        return len(self._kept)

    @property
    def bytes_kept(self) -> int:
        """The bytes of the bodies kept now."""
        return self._bytes

    async def answer(self, request: Request, key: Hashable, make: Callable[[], Awaitable[Response]]) -> Response:
        """The kept response for `key`, else `make` it, keep it if it succeeded, and answer the request.

        Requests for a key that is being made wait for it instead of making it again (eight clients
        asking for the same slow query run it once); if it fails, each makes its own answer.
        """
        kept = self.get(key)
        if kept is None:
            making = self._making.get(key)
            if making is not None:
                await making.wait()
                kept = self.get(key)
        if kept is not None:
            self.hits += 1
            return kept.respond(request)
        self.misses += 1
        done = None if key in self._making else self._making.setdefault(key, anyio.Event())
        try:
            response = await make()
        finally:
            if done is not None:
                del self._making[key]
                done.set()
        if response.status_code != 200:
            return response
        return self.put(key, response).respond(request)

    async def answer_slow(
        self,
        request: Request,
        key: Hashable,
        make: Callable[[float], Awaitable[Response]],
        limit: float,
        busy: Callable[[], Response],
    ) -> Response:
        """Answer as `answer` does, but an answer not made within `limit` goes on being made and is kept.

        `make(seconds)` makes the answer within that time. The request that finds the answer late gets
        `busy()` (503, ask again); so does every later request for it until it is made (KEEP_MAKING times
        the limit at most, a slot of `background` each), then the kept answer. One runaway query then runs
        once instead of once per client and per request, and the others are not held up behind it.
        An answer that failed even with the longer time is given as failed again (the store does not change).
        """
        kept = self.get(key)
        if kept is not None:
            self.hits += 1
            return kept.respond(request)
        with self._lock:
            given_up = self._given_up.get(key)
            pending = self._background.get(key)
            started = pending is None and given_up is None and self._background_slots.acquire(blocking=False)
            if started:
                pending = (Future(), [False])
                self._background[key] = pending
        if given_up is not None:
            response = Response(given_up.body, status_code=given_up.status_code)
            response.raw_headers = list(given_up.raw_headers)
            return response
        if pending is None:  # every slot busy: made within the request's own limit, as usual
            return await self.answer(request, key, lambda: make(limit))
        future, late = pending
        if late[0]:
            return busy()
        if started:
            self.misses += 1
            threading.Thread(target=self._keep_making, args=(key, make, limit * KEEP_MAKING), daemon=True).start()
        try:
            response = await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), limit)
        except TimeoutError:
            late[0] = True
            return busy()
        kept = self.get(key)
        if kept is None:
            return response
        self.hits += not started
        return kept.respond(request)

    def _keep_making(self, key: Hashable, make: Callable[[float], Awaitable[Response]], seconds: float) -> None:
        """Make one answer in a thread of its own, keep it if it succeeded, and tell those waiting for it."""
        future, _ = self._background[key]
        try:
            response = anyio.run(make, seconds)
            if response.status_code == 200:
                self.put(key, response)
            elif response.status_code == 503:
                with self._lock:  # as bounded as the kept answers: the oldest failure is forgotten first
                    self._given_up[key] = response
                    while len(self._given_up) > self.max_entries:
                        self._given_up.popitem(last=False)
            future.set_result(response)
        except BaseException as error:  # the waiting requests get the error, not a hang
            future.set_exception(error)
        finally:
            with self._lock:
                del self._background[key]
            self._background_slots.release()
