"""``gateway quarantine ...``: the teacher's command line over ``quarantine.actions``.

Every command that reads or decides items takes ``--as STAFF-ADDRESS`` and is
refused (exit status 1, audited) when that staff member may not do it; the rules
are the web UI's (see ``quarantine.actions``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from gateway.cli import EXIT_FAILURE, EXIT_OK, UsageError, add_config_arg, load
from quarantine.actions import ActionError, Actor, ItemFilter, PermissionDenied, Quarantine
from quarantine.store import ItemState, Store, StoreError

_AGE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "": 86400}


def parse_age(text: str) -> float:
    """``30m``, ``12h``, ``3d``, ``2w`` (a bare number is days) -> seconds."""
    m = _AGE.match(text)
    if m is None:
        raise UsageError(f"--older-than: not an age like 3d, 12h or 30m: {text!r}")
    return float(m.group(1)) * _UNITS[m.group(2)]


def _when(ts: float | None) -> str:
    return "" if ts is None else datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d %H:%M")


def _with_store(func: Callable[[argparse.Namespace, Store], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        config = load(args)
        try:
            store = Store.from_config(config)
        except StoreError as e:
            print(f"gateway quarantine: {e}", file=sys.stderr)
            return EXIT_FAILURE
        try:
            return func(args, store)
        except ActionError as e:
            print(f"gateway quarantine: refused: {e}", file=sys.stderr)
            return EXIT_FAILURE
        except StoreError as e:
            print(f"gateway quarantine: {e}", file=sys.stderr)
            return EXIT_FAILURE
        except BrokenPipeError:  # `gateway quarantine list | head`
            import os

            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return EXIT_OK
        finally:
            store.close()

    return run


def _actor(args: argparse.Namespace, store: Store) -> Actor:
    return Actor.for_staff(store, args.as_staff, remote="cli")


# -- commands ----------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(args, store)
    states: tuple[ItemState, ...] = tuple(ItemState(s) for s in args.state)
    filters = ItemFilter(
        states=states,
        policy=args.policy,
        group=args.group,
        sender=args.sender,
        older_than=parse_age(args.older_than) if args.older_than else None,
        text=args.text,
    )
    page = Quarantine(store).list_items(actor, filters, page=args.page, per_page=args.limit)
    out = sys.stdout
    if args.json:
        for it in page.items:
            out.write(json.dumps(it.to_json(), ensure_ascii=False) + "\n")
        return EXIT_OK
    if not page.items:
        print("no items")
        return EXIT_OK
    for it in page.items:
        subject = it.subject if len(it.subject) <= 50 else it.subject[:49] + "…"
        flags = (" [legal hold]" if it.legal_hold else "") + (" [safeguarding]" if it.safeguarding else "")
        print(f"{it.id}  {it.state.value:<11} {_when(it.created)}  {it.sender} -> {', '.join(it.recipients)}")
        print(f"{'':18}{subject!r}  {', '.join(it.policies)}{flags}")
    if page.has_more:
        print(f"(more: --page {page.page + 1})")
    return EXIT_OK


def _readable(raw: bytes) -> str:
    from policies.message import parse

    message = parse(raw)
    parts = [p.text for p in message.parts]
    names = [a.filename or "(unnamed)" for a in message.attachments]
    text = "\n\n".join(parts).strip()
    if names:
        text += "\n\nAttachments: " + ", ".join(names)
    return text


def _cmd_show(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(args, store)
    d = Quarantine(store).get_item(actor, args.id, with_body=True)
    if args.json:
        print(json.dumps(d.to_json(with_raw=args.raw), ensure_ascii=False, indent=2))
        return EXIT_OK
    if args.raw:
        if d.raw is None:
            raise PermissionDenied("the message itself is not available to you (purged, or not yours to read)")
        sys.stdout.buffer.write(d.raw)
        return EXIT_OK
    s = d.summary
    print(f"Item:       {s.id}")
    print(f"State:      {s.state.value}" + (f" (was {s.origin.value})" if s.origin != s.state else ""))
    print(f"From:       {d.mail_from}" + (f"  (header: {d.from_header})" if d.from_header else ""))
    print(f"To:         {', '.join(s.recipients)}")
    print(f"Subject:    {s.subject}")
    print(f"Received:   {_when(d.received)} from {d.client_ip or 'a trusted client'}")
    print(f"Teachers:   {', '.join(s.teachers) or '(none)'}")
    print(f"Legal hold: {'yes' if s.legal_hold else 'no'}")
    print("Findings:")
    for f in d.findings:
        print(f"  - {f.policy} ({f.action}): {f.reason}" + (f"  [{f.where}: {f.evidence!r}]" if f.evidence else ""))
    print("History:")
    for e in d.history:
        line = f"  {_when(e.at)}  {e.from_state or '-'} -> {e.to_state}  by {e.actor}"
        print(line + (f": {e.comment}" if e.comment else ""))
    print(f"You may:    {', '.join(sorted(a.value for a in d.allowed)) or 'nothing'}")
    if d.raw is not None:
        print("\n----- message -----")
        print(_readable(d.raw))
    elif d.purged is not None:
        print("\n(the message itself was removed by retention on " + _when(d.purged) + ")")
    elif not d.body_allowed:
        print("\n(the message itself is not shown to your role)")
    return EXIT_OK


def _decision(name: str) -> Callable[[argparse.Namespace, Store], int]:
    def run(args: argparse.Namespace, store: Store) -> int:
        actor = _actor(args, store)
        q = Quarantine(store)
        comment = args.comment or ""
        if name == "release":
            outcome = q.release(actor, args.id, comment)
        elif name == "authorise":
            outcome = q.authorise(actor, args.id, comment)
        elif name == "return":
            outcome = q.return_to_sender(actor, args.id, comment)
        elif name == "escalate":
            outcome = q.escalate(actor, args.id, comment)
        else:
            outcome = q.delete(actor, args.id, comment)
        print(outcome.message)
        return EXIT_OK

    return run


def _cmd_hold(args: argparse.Namespace, store: Store) -> int:
    actor = _actor(args, store)
    outcome = Quarantine(store).legal_hold(actor, args.id, on=not args.off, comment=args.comment or "")
    print(outcome.message)
    return EXIT_OK


def _maintainer(args: argparse.Namespace, store: Store, what: str) -> Actor:
    actor = _actor(args, store)
    if not (actor.is_admin or actor.is_head or actor.is_dsl):
        raise PermissionDenied(f"{what} is for the network manager, the headteacher or the safeguarding lead")
    return actor


def _cmd_purge(args: argparse.Namespace, store: Store) -> int:
    from quarantine.retention import run_retention

    _maintainer(args, store, "purging")
    r = run_retention(store)
    print(f"expired {len(r.expired)} item(s), purged {len(r.purged)} message(s), "
          f"{r.outbox_purged} sent notification(s)")  # fmt: skip
    return EXIT_OK


def _cmd_deliver(args: argparse.Namespace, store: Store) -> int:
    from quarantine.outbox import SmtpTransport, drain

    if args.as_staff:
        _maintainer(args, store, "delivering")
    transport = SmtpTransport(store.config.relay.next_hop, store.config.relay.relay_timeout,
                              store.config.relay.hostname)  # fmt: skip
    r = asyncio.run(drain(store, transport))
    print(f"sent {r.sent}, will retry {r.retried}, failed {r.failed}")
    for e in r.errors:
        print(f"  {e}", file=sys.stderr)
    return EXIT_FAILURE if r.failed else EXIT_OK


def _cmd_audit(args: argparse.Namespace, store: Store) -> int:
    from quarantine import audit

    if not args.as_staff:
        raise UsageError("gateway quarantine audit: --as STAFF-ADDRESS is required")
    actor = _maintainer(args, store, "reading the audit log")
    with store.read() as s:
        entries = list(audit.records(s, item_id=args.item, limit=args.limit))
    with store.write() as s:
        audit.append(s, at=store.clock(), actor=actor.address, role=actor.role_label, action="audit-read",
                     item_id=args.item or "", remote="cli", outcome="ok")  # fmt: skip
    for e in entries:
        if args.json:
            print(json.dumps(e.to_json(), ensure_ascii=False))
        else:
            print(f"{e.seq:>6} {_when(e.at)}  {e.actor} ({e.role})  {e.action}  {e.item_id or '-'}  "
                  f"{e.outcome}" + (f"  from {e.remote}" if e.remote else "") + (f"  {e.detail}" if e.detail else ""))  # fmt: skip
    return EXIT_OK


def _cmd_audit_verify(args: argparse.Namespace, store: Store) -> int:
    from quarantine import audit

    with store.read() as s:
        problems = audit.verify(s)
        count = sum(1 for _ in audit.records(s))
    if problems:
        for p in problems:
            print(f"TAMPERED: {p}")
        print(f"audit log: {len(problems)} problem(s) in {count} record(s)")
        return EXIT_FAILURE
    print(f"audit log: {count} record(s), chain intact")
    return EXIT_OK


def _cmd_keygen(args: argparse.Namespace) -> int:
    from quarantine.store import new_key

    del args
    print(new_key())
    return EXIT_OK


# -- the parser ------------------------------------------------------------------------


def _common(p: argparse.ArgumentParser, as_required: bool = True) -> None:
    add_config_arg(p)
    p.add_argument("--as", dest="as_staff", metavar="STAFF-ADDRESS", required=as_required,
                   help="the staff member acting (their roles come from the directory)")  # fmt: skip


def register(sub: Any) -> None:
    """Add ``gateway quarantine ...``."""
    q = sub.add_parser("quarantine", help="held and quarantined mail: list, decide, deliver, audit")
    qs = q.add_subparsers(dest="quarantine_command", required=True, metavar="SUBCOMMAND")

    p = qs.add_parser("list", help="items you may see, newest first")
    _common(p)
    p.add_argument("--state", action="append", default=[], choices=[s.value for s in ItemState])
    p.add_argument("--policy", metavar="ID")
    p.add_argument("--group", metavar="GROUP-ADDRESS")
    p.add_argument("--sender", metavar="ADDRESS")
    p.add_argument("--older-than", metavar="AGE", help="e.g. 3d, 12h, 30m")
    p.add_argument("--text", metavar="TEXT", help="in the sender or the subject")
    p.add_argument("--page", type=int, default=1)
    p.add_argument("--limit", type=int, default=50, help="items per page (default 50)")
    p.add_argument("--json", action="store_true", help="one JSON object per item")
    p.set_defaults(func=_with_store(_cmd_list))

    p = qs.add_parser("show", help="one item in full (reading the message is audited)")
    _common(p)
    p.add_argument("id")
    p.add_argument("--raw", action="store_true", help="print the message exactly as received")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_with_store(_cmd_show))

    for name, text in (
        ("release", "deliver a quarantined message to its recipients"),
        ("authorise", "authorise held mail to an external organisation (DKIM-signed as it leaves)"),
        ("return", "send the message back to its sender with your comment"),
        ("escalate", "pass the message to the safeguarding lead, who then decides"),
        ("delete", "delete the message without delivering it"),
    ):
        p = qs.add_parser(name, help=text)
        _common(p)
        p.add_argument("id")
        p.add_argument("--comment", metavar="TEXT", required=name == "return",
                       help="for the sender (return) or the record")  # fmt: skip
        p.set_defaults(func=_with_store(_decision(name)))

    p = qs.add_parser("hold", help="legal hold (safeguarding lead, headteacher): exempt an item from purging")
    _common(p)
    p.add_argument("id")
    p.add_argument("--off", action="store_true", help="lift the legal hold")
    p.add_argument("--comment", metavar="TEXT")
    p.set_defaults(func=_with_store(_cmd_hold))

    p = qs.add_parser("purge", help="retention: expire old undecided items, purge old messages")
    _common(p)
    p.set_defaults(func=_with_store(_cmd_purge))

    p = qs.add_parser("deliver", help="send what the outbox holds to the next hop, once")
    _common(p, as_required=False)
    p.set_defaults(func=_with_store(_cmd_deliver))

    p = qs.add_parser("audit", help="show the audit log; 'audit verify' checks its hash chain")
    asub = p.add_subparsers(dest="audit_command", required=False, metavar="verify")
    _common(p, as_required=False)
    p.add_argument("--item", metavar="ID")
    p.add_argument("--limit", type=int, default=200, help="the newest N records (default 200)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_with_store(_cmd_audit))
    v = asub.add_parser("verify", help="check the chain: finds an edited or deleted record")
    add_config_arg(v)
    v.set_defaults(func=_with_store(_cmd_audit_verify))

    p = qs.add_parser("keygen", help="print a new [store] encryption_key")
    p.set_defaults(func=_cmd_keygen)
