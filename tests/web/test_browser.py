"""End to end in Debian's headless Chromium (Playwright, no browser download).

The app runs under uvicorn on a free loopback port against a temporary SQLite
store seeded with corpus mail; released mail goes through the outbox to an
aiosmtpd sink standing in for the next hop. A second local HTTP server stands
in for "the internet": a hostile message's remote images point at it, and it
must never be asked for anything.
"""

from __future__ import annotations

import asyncio
import http.server
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from gateway.config import HostPort, load_config
from policies.types import Finding
from quarantine import outbox
from quarantine.store import ItemState, Store
from tests.web.conftest import DSL, OKAFOR, PASSWORD, WRIGHT, Seeded, corpus, put, seed, set_passwords, write_config

CHROMIUM = Path("/usr/bin/chromium")
# Screenshots for the README: written to docs/ only when asked (UPDATE_SCREENSHOTS=1), so that a
# test run never changes tracked files; otherwise to a temporary folder (they are still taken).
DOCS = (
    Path(__file__).resolve().parents[2] / "docs"
    if os.environ.get("UPDATE_SCREENSHOTS") == "1"
    else Path(tempfile.mkdtemp(prefix="gateway-screenshots-"))
)
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- stand-ins for the next hop and for the internet -----------------------------------


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes


@dataclass
class Sink:
    port: int
    messages: list[Received] = field(default_factory=list)

    def to(self, rcpt: str) -> list[Received]:
        return [m for m in self.messages if rcpt in m.rcpt_tos]

    def delivered_to(self, rcpt: str) -> list[Received]:
        """Released or authorised mail (with our trace header), not notifications."""
        return [m for m in self.to(rcpt) if b"X-School-Gateway:" in m.data]


class _Handler:
    def __init__(self, sink: Sink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd's name
        self.sink.messages.append(Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))
        return "250 OK"


class Tracker(http.server.ThreadingHTTPServer):
    """A local web server that only records what it is asked for."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        tracker = self

        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                tracker.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), H)


@dataclass
class World:
    base: str
    store: Store
    sink: Sink
    tracker: Tracker
    ids: Seeded
    moved: str  # 017: Year 6 home address (Okafor escalates it)

    def drain(self) -> outbox.DrainResult:
        """Run the outbox once (in a thread of its own: Playwright's sync API owns this thread's event loop)."""
        transport = outbox.SmtpTransport(HostPort("127.0.0.1", self.sink.port), 10)
        results: list[outbox.DrainResult] = []
        t = threading.Thread(target=lambda: results.append(asyncio.run(outbox.drain(self.store, transport))))
        t.start()
        t.join(30)
        assert results, "the outbox did not drain"
        return results[0]

    def state(self, item_id: str) -> ItemState:
        from quarantine.models import Item

        with self.store.read() as s:
            item = s.get(Item, item_id)
            assert item is not None
            return ItemState(item.state)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    import uvicorn
    from aiosmtpd.controller import Controller

    from quarantine.web.app import create_app

    tmp = tmp_path_factory.mktemp("web")
    sink = Sink(free_port())
    controller = Controller(_Handler(sink), hostname="127.0.0.1", port=sink.port)
    controller.start()
    tracker = Tracker()
    threading.Thread(target=tracker.serve_forever, daemon=True).start()
    config = load_config(write_config(tmp, next_hop_port=sink.port))
    store = Store.from_config(config)
    set_passwords(store)
    ids = seed(store, hostile_port=tracker.server_address[1])
    moved = put(store, corpus("017"), "isla.mensah@rbps.example", ("oliver.nowak@rbps.example",),
                [Finding("personal-details", "a home address", "14 Cherry Tree Close")])  # fmt: skip
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(config, store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield World(f"http://127.0.0.1:{port}", store, sink, tracker, ids, moved)
    finally:
        server.should_exit = True
        thread.join(10)
        controller.stop()
        tracker.shutdown()
        store.close()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    page: Any
    requests: list[str]
    dialogs: list[str]
    console: list[str]


def open_page(chromium: Any, world: World, width: int = 1280, height: int = 860) -> Watched:
    context = chromium.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    w = Watched(page, [], [], [])
    page.on("request", lambda r: w.requests.append(r.url))
    page.on("console", lambda m: w.console.append(f"{m.type}: {m.text}"))

    def on_dialog(d: Any) -> None:
        w.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    return w


def sign_in(w: Watched, world: World, who: str) -> None:
    w.page.goto(world.base + "/queue")
    assert "/signin" in w.page.url
    w.page.get_by_label("Email address").fill(who)
    w.page.get_by_label("Password").fill(PASSWORD)
    w.page.get_by_role("button", name="Sign in").click()
    w.page.wait_for_url(world.base + "/queue")


# -- the teacher's workflow ------------------------------------------------------------


def test_queue_item_and_release(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    page = w.page
    rows = page.locator("table.queue tbody tr")
    assert rows.count() == 6  # Year 6's mail, not Year 4's
    assert page.locator("table.queue").get_by_text("after school friday").count() == 0
    assert rows.first.get_by_text("we moved!!").count() == 1  # newest first
    DOCS.mkdir(exist_ok=True)
    page.screenshot(path=str(DOCS / "queue.png"), full_page=True)

    page.get_by_role("link", name="fifa tonight?").click()
    page.wait_for_url(f"{world.base}/items/{world.ids.phone}")
    mark = page.locator("pre.text mark.evidence")
    assert mark.count() == 1 and mark.inner_text() == "07700900461"
    page.screenshot(path=str(DOCS / "item.png"), full_page=True)

    page.get_by_role("button", name="Release").click()  # internal mail: no confirmation needed
    page.wait_for_url(f"{world.base}/items/{world.ids.phone}?done=release")
    assert "Released: the message is on its way" in page.inner_text("main")
    assert world.state(world.ids.phone) is ItemState.RELEASED
    history = page.locator("ol.history").inner_text()
    assert "Released by James Okafor (j.okafor@rbps.example)" in history

    result = world.drain()
    assert result.failed == 0
    (delivered,) = world.sink.delivered_to("zain.hussain@rbps.example")
    assert delivered.mail_from == "oliver.nowak@rbps.example"
    assert b"text me on 07700900461" in delivered.data
    assert b"X-School-Gateway: released by j.okafor@rbps.example" in delivered.data
    assert not w.dialogs


def test_authorise_held_external_mail(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    page = w.page
    page.goto(f"{world.base}/queue?state=held")
    page.get_by_role("link", name="Questions about Roman Leicester").click()
    page.get_by_role("button", name="Allow and send").click()
    assert "outside the school" in page.inner_text("main")
    assert world.state(world.ids.museum) is ItemState.HELD  # not yet: a confirmation first
    page.get_by_role("button", name="Yes, allow and send").click()
    page.wait_for_url(f"{world.base}/items/{world.ids.museum}?done=authorise")
    assert world.state(world.ids.museum) is ItemState.AUTHORISED
    world.drain()
    (delivered,) = world.sink.delivered_to("learning@ratae-museum.example")
    assert b"What did Roman children in Ratae play with?" in delivered.data


def test_return_with_a_comment(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    page = w.page
    page.goto(f"{world.base}/items/{world.ids.park}")
    page.get_by_label("Comment for the sender (required)").fill(
        "Please arrange weekend plans at home, not on school email."
    )
    page.get_by_role("button", name="Return to sender").click()
    page.wait_for_url(f"{world.base}/items/{world.ids.park}?done=return")
    assert world.state(world.ids.park) is ItemState.RETURNED
    assert "Please arrange weekend plans at home" in page.locator("ol.history").inner_text()
    world.drain()  # the sender is told, with the comment
    notices = world.sink.to("oliver.nowak@rbps.example")
    assert any(b"weekend plans at home" in m.data for m in notices)


def test_escalate_and_the_safeguarding_leads_view(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    page = w.page
    page.goto(f"{world.base}/items/{world.moved}")
    page.get_by_label("Note for the safeguarding lead (optional)").fill("Isla has moved; worth a check.")
    page.get_by_role("button", name="Pass to safeguarding lead").click()
    page.wait_for_url(f"{world.base}/items/{world.moved}?done=escalate")
    assert world.state(world.moved) is ItemState.ESCALATED
    # Okafor no longer decides it
    assert page.get_by_role("button", name="Release").count() == 0

    dsl = open_page(chromium, world)
    sign_in(dsl, world, DSL)
    queue = dsl.page.locator("table.queue")
    assert queue.get_by_role("link", name="we moved!!").count() == 1  # escalated to her
    assert queue.get_by_role("link", name="can I tell you something").count() == 1  # safeguarding
    assert queue.get_by_role("link", name="funny picture").count() == 0  # not hers
    dsl.page.get_by_role("link", name="we moved!!").click()
    assert "Isla has moved; worth a check." in dsl.page.locator("ol.history").inner_text()
    assert dsl.page.get_by_role("button", name="Release").count() == 1  # she decides it


# -- security -----------------------------------------------------------------------------


def test_control_unsanitised_html_would_run_and_load(chromium: Any, world: World) -> None:
    """The watchers work: the same message shown raw does run script and fetch from "the internet"."""
    from tests.web.conftest import HOSTILE_HTML

    w = open_page(chromium, world)
    w.page.set_content(HOSTILE_HTML.format(port=world.tracker.server_address[1]))
    w.page.wait_for_timeout(1000)
    try:
        assert w.dialogs, "the raw message ran no script: the watchers are broken"
        assert world.tracker.requests, "the raw message fetched nothing: the tracker is broken"
    finally:
        w.page.context.close()
        world.tracker.requests.clear()


def test_hostile_html_never_runs_or_loads(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    page = w.page
    w.requests.clear()
    page.goto(f"{world.base}/items/{world.ids.hostile}")
    page.wait_for_load_state("networkidle")
    frame_el = page.locator("iframe.html")
    assert frame_el.count() == 1
    assert frame_el.get_attribute("sandbox") == ""
    frame = page.frame_locator("iframe.html")
    assert "funny" in frame.locator("body").inner_text()
    # try the javascript: link and the (removed) form
    frame.get_by_text("click me").click()
    page.wait_for_timeout(500)
    assert frame.locator("form, input, script, iframe, svg").count() == 0
    # nothing left the page: no dialog, no request to "the internet", only our own origin
    assert w.dialogs == []
    assert world.tracker.requests == []
    foreign = [u for u in w.requests if not (u.startswith(world.base) or u.startswith(("about:", "data:")))]
    assert foreign == []
    # the page itself ran no script (our pages have none; the CSP forbids it)
    assert page.evaluate("() => document.scripts.length") == 0
    assert page.evaluate("() => window.__pwned === undefined")
    # the attachment is listed, not opened or linked
    assert "game.exe" in page.inner_text("main")
    assert page.locator("a[href*='game.exe']").count() == 0


def test_other_class_not_visible_by_url(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, WRIGHT)
    page = w.page
    assert page.locator("table.queue").get_by_text("after school friday").count() == 1
    assert page.locator("table.queue").get_by_text("we moved!!").count() == 0
    response = page.goto(f"{world.base}/items/{world.moved}")
    assert response is not None and response.status == 403
    assert "14 Cherry Tree Close" not in page.content()


def test_phone_layout(chromium: Any, world: World) -> None:
    w = open_page(chromium, world, width=375, height=740)
    sign_in(w, world, OKAFOR)
    page = w.page
    # no sideways scrolling on a phone
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.goto(f"{world.base}/items/{world.ids.sad}")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    # everything can be reached with the keyboard: the first Tab lands on the skip link
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent") == "Skip to the main content"


def test_every_control_has_a_label(chromium: Any, world: World) -> None:
    w = open_page(chromium, world)
    sign_in(w, world, OKAFOR)
    unlabelled = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
        .filter(e => !((e.labels && e.labels.length) || e.getAttribute('aria-label') || e.textContent.trim()))
        .map(e => e.outerHTML)"""
    for url in ("/queue", f"/items/{world.ids.sad}", f"/items/{world.ids.hostile}", "/dashboard"):
        w.page.goto(world.base + url)
        assert w.page.evaluate(unlabelled) == [], url
