"""The ``gateway`` command: ``check``, ``config check`` and the subsystems' commands.

Each subsystem adds its own sub-commands through a ``register(subparsers)``
function in its own module (listed in ``_COMMAND_MODULES``), so this file stays
a table of contents.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from gateway.config import Config, ConfigError, load_config

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2

DEFAULT_CONFIG = os.environ.get("GATEWAY_CONFIG", "gateway.toml")

_COMMAND_MODULES = (
    "gateway.cli_relay",  # serve, dkim
    "quarantine.cli",  # quarantine, staff
    "quarantine.web.cli",  # web
)


class UsageError(Exception):
    """A bad command line: exit status 2 with the message."""


def add_config_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--config", default=DEFAULT_CONFIG, help="gateway.toml (default: %(default)s)")


def load(args: argparse.Namespace) -> Config:
    return load_config(args.config)


# -- gateway check -------------------------------------------------------------


def _cmd_check(args: argparse.Namespace) -> int:
    from policies.engine import Engine
    from policies.message import parse
    from policies.types import Envelope

    config = load(args)
    engine = Engine(config)
    if args.client_ip is not None:
        import ipaddress

        try:
            ipaddress.ip_address(args.client_ip)
        except ValueError:
            raise UsageError(f"--client-ip: not an IP address: {args.client_ip!r}") from None
    status = EXIT_OK
    out = sys.stdout
    for name in args.files:
        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as e:
            print(f"gateway check: {name}: {e.strerror or e}", file=sys.stderr)
            status = EXIT_FAILURE
            continue
        message = parse(raw, engine.budgets)
        mail_from = args.mail_from if args.mail_from is not None else (message.from_addresses[:1] or ("",))[0]
        rcpts = tuple(args.rcpt) if args.rcpt else tuple(dict.fromkeys(message.recipients_in_headers))
        envelope = Envelope(mail_from, rcpts, raw, client_ip=args.client_ip)
        verdict = engine.judge(envelope, message)
        out.write(json.dumps({"file": name, **verdict.to_json()}, ensure_ascii=False) + "\n")
        out.flush()
    return status


# -- gateway config check ------------------------------------------------------


def _cmd_config_check(args: argparse.Namespace) -> int:
    from policies.engine import Engine

    config = load(args)
    engine = Engine(config)  # validates [policies.*] too
    d = config.directory
    print(f"{config.path}: OK")
    print(f"  school:   {config.school.name} ({', '.join(config.school.domains)})")
    print(f"  pupils:   {len(d.pupils)}")
    print(f"  groups:   {len(d.groups)}")
    print(f"  staff:    {len(d.staff)}")
    print(f"  policies: {len(engine.policies)} ({', '.join(f'{p.id}={engine.actions[p.id].label}' for p in engine.policies)})")
    print(f"  relay:    listen {config.relay.listen}, next hop {config.relay.next_hop}")
    print(f"  store:    {config.store.url}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gateway", description="The school email gateway.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log debugging detail")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="judge .eml files offline and print one JSON verdict per file")
    add_config_arg(p)
    p.add_argument("--mail-from", metavar="ADDR", help="envelope sender (default: the From: address)")
    p.add_argument("--rcpt", metavar="ADDR", action="append", default=[], help="envelope recipient (repeatable; default: To/Cc/Bcc)")
    p.add_argument("--client-ip", metavar="IP", help="the connecting client's address (default: a trusted network)")
    p.add_argument("files", nargs="+", metavar="FILE.eml")
    p.set_defaults(func=_cmd_check)

    p = sub.add_parser("config", help="configuration tools")
    csub = p.add_subparsers(dest="config_command", required=True, metavar="SUBCOMMAND")
    c = csub.add_parser("check", help="validate gateway.toml and its directory and print a summary")
    add_config_arg(c)
    c.set_defaults(func=_cmd_config_check)

    for module in _COMMAND_MODULES:
        importlib.import_module(module).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code) if isinstance(e.code, int) else EXIT_USAGE
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    try:
        return int(args.func(args))
    except ConfigError as e:
        print(f"gateway: configuration error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as e:
        print(f"gateway: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
