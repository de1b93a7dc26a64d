"""Wiring for ``gateway serve``: config, engine, store, relay client, logging, signals.

``GatewayServer`` is one listening socket with its sessions; ``serve`` runs it
until SIGTERM or SIGINT, then stops gracefully: the socket closes at once (no
new conversations), idle conversations get 421, a conversation in the middle
of a message may finish it (up to ``grace`` seconds), and the store is closed
last. With ``workers > 1`` the parent forks that many processes, each with its
own event loop, engine and store connection, all listening on the same port
(SO_REUSEPORT) so that the kernel spreads connections between them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket
import sys
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
    run_outbox_worker: bool = True,
) -> int:
    store = store_factory(config)
    server = GatewayServer(config, store)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    outbox: asyncio.Task[None] | None = None
    try:
        await server.start(reuse_port=reuse_port)
        print(f"gateway: listening on {config.relay.listen} (pid {os.getpid()})", file=sys.stderr, flush=True)
        if run_outbox_worker and hasattr(store, "clock"):
            outbox = asyncio.create_task(_outbox_worker(config, store, stop))
        await stop.wait()
        log.info("stopping: finishing conversations in progress")
        await server.stop(grace)
        if outbox is not None:
            await outbox
    finally:
        close = getattr(store, "close", None)
        if callable(close):
            close()
    log.info("stopped")
    return 0


def serve(
    config: Config,
    *,
    workers: int = 1,
    grace: float = DEFAULT_GRACE,
    store_factory: Callable[[Config], Any] = open_store,
) -> int:
    if workers <= 1:
        return asyncio.run(_serve_one(config, False, grace, store_factory))
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

    def forward(signum: int, _frame: object) -> None:
        for child in children:
            try:
                os.kill(child, signal.SIGTERM)
            except ProcessLookupError:
                pass

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    status = 0
    for child in children:
        while True:
            try:
                _, code = os.waitpid(child, 0)
                break
            except InterruptedError:
                continue
        status = status or os.waitstatus_to_exitcode(code)
    return status
