"""The teachers' web UI: a Starlette app over the quarantine operations (``quarantine.actions``).

Server-rendered with Jinja2, no JavaScript. Every decision goes through
``Quarantine`` (permissions, transitions, audit); this module only reads forms,
checks the session and the CSRF token, and renders pages.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import secrets
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from gateway.config import Config
from gateway.directory import Role, normalise_address
from policies.message import Message, parse
from quarantine.actions import (
    ActionError,
    Actor,
    BadRequest,
    ConflictError,
    Decision,
    InvalidTransition,
    ItemDetail,
    ItemFilter,
    NotFound,
    PermissionDenied,
    Quarantine,
)
from quarantine.store import ItemState, Store
from quarantine.web import stats
from quarantine.web.auth import COOKIE, RateLimiter, Sessions, WebSession, check_password, csrf_ok, password_stamp
from quarantine.web.chart import render as render_chart
from quarantine.web.highlight import highlight
from quarantine.web.sanitise import frame_document

log = logging.getLogger(__name__)

HERE = Path(__file__).resolve().parent

PAGE_CSP = (
    "default-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)

PER_PAGE = 25
MAX_FORM_BYTES = 64 * 1024

# What teachers read for each state and decision (plain words).
STATE_WORDS = {
    "held": "Waiting for permission",
    "quarantined": "Stopped for checking",
    "escalated": "With the safeguarding lead",
    "released": "Released",
    "authorised": "Allowed and sent",
    "returned": "Returned to sender",
    "deleted": "Deleted",
    "expired": "Expired",
}
DECISION_WORDS = {
    Decision.RELEASE: "Release",
    Decision.AUTHORISE: "Allow and send",
    Decision.RETURN: "Return to sender",
    Decision.ESCALATE: "Pass to safeguarding lead",
    Decision.DELETE: "Delete",
}
DONE_WORDS = {
    "release": "Released: the message is on its way to its recipients.",
    "authorise": "Allowed: the message is on its way.",
    "return": "Returned: the sender will get your comment.",
    "escalate": "Passed to the safeguarding lead.",
    "delete": "Deleted: the message will not be sent.",
    "legal-hold-on": "This message is now on legal hold and will not be purged.",
    "legal-hold-off": "The legal hold is lifted.",
}
STATE_FILTERS: dict[str, tuple[str, tuple[ItemState, ...]]] = {
    "waiting": ("Waiting for a decision", (ItemState.HELD, ItemState.QUARANTINED, ItemState.ESCALATED)),
    "held": ("Waiting for permission", (ItemState.HELD,)),
    "quarantined": ("Stopped for checking", (ItemState.QUARANTINED,)),
    "escalated": ("With the safeguarding lead", (ItemState.ESCALATED,)),
    "decided": (
        "Already decided",
        (ItemState.RELEASED, ItemState.AUTHORISED, ItemState.RETURNED, ItemState.DELETED, ItemState.EXPIRED),
    ),  # fmt: skip
    "all": ("Everything", ()),
}


@dataclass
class WebState:
    config: Config
    store: Store
    quarantine: Quarantine
    sessions: Sessions
    clock: Callable[[], float]
    per_account: RateLimiter
    per_ip: RateLimiter
    secure_cookie: bool
    policy_ids: tuple[str, ...]
    jinja: Environment
    extra: dict[str, Any] = field(default_factory=dict)


def _age(now: float, then: float) -> str:
    s = max(0, int(now - then))
    if s < 90:
        return "just now"
    if s < 90 * 60:
        return f"{round(s / 60)} minutes ago"
    if s < 36 * 3600:
        h = round(s / 3600)
        return "1 hour ago" if h == 1 else f"{h} hours ago"
    d = round(s / 86400)
    return "1 day ago" if d == 1 else f"{d} days ago"


def _when(ts: float | None) -> str:
    if ts is None:
        return ""
    return dt.datetime.fromtimestamp(ts, dt.UTC).strftime("%d %b %Y, %H:%M UTC")


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    if n < 1024 * 1024:
        return f"{n / 1024:.0f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


def _policy_ids() -> tuple[str, ...]:
    try:
        from policies.base import REGISTRY
        from policies.engine import load_policies

        load_policies()
        return tuple(sorted(REGISTRY.ids()))
    except Exception:  # noqa: BLE001 - a filter list is a convenience; the page works without it
        return ()


def create_app(
    config: Config,
    store: Store | None = None,
    *,
    clock: Callable[[], float] = time.time,
    idle_seconds: float | None = None,
    rate_limits: tuple[int, int, float] = (5, 20, 900.0),
    run_outbox: bool = False,
) -> Starlette:
    """The web app. ``rate_limits`` = (failures per account, failures per IP address, window seconds).

    ``run_outbox``: also send what the outbox holds to ``[relay] next_hop`` from this process (for a web UI
    that runs without the relay's own outbox worker; two workers never send one message twice).
    """
    store = store if store is not None else Store.from_config(config)
    secret = config.web.secret_key
    if not secret:
        log.warning("[web] secret_key is not set: sessions end when the web UI restarts")
        secret = secrets.token_urlsafe(32)
    idle = idle_seconds if idle_seconds is not None else config.web.session_idle_minutes * 60.0
    jinja = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    jinja.globals.update(STATE_WORDS=STATE_WORDS, DECISION_WORDS=DECISION_WORDS, school=config.school.name)
    directory = config.directory

    def person(address: str) -> str:
        """A directory name for an address ("Oliver Nowak"), or the address itself."""
        entry = directory.lookup(address) if address and address != "gateway" else None
        return entry.name if entry is not None and entry.name else address

    jinja.filters.update(when=_when, size=_size, person=person)
    state = WebState(
        config=config,
        store=store,
        quarantine=Quarantine(store),
        sessions=Sessions(secret, idle, clock),
        clock=clock,
        per_account=RateLimiter(rate_limits[0], rate_limits[2], clock),
        per_ip=RateLimiter(rate_limits[1], rate_limits[2], clock),
        secure_cookie=config.web.base_url.startswith("https://"),
        policy_ids=_policy_ids(),
        jinja=jinja,
    )
    routes = [
        Route("/", _home),
        Route("/signin", _signin, methods=["GET", "POST"]),
        Route("/signout", _signout, methods=["POST"]),
        Route("/queue", _queue),
        Route("/queue/bulk", _bulk, methods=["POST"]),
        Route("/items/{item_id:str}", _item),
        Route("/items/{item_id:str}/act", _act, methods=["POST"]),
        Route("/dashboard", _dashboard),
        Route("/audit", _audit),
        Route("/links/{token:path}", _link, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(
        routes=routes,
        middleware=[Middleware(_SecurityHeaders)],
        exception_handlers={404: _not_found, 405: _not_allowed},
        lifespan=_outbox_lifespan(store) if run_outbox else None,
    )
    app.state.web = state
    return app


def _outbox_lifespan(store: Store) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        from quarantine.outbox import SmtpTransport, run_outbox

        relay = store.config.relay
        stop = asyncio.Event()
        transport = SmtpTransport(relay.next_hop, relay.relay_timeout, relay.hostname or None)
        task = asyncio.create_task(run_outbox(store, transport, stop))
        try:
            yield
        finally:
            stop.set()
            try:
                await asyncio.wait_for(task, 30)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()

    return lifespan


class _SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        h = response.headers
        h.setdefault("Content-Security-Policy", PAGE_CSP)
        h["X-Content-Type-Options"] = "nosniff"
        h["Referrer-Policy"] = "no-referrer"
        h["X-Frame-Options"] = "DENY"
        if not request.url.path.startswith("/static/"):
            h["Cache-Control"] = "no-store"
        return response


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(_context(request), 404, "Page not found", "There is no such page. Check the address.")


async def _not_allowed(request: Request, exc: Exception) -> Response:
    return _error(_context(request), 405, "Not possible", "This page cannot be used that way.")


# -- request helpers ----------------------------------------------------------------


def _web(request: Request) -> WebState:
    web: WebState = request.app.state.web
    return web


def _remote(request: Request) -> str:
    return request.client.host if request.client is not None else ""


@dataclass
class _Ctx:
    request: Request
    web: WebState
    session: WebSession
    expired: bool
    fresh_cookie: bool

    @property
    def actor(self) -> Actor:
        return Actor.for_staff(self.web.store, self.session.address, _remote(self.request))


def _context(request: Request) -> _Ctx:
    web = _web(request)
    session, expired = web.sessions.load(request.cookies.get(COOKIE))
    fresh = session is None
    if session is None:
        session = web.sessions.new()
    return _Ctx(request, web, session, expired, fresh)


def _set_cookie(ctx: _Ctx, response: Response, session: WebSession | None = None) -> Response:
    s = session or ctx.session
    response.set_cookie(
        COOKIE, ctx.web.sessions.dump(s), httponly=True, samesite="lax", secure=ctx.web.secure_cookie, path="/",
    )  # fmt: skip
    return response


def _render(ctx: _Ctx, template: str, status: int = 200, **values: Any) -> Response:
    actor: Actor | None = None
    if ctx.session.signed_in:
        try:
            actor = ctx.actor
        except PermissionDenied:
            actor = None
    staff = ctx.web.config.directory.staff_member(ctx.session.address) if ctx.session.signed_in else None
    html = ctx.web.jinja.get_template(template).render(
        csrf=ctx.session.csrf,
        me=staff,
        actor=actor,
        may_audit=actor is not None and stats.may_read_audit(actor),
        path=ctx.request.url.path,
        **values,
    )
    return _set_cookie(ctx, HTMLResponse(html, status_code=status))


def _error(ctx: _Ctx, status: int, title: str, text: str) -> Response:
    return _render(ctx, "error.html", status=status, title=title, text=text)


def _need_signin(ctx: _Ctx) -> Response | None:
    if ctx.session.signed_in and password_stamp(ctx.web.store, ctx.session.address) != ctx.session.stamp:
        # the password was changed (or removed) since this session began: sign in again
        ctx.web.sessions.revoke(ctx.session)
        ctx.session, ctx.fresh_cookie = ctx.web.sessions.new(), True
    if ctx.session.signed_in:
        staff = ctx.web.config.directory.staff_member(ctx.session.address)
        if staff is not None and Actor.for_staff(ctx.web.store, staff.address).has_access:
            return None
        return _error(ctx, 403, "No access", "Your account cannot use the quarantine. Ask the headteacher.")
    nxt = ctx.request.url.path
    if ctx.request.url.query:
        nxt += "?" + ctx.request.url.query
    target = "/signin?" + urlencode({"next": nxt, **({"expired": "1"} if ctx.expired else {})})
    return _set_cookie(ctx, RedirectResponse(target, status_code=303))


async def _form(ctx: _Ctx) -> FormData | Response:
    """The POSTed form, after checking its size and its CSRF token."""
    length = ctx.request.headers.get("content-length")
    if length is None:
        return _error(ctx, 411, "Please try again", "The form was sent without its length.")
    if not length.isdigit() or int(length) > MAX_FORM_BYTES:
        return _error(ctx, 413, "Too much data", "The form was too large.")
    form = await ctx.request.form(max_files=0, max_fields=1000)
    if not csrf_ok(ctx.session if not ctx.fresh_cookie else None, form.get("csrf")):
        return _error(
            ctx, 403, "Please try again",
            "This form had expired or did not come from this site. Go back, reload the page and try again.",
        )  # fmt: skip
    return form


def _action_error(ctx: _Ctx, e: ActionError) -> Response:
    if isinstance(e, NotFound):
        return _error(ctx, 404, "Not found", "There is no such message, or you cannot see it.")
    if isinstance(e, PermissionDenied):
        return _error(ctx, 403, "Not allowed", f"You cannot do this: {e}.")
    if isinstance(e, ConflictError):
        return _error(ctx, 409, "Someone else got there first", f"{e}.")
    if isinstance(e, InvalidTransition):
        return _error(ctx, 409, "Already decided", f"{e}.")
    if isinstance(e, BadRequest):
        return _error(ctx, 400, "Something is missing", f"{e}.")
    return _error(ctx, 400, "Not done", str(e))


_SAFE_PATH = re.compile(r"\A/(?![/\\])[\x21-\x7e]*\Z")  # one leading slash; no spaces, controls or backslashes


def _safe_next(value: object) -> str:
    """A local path to go back to after signing in (never another site: no "//host", "/\\host", "/\t/host")."""
    if isinstance(value, str) and len(value) < 2048 and _SAFE_PATH.match(value) and "\\" not in value:
        return value
    return "/queue"


# -- pages --------------------------------------------------------------------------


async def _home(request: Request) -> Response:
    return RedirectResponse("/queue", status_code=303)


async def _signin(request: Request) -> Response:
    ctx = _context(request)
    web = ctx.web
    nxt = _safe_next(request.query_params.get("next"))
    if request.method == "GET":
        if ctx.session.signed_in:
            return RedirectResponse(nxt, status_code=303)
        notice = "You were signed out because you had not used the page for a while." if (
            ctx.expired or request.query_params.get("expired")) else ""  # fmt: skip
        return _render(ctx, "signin.html", next=nxt, notice=notice, error="", address="")
    form = await _form(ctx)
    if isinstance(form, Response):
        return form
    address = str(form.get("address", "")).strip()[:320]
    password = str(form.get("password", ""))
    nxt = _safe_next(form.get("next"))
    key, ip = normalise_address(address), _remote(request)
    wait = max(web.per_account.blocked("a:" + key), web.per_ip.blocked("ip:" + ip))
    if wait:
        minutes = max(1, round(wait / 60))
        stats_refusal(web, key, ip, "rate-limited")
        return _render(
            ctx, "signin.html", status=429, next=nxt, notice="", address=address,
            error=f"Too many attempts. Please wait {minutes} minute{'s' if minutes != 1 else ''} and try again.",
        )  # fmt: skip
    staff = web.config.directory.staff_member(address) if address else None
    ok = check_password(web.store, address, password) if address else False
    if not ok or staff is None:
        web.per_account.hit("a:" + key)
        web.per_ip.hit("ip:" + ip)
        stats_refusal(web, key, ip, "wrong-password")
        return _render(
            ctx, "signin.html", status=401, next=nxt, notice="", address=address,
            error="That email address and password do not match. Please check them and try again.",
        )  # fmt: skip
    web.per_account.reset("a:" + key)
    stamp = password_stamp(web.store, staff.address) or 0.0
    session = web.sessions.new(normalise_address(staff.address), stamp)  # a new session id: no fixation
    _audit_event(web, staff.address, ip, "sign-in", "ok")
    return _set_cookie(ctx, RedirectResponse(nxt, status_code=303), session)


def stats_refusal(web: WebState, key: str, ip: str, why: str) -> None:
    _audit_event(web, key or "(blank)", ip, "sign-in", "refused", {"why": why})


def _audit_event(web: WebState, who: str, ip: str, action: str, outcome: str,
                 detail: Mapping[str, Any] | None = None) -> None:  # fmt: skip
    from quarantine import audit

    staff = web.config.directory.staff_member(who)
    role = ",".join(sorted(r.value for r in staff.roles)) if staff is not None else "none"
    try:
        with web.store.write() as s:
            audit.append(s, at=web.clock(), actor=normalise_address(who)[:320], role=role, action=action,
                         remote=ip, outcome=outcome, detail=detail)  # fmt: skip
    except Exception:  # noqa: BLE001 - signing in must not fail because the audit write failed; log it
        log.exception("could not write the audit record for %s %s", action, who)


async def _signout(request: Request) -> Response:
    ctx = _context(request)
    form = await _form(ctx)
    if isinstance(form, Response):
        return form
    if ctx.session.signed_in:
        _audit_event(ctx.web, ctx.session.address, _remote(request), "sign-out", "ok")
    ctx.web.sessions.revoke(ctx.session)
    response = RedirectResponse("/signin?signedout=1", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def _queue_filters(params: Mapping[str, str]) -> tuple[str, ItemFilter, int]:
    state_key = params.get("state", "waiting")
    if state_key not in STATE_FILTERS:
        state_key = "waiting"
    policy = params.get("policy", "").strip()[:64] or None
    group = params.get("group", "").strip()[:320] or None
    text = params.get("q", "").strip()[:200] or None
    try:
        page = max(1, min(100_000, int(params.get("page", "1"))))
    except ValueError:
        page = 1
    return state_key, ItemFilter(states=STATE_FILTERS[state_key][1], policy=policy, group=group, text=text), page


def _groups_for(web: WebState, actor: Actor) -> list[tuple[str, str]]:
    groups = web.config.directory.groups
    if not (actor.is_head or actor.is_dsl or actor.is_admin):
        groups = tuple(g for g in groups if actor.key in {normalise_address(t) for t in g.teachers})
    return [(g.address, g.name or g.address) for g in groups]


async def _queue(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    actor = ctx.actor
    params = request.query_params
    state_key, filters, page = _queue_filters(params)
    try:
        result = ctx.web.quarantine.list_items(actor, filters, page=page, per_page=PER_PAGE)
    except ActionError as e:
        return _action_error(ctx, e)
    now = ctx.web.clock()
    rows = [{"item": it, "age": _age(now, it.created)} for it in result.items]
    keep = {k: v for k, v in (("state", state_key), ("policy", filters.policy or ""), ("group", filters.group or ""),
                              ("q", filters.text or "")) if v}  # fmt: skip

    def page_url(n: int) -> str:
        return "/queue?" + urlencode({**keep, "page": str(n)})

    return _render(
        ctx, "queue.html", rows=rows, result=result, state_key=state_key, filters=filters,
        state_filters=STATE_FILTERS, policy_ids=ctx.web.policy_ids, groups=_groups_for(ctx.web, actor),
        prev_url=page_url(page - 1) if page > 1 else "", next_url=page_url(page + 1) if result.has_more else "",
        back=request.url.path + ("?" + request.url.query if request.url.query else ""),
        done=_done_words(params), decision_words=DECISION_WORDS,
    )  # fmt: skip


def _done_words(params: Mapping[str, str]) -> str:
    done = params.get("done", "")
    if done.startswith("bulk:"):
        _, _, counts = done.partition(":")
        ok, _, failed = counts.partition("/")
        if ok.isdigit() and failed.isdigit():
            text = f"{ok} message{'s' if ok != '1' else ''} done."
            if failed != "0":
                text += (
                    f" {failed} could not be changed: already decided, not yours to decide, or waiting for"
                    " permission (open those to allow them one by one)."
                )
            return text
        return ""
    return DONE_WORDS.get(done, "")


# -- one item -----------------------------------------------------------------------


@dataclass(frozen=True)
class BodyView:
    text: Markup
    marked: int
    html_frame: str
    attachments: list[tuple[str, str, int]]
    headers: list[tuple[str, str]]
    problem: str


_HEAD_FIRST = ("from", "to", "cc", "reply-to", "subject", "date")


def _body_view(detail: ItemDetail) -> BodyView | None:
    if detail.raw is None:
        return None
    try:
        message: Message = parse(detail.raw)
    except Exception as e:  # noqa: BLE001 - a message that cannot be parsed is still shown as text
        text, marked = highlight(detail.raw.decode("utf-8", "replace"), [f.evidence for f in detail.findings])
        return BodyView(text, marked, "", [], [], f"This message could not be read normally ({type(e).__name__}).")
    evidence = [f.evidence for f in detail.findings if f.evidence]
    texts = [p for p in message.parts if not p.html] or list(message.parts)
    joined = "\n\n".join(p.text for p in texts)
    text, marked = highlight(joined, evidence)
    html_parts = [p.raw_html for p in message.parts if p.html and p.raw_html]
    frame = frame_document("<hr>".join(html_parts)) if html_parts else ""
    attachments = [(a.filename or "(no name)", a.sniffed_type or a.declared_type, len(a.data))
                   for a in message.attachments]  # fmt: skip
    headers = sorted(message.headers, key=lambda h: (h[0].lower() not in _HEAD_FIRST,))
    return BodyView(text, marked, frame, attachments, list(headers), "")


def _mail_goes_outside(web: WebState, detail: ItemDetail, decision: Decision) -> list[str]:
    """The addresses outside the school that this decision sends mail to (shown on a confirmation page)."""
    d = web.config.directory
    if decision in (Decision.RELEASE, Decision.AUTHORISE):
        return [r for r in detail.summary.recipients if d.resolve(r).is_external]
    if decision is Decision.RETURN and detail.mail_from and d.resolve(detail.mail_from).is_external:
        return [detail.mail_from]
    return []


async def _item(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    item_id = request.path_params["item_id"][:64]
    try:
        detail = ctx.web.quarantine.get_item(ctx.actor, item_id)
    except ActionError as e:
        return _action_error(ctx, e)
    body = _body_view(detail)
    actions = [d for d in (Decision.RELEASE, Decision.AUTHORISE, Decision.RETURN, Decision.ESCALATE, Decision.DELETE)
               if d in detail.allowed]  # fmt: skip
    outside = {d.value: _mail_goes_outside(ctx.web, detail, d) for d in actions}
    actor = ctx.actor
    return _render(
        ctx, "item.html", d=detail, body=body, actions=actions, outside=outside,
        done=_done_words(request.query_params), age=_age(ctx.web.clock(), detail.summary.created),
        may_hold=(actor.is_dsl or actor.is_head) and detail.purged is None,
    )  # fmt: skip


_DECISIONS = {d.value: d for d in (Decision.RELEASE, Decision.AUTHORISE, Decision.RETURN, Decision.ESCALATE,
                                   Decision.DELETE)}  # fmt: skip


async def _act(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    form = await _form(ctx)
    if isinstance(form, Response):
        return form
    item_id = request.path_params["item_id"][:64]
    what = str(form.get("action", ""))
    comment = str(form.get("comment", ""))[:4000]
    q = ctx.web.quarantine
    actor = ctx.actor
    try:
        if what in ("legal-hold-on", "legal-hold-off"):
            q.legal_hold(actor, item_id, what == "legal-hold-on", comment)
            return RedirectResponse(f"/items/{item_id}?done={what}", status_code=303)
        decision = _DECISIONS.get(what)
        if decision is None:
            return _error(ctx, 400, "Unknown action", "That is not something this page can do.")
        if form.get("confirm") != "yes":
            detail = q.get_item(actor, item_id, with_body=False)
            outside = _mail_goes_outside(ctx.web, detail, decision)
            if outside or decision is Decision.DELETE or (decision is Decision.RETURN and not comment.strip()):
                if decision is Decision.RETURN and not comment.strip():
                    return _render(ctx, "confirm.html", status=400, d=detail, decision=decision, outside=outside,
                                   comment=comment, ids=[item_id], bulk=False,
                                   error="Please write a short comment for the sender.")  # fmt: skip
                return _render(ctx, "confirm.html", d=detail, decision=decision, outside=outside, comment=comment,
                               ids=[item_id], bulk=False, error="")  # fmt: skip
        q.decide(actor, item_id, decision, comment)
    except ActionError as e:
        return _action_error(ctx, e)
    return RedirectResponse(f"/items/{item_id}?done={decision.value}", status_code=303)


async def _bulk(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    form = await _form(ctx)
    if isinstance(form, Response):
        return form
    decision = _DECISIONS.get(str(form.get("action", "")))
    back = _safe_next(form.get("back"))
    ids = [str(i)[:64] for i in form.getlist("ids")][: PER_PAGE * 4]
    if decision not in (Decision.RELEASE, Decision.RETURN, Decision.DELETE):
        return _error(ctx, 400, "Choose what to do", "Choose Release, Return to sender or Delete.")
    if not ids:
        return _error(ctx, 400, "Nothing chosen", "Tick the messages you want to change first.")
    comment = str(form.get("comment", ""))[:4000]
    q, actor = ctx.web.quarantine, ctx.actor
    if form.get("confirm") != "yes" or (decision is Decision.RETURN and not comment.strip()):
        details = []
        for i in ids:
            try:
                details.append(q.get_item(actor, i, with_body=False))
            except ActionError:
                continue
        outside = sorted({a for det in details for a in _mail_goes_outside(ctx.web, det, decision)})
        error = "Please write a short comment for the senders." if (
            form.get("confirm") == "yes" and decision is Decision.RETURN and not comment.strip()) else ""  # fmt: skip
        return _render(ctx, "confirm.html", status=400 if error else 200, d=None, details=details, decision=decision,
                       outside=outside, comment=comment, ids=[det.id for det in details], bulk=True, back=back,
                       error=error)  # fmt: skip
    ok = failed = 0
    for i in ids:
        try:
            q.decide(actor, i, decision, comment)
            ok += 1
        except ActionError:
            failed += 1
    sep = "&" if "?" in back else "?"
    return RedirectResponse(f"{back}{sep}done=bulk:{ok}/{failed}", status_code=303)


# -- dashboard and audit --------------------------------------------------------------


async def _dashboard(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    actor = ctx.actor
    total, rows = stats.awaiting(ctx.web.quarantine, actor)
    weeks = stats.findings_per_week(ctx.web.quarantine, actor, ctx.web.clock(), 8)
    return _render(ctx, "dashboard.html", total=total, rows=rows, chart=render_chart(weeks), weeks=weeks)


async def _audit(request: Request) -> Response:
    ctx = _context(request)
    if (r := _need_signin(ctx)) is not None:
        return r
    text = request.query_params.get("q", "")[:200]
    try:
        page = max(1, int(request.query_params.get("page", "1")))
    except ValueError:
        page = 1
    try:
        entries, more = stats.audit_search(ctx.web.quarantine, ctx.actor, text, page=page)
    except ActionError as e:
        return _action_error(ctx, e)
    base = {"q": text} if text else {}
    return _render(
        ctx, "audit.html", entries=entries, text=text,
        prev_url="/audit?" + urlencode({**base, "page": page - 1}) if page > 1 else "",
        next_url="/audit?" + urlencode({**base, "page": page + 1}) if more else "",
    )  # fmt: skip


# -- one-time links from emails ----------------------------------------------------------


async def _link(request: Request) -> Response:
    """A one-time link from a teacher's email: GET shows what it will do, POST does it (once)."""
    from quarantine import links

    ctx = _context(request)
    token = request.path_params["token"][:4096]
    store = ctx.web.store
    try:
        claim = links.check_link(store, token)
    except links.LinkError as e:
        return _error(ctx, 400, "This link cannot be used", _sentence(str(e)))
    decision = _DECISIONS.get(claim.action)
    if decision is None:
        return _error(ctx, 400, "This link cannot be used", "This link is not valid.")
    try:
        actor = Actor.for_staff(store, claim.staff, _remote(request))
        detail = ctx.web.quarantine.get_item(actor, claim.item_id, with_body=False)
    except ActionError as e:
        return _action_error(ctx, e)
    if request.method == "GET":
        return _render(ctx, "link.html", token=token, d=detail, decision=decision, error="",
                       outside=_mail_goes_outside(ctx.web, detail, decision))  # fmt: skip
    form = await _form(ctx)
    if isinstance(form, Response):
        return form
    comment = str(form.get("comment", ""))[:4000]
    if decision is Decision.RETURN and not comment.strip():
        return _render(ctx, "link.html", status=400, token=token, d=detail, decision=decision,
                       outside=_mail_goes_outside(ctx.web, detail, decision),
                       error="Please write a short comment for the sender.")  # fmt: skip
    try:
        links.use_link(store, token, remote=_remote(request), comment=comment)
    except links.LinkUsed:
        detail = ctx.web.quarantine.get_item(actor, claim.item_id, with_body=False)
        return _render(ctx, "link_done.html", d=detail, already=True, decision=decision)
    except links.LinkError as e:
        return _error(ctx, 400, "This link cannot be used", _sentence(str(e)))
    except ActionError as e:
        return _action_error(ctx, e)
    detail = ctx.web.quarantine.get_item(actor, claim.item_id, with_body=False)
    return _render(ctx, "link_done.html", d=detail, already=False, decision=decision)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return "This link is not valid. Open the message in the web page instead."
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")


__all__ = ["create_app", "Role"]
