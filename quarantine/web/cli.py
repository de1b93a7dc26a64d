"""``gateway web`` (serve the teachers' web UI) and ``gateway staff set-password``."""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def _cmd_web(args: argparse.Namespace) -> int:
    import uvicorn

    from gateway.cli import load
    from quarantine.web.app import create_app

    config = load(args)
    app = create_app(config, run_outbox=args.outbox)
    listen = config.web.listen
    host = args.host or listen.host
    port = args.port or listen.port
    print(f"gateway web: serving on http://{host}:{port}/ (base URL for links: {config.web.base_url})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="info" if args.verbose else "warning", proxy_headers=False,
                server_header=False)  # fmt: skip
    return EXIT_OK


def _read_password(stdin: Any = None) -> str | None:
    """From standard input when it is not a terminal (the first line), else typed twice."""
    stdin = stdin if stdin is not None else sys.stdin
    if not stdin.isatty():
        line: str = stdin.readline()
        return line.rstrip("\r\n")
    first = getpass.getpass("New password: ")
    second = getpass.getpass("The same password again: ")
    if first != second:
        print("gateway staff set-password: the two passwords differ; nothing changed", file=sys.stderr)
        return None
    return first


def _cmd_set_password(args: argparse.Namespace) -> int:
    from gateway.cli import load
    from quarantine.store import Store
    from quarantine.web.auth import PasswordProblem, set_password

    config = load(args)
    if config.directory.staff_member(args.address) is None:
        print(f"gateway staff set-password: {args.address} is not a staff member in the directory", file=sys.stderr)
        return EXIT_FAILURE
    password = _read_password()
    if password is None:
        return EXIT_FAILURE
    store = Store.from_config(config)
    try:
        set_password(store, args.address, password)
    except PasswordProblem as e:
        print(f"gateway staff set-password: {e}; nothing changed", file=sys.stderr)
        return EXIT_FAILURE
    finally:
        store.close()
    print(f"password set for {args.address}")
    return EXIT_OK


def register(sub: Any) -> None:
    """Add ``web`` and ``staff set-password`` to the ``gateway`` parser."""
    from gateway.cli import add_config_arg

    p = sub.add_parser("web", help="serve the teachers' web UI on [web] listen")
    add_config_arg(p)
    p.add_argument("--host", help="listen on this address instead of [web] listen's")
    p.add_argument("--port", type=int, help="listen on this port instead of [web] listen's")
    p.add_argument(
        "--outbox",
        action="store_true",
        help="also deliver released mail and notices to [relay] next_hop from this process "
        "(when the relay's outbox worker is not running)",
    )
    p.set_defaults(func=_cmd_web)

    if "staff" in getattr(sub, "choices", {}):
        return  # another module already provides ``gateway staff``
    p = sub.add_parser("staff", help="staff accounts of the web UI")
    ssub = p.add_subparsers(dest="staff_command", required=True, metavar="SUBCOMMAND")
    s = ssub.add_parser(
        "set-password",
        help="set a staff member's web UI password (read from standard input when it is not a terminal)",
    )
    add_config_arg(s)
    s.add_argument("address", metavar="ADDRESS", help="the staff member's school email address")
    s.set_defaults(func=_cmd_set_password)
