"""``gateway serve``, ``gateway dkim keygen`` and ``gateway sink``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def _cmd_serve(args: argparse.Namespace) -> int:
    from gateway.cli import UsageError, load
    from gateway.server import serve

    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    config = load(args)
    workers = args.workers if args.workers is not None else config.relay.workers
    import logging

    from quarantine.store import StoreError

    if not args.verbose:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd's per-command chatter

    try:
        return serve(config, workers=workers, grace=args.grace)
    except StoreError as e:
        print(f"gateway serve: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"gateway serve: cannot listen on {config.relay.listen}: {e.strerror or e}", file=sys.stderr)
        return 1


def _cmd_dkim_keygen(args: argparse.Namespace) -> int:
    from gateway.cli import UsageError
    from gateway.dkim import keygen

    path = Path(args.key)
    if path.exists():
        raise UsageError(f"{path} already exists: refusing to overwrite a DKIM key")
    try:
        record = keygen(path, args.selector, args.domain, bits=args.bits)
    except OSError as e:
        print(f"gateway dkim keygen: cannot write {path}: {e.strerror or e}", file=sys.stderr)
        return 1
    print(f"# private key written to {path} (mode 0600); publish this DNS record:")
    print(record)
    print(f"# and in gateway.toml:\n# [dkim]\n# selector = \"{args.selector}\"\n# domain = \"{args.domain}\"\n# private_key = \"{path}\"")
    return 0


def _cmd_sink(args: argparse.Namespace) -> int:
    import asyncio

    from gateway.cli import UsageError
    from gateway.sink import run_sink

    host, _, port = args.listen.rpartition(":")
    if not host or not port.isdigit():
        raise UsageError(f"--listen must be HOST:PORT, not {args.listen!r}")
    asyncio.run(run_sink(Path(args.dir), host.strip("[]"), int(port)))
    return 0


def register(sub: Any) -> None:
    """Add this subsystem's commands to the ``gateway`` parser."""
    from gateway.cli import add_config_arg

    p = sub.add_parser("serve", help="run the SMTP relay (stop with SIGTERM)")
    add_config_arg(p)
    p.add_argument(
        "--workers", type=int, default=None,
        help="processes sharing the port with SO_REUSEPORT (default: [relay] workers, or 1)",
    )  # fmt: skip
    p.add_argument("--grace", type=float, default=30.0, help="seconds to let conversations finish on SIGTERM (default: 30)")
    p.set_defaults(func=_cmd_serve)

    p = sub.add_parser("dkim", help="DKIM signing keys")
    dsub = p.add_subparsers(dest="dkim_command", required=True, metavar="SUBCOMMAND")
    k = dsub.add_parser("keygen", help="write a new private key (mode 0600) and print its DNS TXT record")
    k.add_argument("--selector", required=True, help="the DKIM selector, e.g. gw2026")
    k.add_argument("--domain", required=True, help="the signing domain, e.g. school.example")
    k.add_argument("--key", required=True, metavar="FILE", help="where to write the private key (PEM)")
    k.add_argument("--bits", type=int, default=2048, choices=(1024, 2048, 3072, 4096))
    k.set_defaults(func=_cmd_dkim_keygen)

    p = sub.add_parser("sink", help="a next hop for trying the gateway: writes every message it receives to a folder")
    p.add_argument("--listen", default="127.0.0.1:10026", help="HOST:PORT (default: %(default)s)")
    p.add_argument("--dir", default="var/delivered", help="folder for delivered mail (default: %(default)s)")
    p.set_defaults(func=_cmd_sink)
