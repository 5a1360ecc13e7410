"""Work spread over a Ray cluster (``workbench build --engine ray``), the optional extra
``pip install 'workbench[ray]'``.

Ray is an existing engine for this: it starts workers on every node, ships their
arguments and results, and restarts nothing by hand. Only Ray Core is used (tasks and
actors), not Ray Data: the work comes as ordered chunks whose results the driver writes
to SQLite in the order given, which an ordered, bounded map over actors does in a few
lines; Ray Data would add pyarrow and pandas for no gain here.

:class:`RayEngine` is the one place that knows Ray. The stages call its :meth:`map`:
``extract.parallel`` with a spaCy model loaded once per actor (``setup``), ``group`` with
stateless tasks (pair scoring by story block, clustering by component). The driver keeps
the database: workers never open it, so SQLite keeps one writer.

Ray is imported only here, and only when an engine is made: the core never needs it.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

MISSING = "workbench build --engine ray needs the ray extra: pip install 'workbench[ray]'"
LOCAL_OBJECT_STORE = 512 * 1024 * 1024  # bytes, for a local instance this engine starts


class EngineError(RuntimeError):
    """The cluster could not be reached or a worker could not start: one line saying so."""


class EngineMissing(EngineError):
    """Ray is not installed; the message says how to install it."""


def _ray():
    try:
        import ray
    except ImportError:
        raise EngineMissing(MISSING) from None
    return ray


def require() -> None:
    """Raise :class:`EngineMissing` unless Ray can be imported."""
    _ray()


def _last_line(exc: BaseException) -> str:
    """What a Ray error says in the end (its text holds the worker's whole traceback)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[-1] if lines else type(exc).__name__


def _apply(fn: Callable[[Any], Any], arg: Any) -> Any:
    return fn(arg)


class _Holder:
    """A Ray actor's state, handed to every call: what ``setup`` made once (a spaCy
    model), or ``shared`` (read from the object store once per actor)."""

    def __init__(self, setup: Callable[[], Any] | None, shared: Any = None):
        self.state = setup() if setup is not None else shared

    def run(self, fn: Callable[[Any, Any], Any], arg: Any) -> Any:
        return fn(self.state, arg)


class RayEngine:
    """A connection to a Ray cluster for the length of a ``with`` block.

    ``address``: a running cluster ("auto" finds the one this node belongs to, or
    ``HOST:6379``); None starts a local instance with ``cpus`` CPUs and
    ``object_store`` bytes of shared memory, shut down again at the end. One worker per
    CPU of the cluster (at most ``cpus`` when given)."""

    def __init__(self, address: str | None = None, cpus: int | None = None,
                 object_store: int | None = None):
        self.address = address
        self.cpus = cpus
        self.object_store = object_store
        self.workers = 1
        self._started = False

    def __enter__(self) -> RayEngine:
        ray = _ray()
        # no usage report leaves the machine (Ray sends one by default when it starts)
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False,
                                   "logging_level": "ERROR", "configure_logging": True}
        if not ray.is_initialized():
            try:
                if self.address:
                    ray.init(address=self.address, **options)
                else:
                    # a local instance listens on the loopback only
                    ray.init(address="local", num_cpus=self.cpus,
                             _node_ip_address="127.0.0.1",
                             object_store_memory=self.object_store or LOCAL_OBJECT_STORE,
                             **options)
            except Exception as exc:  # noqa: BLE001 - Ray raises several kinds here
                where = f"--address {self.address}" if self.address else "a local Ray instance"
                raise EngineError(f"{where}: could not start or reach a Ray cluster "
                                  f"({_last_line(exc)})") from None
            self._started = True
        cluster = int(ray.cluster_resources().get("CPU", 1))
        self.workers = max(1, min(cluster, self.cpus) if self.cpus else cluster)
        return self

    def __exit__(self, *exc) -> None:
        if self._started:
            _ray().shutdown()

    def map(self, fn: Callable, args: Iterable, setup: Callable[[], Any] | None = None,
            shared: Any = None, in_flight: int | None = None) -> Iterator:
        """``fn(arg)`` for each of ``args``, run on the cluster, yielded in the order
        given. With ``setup``, each of ``workers`` actors calls it once and every call is
        ``fn(state, arg)``; with ``shared``, it is put in the object store once, each
        actor reads it once, and every call is ``fn(shared, arg)`` (so a large context
        does not travel with every argument). At most ``in_flight`` calls (2 per worker)
        wait at once, so neither the driver nor the object store holds the whole
        collection."""
        ray = _ray()
        limit = in_flight or 2 * self.workers
        if setup is None and shared is None:
            task = ray.remote(num_cpus=1)(_apply)

            def submit(k: int, arg):
                return task.remote(fn, arg)
            actors = []
        else:
            holder = ray.remote(num_cpus=1)(_Holder)
            ref = ray.put(shared) if shared is not None else None
            actors = [holder.remote(setup, ref) for _ in range(self.workers)]

            def submit(k: int, arg):
                return actors[k % len(actors)].run.remote(fn, arg)

        def get(pending):
            try:
                return ray.get(pending)
            except ray.exceptions.RayActorError as exc:  # its setup failed on a node
                raise EngineError(f"a Ray worker could not start: {_last_line(exc)}") from None

        try:
            flight: deque = deque()
            for k, arg in enumerate(args):
                flight.append(submit(k, arg))
                if len(flight) >= limit:
                    yield get(flight.popleft())
            while flight:
                yield get(flight.popleft())
        finally:
            for actor in actors:  # their models leave memory now, not at shutdown
                ray.kill(actor)
