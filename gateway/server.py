"""Wiring for ``gateway serve``: config, engine, store, relay client, logging, signals.

``GatewayServer`` is one listening socket with its sessions; ``serve`` runs it
until SIGTERM or SIGINT, then stops gracefully: the socket closes at once (no
new conversations), idle conversations get 421, a conversation in the middle
of a message may finish it (up to ``grace`` seconds), and the store is closed
last. With ``workers > 1`` the parent forks that many processes, each with its
own event loop, engine and store connection, all listening on the same port
(SO_REUSEPORT) so that the kernel spreads connections between them.

The store's outbox (released mail, notifications, expiry and purge) runs in one
more process of its own, forked at start, so that its work never delays an SMTP
answer. It stops when the gateway stops, or within a second of the gateway being
killed; if it dies, a single-process gateway sends the outbox itself and a
multi-worker parent forks a new one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from gateway.chain_memory import BufferedChainMemory
from gateway.config import Config
from gateway.dns import TxtResolver
from gateway.pipeline import Pipeline, Storage
from gateway.relay import SmtpTransport, Transport
from gateway.smtp import Sessions, protocol_factory
from policies.base import Services
from policies.engine import Engine

log = logging.getLogger(__name__)

DEFAULT_GRACE = 30.0


class GatewayServer:
    def __init__(
        self,
        config: Config,
        store: Storage,
        *,
        transport: Transport | None = None,
        engine: Engine | None = None,
        threads: int | None = None,
    ) -> None:
        self.config = config
        self.store = store
        relay = config.relay
        self.hostname = relay.hostname or socket.getfqdn()
        self.transport = transport or SmtpTransport(relay.next_hop, timeout=relay.relay_timeout, local_hostname=self.hostname)
        self.chain_memory: BufferedChainMemory | None = None
        chain_memory: Any = None
        if hasattr(store, "remember"):
            if hasattr(store, "read") and hasattr(store, "write") and hasattr(store, "settings"):
                self.chain_memory = chain_memory = BufferedChainMemory(store)
            else:
                chain_memory = store
        self.engine = engine or Engine(config, services=Services(dns_txt=TxtResolver(), chain_memory=chain_memory))
        n = threads or min(16, (os.cpu_count() or 1) * 2)
        self.cpu = ThreadPoolExecutor(n, thread_name_prefix="engine")
        self.io = ThreadPoolExecutor(n, thread_name_prefix="store")
        self.pipeline = Pipeline(config, self.engine, store, self.transport, cpu=self.cpu, io=self.io, hostname=self.hostname)
        self.server: asyncio.Server | None = None
        self.sessions: Sessions | None = None

    @property
    def port(self) -> int:
        assert self.server is not None
        return int(self.server.sockets[0].getsockname()[1])

    async def start(self, *, reuse_port: bool = False) -> None:
        self.sessions = Sessions(self.config)
        loop = asyncio.get_running_loop()
        listen = self.config.relay.listen
        self.server = await loop.create_server(
            protocol_factory(self.config, self.pipeline, self.sessions, self.hostname),
            host=listen.host,
            port=listen.port,
            reuse_address=True,
            reuse_port=reuse_port or None,
            backlog=512,
        )
        log.info("listening on %s, next hop %s", listen, self.config.relay.next_hop)

    async def stop(self, grace: float = DEFAULT_GRACE) -> None:
        if self.server is not None:
            self.server.close()
        if self.sessions is not None:
            self.sessions.drain()
            try:
                await asyncio.wait_for(self.sessions.idle.wait(), grace)
            except TimeoutError:
                log.warning("%d conversations still open after %.0f s: closing them", len(self.sessions.live), grace)
                self.sessions.close_all()
                await asyncio.sleep(0.1)
        if self.server is not None:
            await self.server.wait_closed()
        close = getattr(self.transport, "close", None)
        if close is not None:
            await close()
        self.cpu.shutdown(wait=True)
        self.io.shutdown(wait=True)
        if self.chain_memory is not None:
            self.chain_memory.close()


def open_store(config: Config) -> Any:
    from quarantine.store import Store

    return Store.from_config(config)


async def _outbox_worker(config: Config, store: Any, stop: asyncio.Event) -> None:
    """Released and authorised mail, notifications, expiry and purge: the store's outbox, drained."""
    from quarantine.outbox import SmtpTransport as OutboxTransport
    from quarantine.outbox import run_outbox

    relay = config.relay
    transport = OutboxTransport(relay.next_hop, timeout=relay.relay_timeout, local_hostname=relay.hostname or None)
    await run_outbox(store, transport, stop)


async def _serve_one(
    config: Config,
    reuse_port: bool,
    grace: float,
    store_factory: Callable[[Config], Any],
    outbox_pid: int | None = None,
) -> int:
    """One SMTP server until SIGTERM/SIGINT; the outbox runs in a process of its own.

    ``outbox_pid``: that process, when this one started it; should it die, this process
    takes the outbox over (it cannot fork a new one safely once it has threads). A worker
    of several has none: their parent forks a new outbox process.
    """
    store = store_factory(config)
    server = GatewayServer(config, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    outbox: asyncio.Task[None] | None = None
    watch: asyncio.Task[None] | None = None
    try:
        await server.start(reuse_port=reuse_port)
        print(f"gateway: listening on {config.relay.listen} (pid {os.getpid()})", file=sys.stderr, flush=True)
        if outbox_pid is not None and hasattr(store, "clock"):

            async def take_over_when_it_dies() -> None:
                nonlocal outbox
                while not stop.is_set():
                    if not _alive(outbox_pid):
                        log.error("the outbox process %d has stopped; this process sends the outbox now", outbox_pid)
                        outbox = asyncio.create_task(_outbox_worker(config, store, stop))
                        return
                    await _until_stopped(stop, 2.0)

            watch = asyncio.create_task(take_over_when_it_dies())
        await stop.wait()
        log.info("stopping: finishing conversations in progress")
        await server.stop(grace)
        if watch is not None:
            await watch
        if outbox is not None:
            await outbox
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    log.info("stopped")
    return 0


# -- the outbox process -------------------------------------------------------------
#
# Notifications, released mail, expiry and purge run in a process of their own, so that a
# backlog of them (hundreds of notices after a busy minute) never competes with the SMTP
# conversations for the interpreter: in one process it stalled answers for 100-300 ms.


async def _until_stopped(stop: asyncio.Event, seconds: float) -> None:
    """Wait until ``stop`` is set, or ``seconds`` at most."""
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass


def _alive(pid: int) -> bool:
    """Whether our child ``pid`` is still running (reaping it if it has exited)."""
    try:
        done, _ = os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return False
    return done == 0


async def _outbox_main(config: Config, store_factory: Callable[[Config], Any], parent: int) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    store = store_factory(config)
    print(f"gateway: outbox process (pid {os.getpid()})", file=sys.stderr, flush=True)

    async def orphaned() -> None:
        # the relay was killed without a word (SIGKILL): stop rather than run on unwatched
        while not stop.is_set():
            if os.getppid() != parent:
                log.warning("outbox: the gateway process %d has gone; stopping", parent)
                stop.set()
            await _until_stopped(stop, 1.0)

    watch = asyncio.create_task(orphaned())
    try:
        if hasattr(store, "clock"):
            await _outbox_worker(config, store, stop)
        else:
            await stop.wait()
    finally:
        stop.set()
        await watch
        close = getattr(store, "close", None)
        if callable(close):
            close()
    return 0


def _fork_outbox(config: Config, store_factory: Callable[[Config], Any]) -> int:
    """Fork the outbox process (call only while this process has no threads); return its pid."""
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = asyncio.run(_outbox_main(config, store_factory, parent))
        except BaseException:  # noqa: BLE001 - report, then leave without running the parent's cleanup
            log.exception("outbox process failed")
        finally:
            os._exit(code)
    return pid


def _stop_child(pid: int, timeout: float = 60.0) -> None:
    """SIGTERM ``pid`` and reap it; SIGKILL it if it has not finished within ``timeout`` seconds."""
    if not _alive(pid):
        return  # already reaped: its number may belong to another process by now
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            log.error("the outbox process %d did not stop; killing it", pid)
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return
        time.sleep(0.05)


def serve(
    config: Config,
    *,
    workers: int = 1,
    grace: float = DEFAULT_GRACE,
    store_factory: Callable[[Config], Any] = open_store,
) -> int:
    if workers <= 1:
        # Open the store first (its schema brought up to date), so that a bad store is one clear error.
        close = getattr(store_factory(config), "close", None)
        if callable(close):
            close()
        outbox = _fork_outbox(config, store_factory)
        try:
            return asyncio.run(_serve_one(config, False, grace, store_factory, outbox))
        finally:
            _stop_child(outbox)
    # Bring the schema up to date once, before the workers race to do it.
    store = store_factory(config)
    close = getattr(store, "close", None)
    if callable(close):
        close()
    children: list[int] = []
    for _ in range(workers):
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                code = asyncio.run(_serve_one(config, True, grace, store_factory))
            finally:
                os._exit(code)
        children.append(pid)
    outbox = _fork_outbox(config, store_factory)
    stopping = False

    def forward(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    running = set(children)
    while running:
        try:
            pid, code = os.wait()
        except InterruptedError:
            continue
        except ChildProcessError:
            break
        if pid == outbox:
            if not stopping:
                # this parent has no threads: a new outbox process can be forked safely
                log.error("the outbox process %d stopped (%s); starting another", pid, code)
                time.sleep(1.0)
                outbox = _fork_outbox(config, store_factory)
            continue
        if pid in running:
            running.discard(pid)
            exit_code = os.waitstatus_to_exitcode(code)
            if stopping and exit_code == -signal.SIGTERM:
                exit_code = 0  # asked to stop while still starting up, before it could handle the signal
            status = status or exit_code
    _stop_child(outbox)
    return status
