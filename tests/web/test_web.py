"""The web UI without a browser: sign-in, sessions, CSRF, permissions, actions, links, the CLI."""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from gateway.config import Config
from quarantine import links
from quarantine.models import OutboxMessage
from quarantine.store import ItemState, Store
from quarantine.web.app import create_app
from quarantine.web.auth import check_password
from tests.web.conftest import ADMIN, DSL, HEAD, OFFICE, OKAFOR, PASSWORD, WRIGHT, Clock, Seeded, seed

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from starlette.testclient import TestClient

CSRF = re.compile(r'name="csrf" value="([^"]+)"')


class Browser:
    """A TestClient that remembers the page's CSRF token."""

    def __init__(self, client: TestClient) -> None:
        self.c = client
        self.csrf = ""

    def get(self, url: str, **kw: object) -> object:
        r = self.c.get(url, **kw)  # type: ignore[arg-type]
        m = CSRF.search(r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def post(self, url: str, data: dict[str, object] | None = None, csrf: bool = True, **kw: object) -> object:
        data = dict(data or {})
        if csrf:
            data.setdefault("csrf", self.csrf)
        r = self.c.post(url, data=data, follow_redirects=False, **kw)  # type: ignore[arg-type]
        m = CSRF.search(r.text)
        if m:
            self.csrf = m.group(1)
        return r

    def sign_in(self, who: str, password: str = PASSWORD) -> object:
        self.get("/signin")
        return self.post("/signin", {"address": who, "password": password, "next": "/queue"})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def seeded(web_store: Store) -> Seeded:
    return seed(web_store)


@pytest.fixture
def app(web_config: Config, web_store: Store, clock: Clock) -> object:
    return create_app(web_config, web_store, clock=clock, idle_seconds=600, rate_limits=(3, 6, 900.0))


@pytest.fixture
def browser(app: object) -> Iterator[Browser]:
    with TestClient(app) as c:  # type: ignore[arg-type]
        yield Browser(c)


def as_(app: object, who: str) -> Browser:
    b = Browser(TestClient(app))  # type: ignore[arg-type]
    r = b.sign_in(who)
    assert r.status_code == 303, r.text  # type: ignore[attr-defined]
    return b


def state(store: Store, item_id: str) -> ItemState:
    from quarantine.models import Item

    with store.read() as s:
        item = s.get(Item, item_id)
        assert item is not None
        return ItemState(item.state)


# -- signing in --------------------------------------------------------------------


def test_pages_need_sign_in(browser: Browser, seeded: Seeded) -> None:
    for url in ("/queue", f"/items/{seeded.phone}", "/dashboard", "/audit"):
        r = browser.c.get(url, follow_redirects=False)
        assert r.status_code == 303
        assert r.headers["location"].startswith("/signin?next=")


def test_sign_in_and_out(browser: Browser, seeded: Seeded) -> None:
    r = browser.sign_in(OKAFOR, "wrong password!")
    assert r.status_code == 401 and "do not match" in r.text  # type: ignore[attr-defined]
    r = browser.sign_in(OKAFOR)
    assert r.status_code == 303 and r.headers["location"] == "/queue"  # type: ignore[attr-defined]
    page = browser.get("/queue")
    assert "fifa tonight?" in page.text  # type: ignore[attr-defined]
    cookie = browser.c.cookies.get("gw_session")
    r = browser.post("/signout")
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert browser.c.get("/queue", follow_redirects=False).status_code == 303
    # the old cookie is revoked, not just forgotten by this browser
    browser.c.cookies.set("gw_session", cookie)
    assert browser.c.get("/queue", follow_redirects=False).status_code == 303


def test_unknown_account_and_office_have_no_access(app: object, browser: Browser, seeded: Seeded) -> None:
    r = browser.sign_in("nobody@rbps.example")
    assert r.status_code == 401  # type: ignore[attr-defined]
    office = as_(app, OFFICE)
    r = office.get("/queue")
    assert r.status_code == 403 and "cannot use the quarantine" in r.text  # type: ignore[attr-defined]


def test_open_redirect_refused(browser: Browser, seeded: Seeded) -> None:
    browser.get("/signin")
    for bad in ("//evil.example/x", "/\\evil.example", "/\t/evil.example", "https://evil.example/", "/ok\n/x"):
        r = browser.post("/signin", {"address": OKAFOR, "password": PASSWORD, "next": bad})
        assert r.headers["location"] == "/queue", bad  # type: ignore[attr-defined]
        browser.post("/signout")
        browser.get("/signin")
    r = browser.post("/signin", {"address": OKAFOR, "password": PASSWORD, "next": "/dashboard?x=1"})
    assert r.headers["location"] == "/dashboard?x=1"  # type: ignore[attr-defined]


def test_sign_in_rate_limited_per_account(browser: Browser, clock: Clock, seeded: Seeded) -> None:
    for _ in range(3):
        assert browser.sign_in(OKAFOR, "wrong password!").status_code == 401  # type: ignore[attr-defined]
    r = browser.sign_in(OKAFOR)  # the right password, but too many failures
    assert r.status_code == 429 and "Too many attempts" in r.text  # type: ignore[attr-defined]
    # another account from the same address still works (per-account limit only so far)
    assert browser.sign_in(WRIGHT).status_code == 303  # type: ignore[attr-defined]
    clock.advance(901)
    assert browser.sign_in(OKAFOR).status_code == 303  # type: ignore[attr-defined]


def test_sign_in_rate_limited_per_address(browser: Browser, seeded: Seeded) -> None:
    for i in range(6):
        assert browser.sign_in(f"guess{i}@rbps.example", "x" * 12).status_code == 401  # type: ignore[attr-defined]
    assert browser.sign_in(HEAD).status_code == 429  # type: ignore[attr-defined]


def test_session_expires_when_idle(browser: Browser, clock: Clock, seeded: Seeded) -> None:
    browser.sign_in(OKAFOR)
    for _ in range(3):  # using it keeps it alive
        clock.advance(500)
        assert browser.c.get("/queue", follow_redirects=False).status_code == 200
    clock.advance(601)
    r = browser.c.get("/queue", follow_redirects=False)
    assert r.status_code == 303 and "expired=1" in r.headers["location"]
    page = browser.get(r.headers["location"])
    assert "signed out because you had not used the page" in page.text  # type: ignore[attr-defined]


def test_session_ends_after_a_working_day_even_when_busy(browser: Browser, clock: Clock, seeded: Seeded) -> None:
    browser.sign_in(OKAFOR)
    for _ in range(int(12 * 3600 / 500)):
        clock.advance(500)
        assert browser.c.get("/dashboard", follow_redirects=False).status_code == 200
    clock.advance(500)
    assert browser.c.get("/dashboard", follow_redirects=False).status_code == 303


def test_a_new_password_ends_older_sessions(app: object, web_store: Store, clock: Clock, seeded: Seeded) -> None:
    from quarantine.web.auth import set_password

    old = as_(app, OKAFOR)
    assert old.c.get("/queue", follow_redirects=False).status_code == 200
    web_store.clock = lambda: clock.now + 1  # the new password is set a moment later
    set_password(web_store, OKAFOR, "a brand new password")
    assert old.c.get("/queue", follow_redirects=False).status_code == 303
    assert old.c.get("/queue", follow_redirects=False).status_code == 303
    b = Browser(TestClient(app))  # type: ignore[arg-type]
    assert b.sign_in(OKAFOR, "a brand new password").status_code == 303  # type: ignore[attr-defined]
    assert b.c.get("/queue", follow_redirects=False).status_code == 200


def test_security_headers(browser: Browser) -> None:
    r = browser.c.get("/signin")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src" not in csp  # no scripts at all on our pages
    assert r.headers["x-frame-options"] == "DENY"
    assert "httponly" in r.headers["set-cookie"].lower() and "samesite=lax" in r.headers["set-cookie"].lower()


# -- CSRF ----------------------------------------------------------------------------


def test_post_without_csrf_token_refused(app: object, web_store: Store, seeded: Seeded) -> None:
    b = as_(app, OKAFOR)
    b.get(f"/items/{seeded.phone}")
    r = b.post(f"/items/{seeded.phone}/act", {"action": "release"}, csrf=False)
    assert r.status_code == 403  # type: ignore[attr-defined]
    r = b.post(f"/items/{seeded.phone}/act", {"action": "release", "csrf": "forged"})
    assert r.status_code == 403  # type: ignore[attr-defined]
    other = as_(app, OKAFOR)  # a token of another session of the same teacher does not work either
    r = b.post(f"/items/{seeded.phone}/act", {"action": "release", "csrf": other.csrf})
    assert r.status_code == 403  # type: ignore[attr-defined]
    r = b.post("/queue/bulk", {"action": "delete", "ids": [seeded.park], "confirm": "yes"}, csrf=False)
    assert r.status_code == 403  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.QUARANTINED
    assert state(web_store, seeded.park) is ItemState.QUARANTINED
    # with the token it works
    r = b.post(f"/items/{seeded.phone}/act", {"action": "release"})
    assert r.status_code == 303 and state(web_store, seeded.phone) is ItemState.RELEASED  # type: ignore[attr-defined]


def test_sign_in_without_csrf_refused(browser: Browser, seeded: Seeded) -> None:
    r = browser.post("/signin", {"address": OKAFOR, "password": PASSWORD}, csrf=False)
    assert r.status_code == 403  # type: ignore[attr-defined]


# -- who sees what ---------------------------------------------------------------------


def test_teacher_cannot_see_or_act_on_another_class(app: object, web_store: Store, seeded: Seeded) -> None:
    wright = as_(app, WRIGHT)
    queue = wright.get("/queue?state=all").text  # type: ignore[attr-defined]
    assert "after school friday" in queue  # her own class
    for subject in ("fifa tonight?", "saturday", "can I tell you something", "funny picture"):
        assert subject not in queue
    r = wright.get(f"/items/{seeded.phone}")
    assert r.status_code == 403 and "07700900461" not in r.text  # type: ignore[attr-defined]
    wright.get(f"/items/{seeded.year4}")  # a fresh CSRF token from a page she may see
    for action in ("release", "delete", "escalate"):
        r = wright.post(f"/items/{seeded.phone}/act", {"action": action, "confirm": "yes"})
        assert r.status_code == 403  # type: ignore[attr-defined]
    r = wright.post("/queue/bulk", {"action": "delete", "ids": [seeded.phone, seeded.park], "confirm": "yes",
                                    "back": "/queue"})  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/queue?done=bulk:0/2"  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.QUARANTINED
    assert state(web_store, seeded.park) is ItemState.QUARANTINED
    # and Okafor cannot see Wright's class either
    okafor = as_(app, OKAFOR)
    assert okafor.get(f"/items/{seeded.year4}").status_code == 403  # type: ignore[attr-defined]


def test_admin_sees_summary_but_not_the_message(app: object, seeded: Seeded) -> None:
    admin = as_(app, ADMIN)
    r = admin.get(f"/items/{seeded.phone}")
    assert r.status_code == 200  # type: ignore[attr-defined]
    assert "fifa tonight?" in r.text and "personal-details" in r.text  # type: ignore[attr-defined]
    assert "text me on" not in r.text and "not the message itself" in r.text  # type: ignore[attr-defined]
    assert "Decide" not in r.text  # type: ignore[attr-defined]


def test_safeguarding_items_are_the_dsls(app: object, web_store: Store, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    page = okafor.get(f"/items/{seeded.sad}").text  # type: ignore[attr-defined]
    assert "Pass to safeguarding lead" in page and ">Release<" not in page
    r = okafor.post(f"/items/{seeded.sad}/act", {"action": "release"})
    assert r.status_code == 403 and state(web_store, seeded.sad) is ItemState.QUARANTINED  # type: ignore[attr-defined]
    dsl = as_(app, DSL)
    queue = dsl.get("/queue").text  # type: ignore[attr-defined]
    assert "can I tell you something" in queue and "fifa tonight?" not in queue
    # an escalated item appears in the DSL's view
    okafor.get(f"/items/{seeded.park}")
    r = okafor.post(f"/items/{seeded.park}/act", {"action": "escalate", "comment": "please look"})
    assert r.status_code == 303 and state(web_store, seeded.park) is ItemState.ESCALATED  # type: ignore[attr-defined]
    assert "saturday" in dsl.get("/queue").text  # type: ignore[attr-defined]
    assert "please look" in dsl.get(f"/items/{seeded.park}").text  # type: ignore[attr-defined]


# -- actions ------------------------------------------------------------------------------


def test_item_page_highlights_the_evidence(app: object, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    page = okafor.get(f"/items/{seeded.phone}").text  # type: ignore[attr-defined]
    assert 'text me on <mark class="evidence">07700900461</mark>' in page
    park = okafor.get(f"/items/{seeded.park}").text  # type: ignore[attr-defined]
    assert '<mark class="evidence">meet me at the park</mark>' in park
    assert "07700900461" not in park


def test_return_needs_a_comment(app: object, web_store: Store, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    okafor.get(f"/items/{seeded.park}")
    r = okafor.post(f"/items/{seeded.park}/act", {"action": "return", "comment": "  "})
    assert r.status_code == 400 and "comment" in r.text  # type: ignore[attr-defined]
    assert state(web_store, seeded.park) is ItemState.QUARANTINED
    r = okafor.post(f"/items/{seeded.park}/act", {"action": "return", "comment": "Please arrange this at home."})
    assert r.status_code == 303 and state(web_store, seeded.park) is ItemState.RETURNED  # type: ignore[attr-defined]
    page = okafor.get(f"/items/{seeded.park}").text  # type: ignore[attr-defined]
    assert "Please arrange this at home." in page and OKAFOR in page  # the item's visible history


def test_authorise_outside_asks_for_confirmation(app: object, web_store: Store, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    okafor.get(f"/items/{seeded.museum}")
    r = okafor.post(f"/items/{seeded.museum}/act", {"action": "authorise"})
    assert r.status_code == 200 and "outside the school" in r.text  # type: ignore[attr-defined]
    assert "learning@ratae-museum.example" in r.text  # type: ignore[attr-defined]
    assert state(web_store, seeded.museum) is ItemState.HELD
    r = okafor.post(f"/items/{seeded.museum}/act", {"action": "authorise", "confirm": "yes"})
    assert r.status_code == 303 and state(web_store, seeded.museum) is ItemState.AUTHORISED  # type: ignore[attr-defined]
    with web_store.read() as s:
        rows = s.execute(select(OutboxMessage).where(OutboxMessage.item_id == seeded.museum)).scalars().all()
        assert [r.purpose for r in rows] == ["delivery"]
    # a second click is refused clearly, and nothing is queued twice
    r = okafor.post(f"/items/{seeded.museum}/act", {"action": "authorise", "confirm": "yes"})
    assert r.status_code == 409 and "already" in r.text  # type: ignore[attr-defined]


def test_delete_and_bulk_ask_for_confirmation(app: object, web_store: Store, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    okafor.get("/queue")
    r = okafor.post("/queue/bulk", {"action": "delete", "ids": [seeded.phone, seeded.park], "back": "/queue"})
    assert r.status_code == 200 and "Please confirm" in r.text  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.QUARANTINED
    r = okafor.post("/queue/bulk", {"action": "delete", "ids": [seeded.phone, seeded.park], "back": "/queue",
                                    "confirm": "yes"})  # fmt: skip
    assert r.status_code == 303  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.DELETED and state(web_store, seeded.park) is ItemState.DELETED
    assert "2 messages done" in okafor.get(r.headers["location"]).text  # type: ignore[attr-defined]


def test_queue_filters_and_pagination(app: object, web_store: Store, seeded: Seeded) -> None:
    head = as_(app, HEAD)
    page = head.get("/queue?policy=personal-details").text  # type: ignore[attr-defined]
    assert "fifa tonight?" in page and "saturday" not in page
    page = head.get("/queue?group=year4%40rbps.example").text  # type: ignore[attr-defined]
    assert "after school friday" in page and "fifa tonight?" not in page
    page = head.get("/queue?q=FIFA").text  # type: ignore[attr-defined]
    assert "fifa tonight?" in page and "saturday" not in page
    page = head.get("/queue?state=held").text  # type: ignore[attr-defined]
    assert "Roman Leicester" in page and "fifa tonight?" not in page
    from policies.types import Finding
    from tests.web.conftest import corpus, put

    for i in range(26):
        put(web_store, corpus("024"), "oliver.nowak@rbps.example", ("zain.hussain@rbps.example",),
            [Finding("meeting-arrangement", f"meeting {i}", "park")])  # fmt: skip
    first = head.get("/queue").text  # type: ignore[attr-defined]
    assert 'rel="next"' in first and first.count('name="ids"') == 25
    second = head.get("/queue?page=2").text  # type: ignore[attr-defined]
    assert 'rel="prev"' in second and second.count('name="ids"') == 32 - 25


def test_dashboard_and_chart(app: object, seeded: Seeded) -> None:
    head = as_(app, HEAD)
    page = head.get("/dashboard").text  # type: ignore[attr-defined]
    assert "Waiting for a decision: 6" in page
    assert "James Okafor" in page and "Sarah Wright" in page and "Safeguarding lead" in page
    assert "<svg" in page and "personal-details" in page and "<script" not in page
    wright = as_(app, WRIGHT)
    assert "Waiting for a decision: 1" in wright.get("/dashboard").text  # type: ignore[attr-defined]


def test_audit_log_for_head_and_dsl_only(app: object, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    assert okafor.get("/audit").status_code == 403  # type: ignore[attr-defined]
    assert "Record of actions" not in okafor.get("/queue").text  # type: ignore[attr-defined]
    okafor.get(f"/items/{seeded.phone}")
    okafor.post(f"/items/{seeded.phone}/act", {"action": "release"})
    head = as_(app, HEAD)
    page = head.get("/audit?q=release").text  # type: ignore[attr-defined]
    assert OKAFOR in page and seeded.phone in page and "stored" not in page
    assert as_(app, DSL).get("/audit").status_code == 200  # type: ignore[attr-defined]


# -- one-time links from emails ---------------------------------------------------------------


def test_email_link_confirms_then_acts_once(app: object, web_store: Store, seeded: Seeded) -> None:
    url = links.make_link(web_store, "release", seeded.phone, OKAFOR)
    path = url[len("http://127.0.0.1:8025") :]
    b = Browser(TestClient(app))  # type: ignore[arg-type]
    page = b.get(path)
    assert page.status_code == 200 and "Release?" in page.text  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.QUARANTINED  # a GET (mail scanner) changes nothing
    r = b.post(path, {}, csrf=False)
    assert r.status_code == 403 and state(web_store, seeded.phone) is ItemState.QUARANTINED  # type: ignore[attr-defined]
    r = b.post(path)
    assert r.status_code == 200 and "Done" in r.text  # type: ignore[attr-defined]
    assert state(web_store, seeded.phone) is ItemState.RELEASED
    b.get(path)
    r = b.post(path)  # a second click
    assert r.status_code == 200 and "already been used" in r.text  # type: ignore[attr-defined]
    r = b.get(path[:-3] + "abc")
    assert r.status_code == 400 and "not valid" in r.text  # type: ignore[attr-defined]


def test_email_link_return_needs_comment(app: object, web_store: Store, seeded: Seeded) -> None:
    path = links.make_link(web_store, "return", seeded.park, OKAFOR)[len("http://127.0.0.1:8025") :]
    b = Browser(TestClient(app))  # type: ignore[arg-type]
    b.get(path)
    assert b.post(path, {"comment": ""}).status_code == 400  # type: ignore[attr-defined]
    assert state(web_store, seeded.park) is ItemState.QUARANTINED
    assert b.post(path, {"comment": "Not by email, please."}).status_code == 200  # type: ignore[attr-defined]
    assert state(web_store, seeded.park) is ItemState.RETURNED


# -- the CLI ----------------------------------------------------------------------------------


def test_set_password_from_stdin(tmp_path: Path, web_config: Config, monkeypatch: pytest.MonkeyPatch,
                                 capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    from gateway.cli import main

    monkeypatch.setattr("sys.stdin", io.StringIO("a new long password\n"))
    assert main(["staff", "set-password", "S.Wright@rbps.example", "--config", str(web_config.path)]) == 0
    store = Store.from_config(web_config)
    try:
        assert check_password(store, WRIGHT, "a new long password")
        assert not check_password(store, WRIGHT, "a new long password\n")
        assert not check_password(store, OKAFOR, "a new long password")
        monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
        assert main(["staff", "set-password", WRIGHT, "--config", str(web_config.path)]) == 1
        assert check_password(store, WRIGHT, "a new long password")
        monkeypatch.setattr("sys.stdin", io.StringIO("a new long password\n"))
        assert main(["staff", "set-password", "amelia.clarke@rbps.example", "--config", str(web_config.path)]) == 1
        assert "not a staff member" in capsys.readouterr().err
    finally:
        store.close()


def test_idle_timeout_comes_from_the_config(tmp_path: Path, clock: Clock) -> None:
    from gateway.config import load_config
    from tests.web.conftest import write_config

    config = load_config(write_config(tmp_path, idle_minutes=1))
    store = Store.from_config(config)
    try:
        from quarantine.web.auth import set_password

        set_password(store, OKAFOR, PASSWORD)
        b = Browser(TestClient(create_app(config, store, clock=clock)))
        assert b.sign_in(OKAFOR).status_code == 303  # type: ignore[attr-defined]
        clock.advance(50)
        assert b.c.get("/queue", follow_redirects=False).status_code == 200
        clock.advance(61)
        assert b.c.get("/queue", follow_redirects=False).status_code == 303
    finally:
        store.close()


def test_hostile_item_page_is_inert(app: object, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    page = okafor.get(f"/items/{seeded.hostile}").text  # type: ignore[attr-defined]
    frame = re.search(r'<iframe class="html"[^>]*\bsandbox\b[^>]*srcdoc="([^"]*)"', page)
    assert frame is not None
    srcdoc = frame.group(1)
    assert (
        "<" not in srcdoc and "&lt;p&gt;Look at this &lt;b&gt;funny&lt;/b&gt;" in srcdoc
    )  # escaped into the attribute
    for bad in (
        "script",
        "onerror",
        "onload",
        "javascript:",
        "127.0.0.1:9/",
        "&lt;form",
        "&lt;iframe",
        "&lt;meta http-equiv=&#34;refresh",
    ):
        assert bad not in srcdoc.lower().replace("content-security-policy", ""), bad
    assert "<script" not in page.lower()
    assert (
        "game.exe" in page
        and "application/x-dosexec" in page
        and 'href="' not in page.split("Attachments")[1].split("</ul>")[0]
    )


def test_legal_hold_by_the_dsl(app: object, web_store: Store, seeded: Seeded) -> None:
    okafor = as_(app, OKAFOR)
    assert "legal hold" not in okafor.get(f"/items/{seeded.sad}").text  # type: ignore[attr-defined]
    r = okafor.post(f"/items/{seeded.sad}/act", {"action": "legal-hold-on"})
    assert r.status_code == 403  # type: ignore[attr-defined]
    dsl = as_(app, DSL)
    dsl.get(f"/items/{seeded.sad}")
    r = dsl.post(f"/items/{seeded.sad}/act", {"action": "legal-hold-on"})
    assert r.status_code == 303  # type: ignore[attr-defined]
    page = dsl.get(r.headers["location"]).text  # type: ignore[attr-defined]
    assert "now on legal hold" in page and "Lift the legal hold" in page


def test_read_password_prompts_twice_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from quarantine.web import cli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    answers = iter(["first password", "first password", "one", "two"])
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": next(answers))
    assert cli._read_password(Tty()) == "first password"
    assert cli._read_password(Tty()) is None  # the two differ
    assert cli._read_password(io.StringIO("from a pipe\r\nsecond line\n")) == "from a pipe"


def test_gateway_web_serves_and_delivers(tmp_path: Path) -> None:
    """``gateway web --outbox`` as a real process: sign in, release, and the mail reaches the next hop."""
    import socket
    import subprocess
    import sys
    import time

    import httpx
    from aiosmtpd.controller import Controller

    from gateway.config import load_config
    from tests.web.conftest import write_config

    received: list[tuple[str, list[str], bytes]] = []

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: object) -> str:  # noqa: N802
            received.append((envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content)))  # type: ignore[attr-defined]
            return "250 OK"

    def free_port() -> int:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            return int(s.getsockname()[1])

    smtp_port, web_port = free_port(), free_port()
    config = load_config(write_config(tmp_path, next_hop_port=smtp_port))
    store = Store.from_config(config)
    from quarantine.web.auth import set_password

    set_password(store, OKAFOR, PASSWORD)
    ids = seed(store)
    store.close()
    controller = Controller(Handler(), hostname="127.0.0.1", port=smtp_port)
    controller.start()
    proc = subprocess.Popen(
        [sys.executable, "-m", "gateway.cli", "web", "--config", str(config.path), "--port", str(web_port), "--outbox"],
        cwd=Path(__file__).resolve().parents[2], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{web_port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"{base}/signin", timeout=2)
                break
            except httpx.TransportError:
                assert proc.poll() is None, proc.stderr.read().decode() if proc.stderr else ""
                assert time.monotonic() < deadline, "gateway web did not start"
                time.sleep(0.2)
        assert r.status_code == 200 and "Sign in" in r.text
        assert "server" not in r.headers
        with httpx.Client(base_url=base, cookies=r.cookies) as c:
            token = CSRF.search(r.text).group(1)  # type: ignore[union-attr]
            r = c.post("/signin", data={"csrf": token, "address": OKAFOR, "password": PASSWORD, "next": "/queue"})
            assert r.status_code == 303
            page = c.get(f"/items/{ids.phone}")
            token = CSRF.search(page.text).group(1)  # type: ignore[union-attr]
            r = c.post(f"/items/{ids.phone}/act", data={"csrf": token, "action": "release"})
            assert r.status_code == 303
        deadline = time.monotonic() + 20
        while not any(b"X-School-Gateway: released" in m[2] for m in received):
            assert time.monotonic() < deadline, f"not delivered; got {[(m[0], m[1]) for m in received]}"
            time.sleep(0.2)
        (delivered,) = [m for m in received if b"X-School-Gateway: released" in m[2]]
        assert delivered[1] == ["zain.hussain@rbps.example"] and b"07700900461" in delivered[2]
    finally:
        proc.terminate()
        proc.wait(10)
        controller.stop()


def test_unknown_page_and_method(browser: Browser) -> None:
    r = browser.c.get("/no-such-page")
    assert r.status_code == 404 and "Page not found" in r.text and "content-security-policy" in r.headers
    r = browser.c.post("/dashboard", data={})
    assert r.status_code == 405


@pytest.mark.postgres
def test_pages_on_postgresql(web_config: Config) -> None:
    """The web layer's own queries (dashboard, chart, audit search) on a real PostgreSQL server."""
    import dataclasses
    import secrets as _secrets

    from gateway.config import StoreConfig
    from tests.quarantine.conftest import PG_HOST, PG_PORT, PG_USER, _pg_admin, _pg_available
    from tests.web.conftest import set_passwords

    reason = _pg_available()
    if reason is not None:
        pytest.skip(reason)
    name = f"gw_web_test_{_secrets.token_hex(6)}"
    admin = _pg_admin()
    admin.execute(f'CREATE DATABASE "{name}"')  # type: ignore[attr-defined]
    try:
        url = f"postgresql+psycopg://{PG_USER}@{PG_HOST}:{PG_PORT}/{name}"
        config = dataclasses.replace(web_config, store=StoreConfig(url=url))
        store = Store.from_config(config)
        try:
            set_passwords(store)
            ids = seed(store)
            app = create_app(config, store)
            head = as_(app, HEAD)
            page = head.get("/dashboard").text  # type: ignore[attr-defined]
            assert "Waiting for a decision: 6" in page and "personal-details" in page
            assert "fifa tonight?" in head.get("/queue?q=FIFA").text  # type: ignore[attr-defined]
            okafor = as_(app, OKAFOR)
            okafor.get(f"/items/{ids.phone}")
            assert okafor.post(f"/items/{ids.phone}/act", {"action": "release"}).status_code == 303  # type: ignore[attr-defined]
            audit_page = head.get("/audit?q=release").text  # type: ignore[attr-defined]
            assert ids.phone in audit_page and OKAFOR in audit_page
            assert state(store, ids.phone) is ItemState.RELEASED
        finally:
            store.close()
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # type: ignore[attr-defined]
        admin.close()  # type: ignore[attr-defined]
