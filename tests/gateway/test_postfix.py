"""End to end with a real Postfix: Postfix -> content_filter -> gateway -> reinjection -> next hop.

A private Postfix instance (its own config_directory and queue_directory under
a temporary folder, loopback only, non-standard ports) is configured exactly as
docs/postfix.md describes: ``content_filter = scan:[127.0.0.1]:GATEWAY``, a
reinjection smtpd listener with ``content_filter =`` empty, and the final
delivery to a test sink. Mail sent into Postfix must come out clean at the
sink, flagged in the quarantine, external mail held.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import smtplib
import subprocess
import tempfile
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from gateway.config import load_config
from gateway.server import GatewayServer
from gateway.sink import Sink, start_sink
from quarantine.models import Item
from quarantine.store import Store
from tests.gateway.conftest import eml, free_port, write_config

POSTFIX = shutil.which("postfix") or "/usr/sbin/postfix"
pytestmark = [
    pytest.mark.postfix,
    pytest.mark.skipif(not Path(POSTFIX).exists(), reason="Postfix is not installed"),
    pytest.mark.skipif(os.geteuid() != 0, reason="a private Postfix instance must be started as root"),
]

# The lines docs/postfix.md gives for a school's own Postfix; the test fills in the ports.
MAIN_CF_FILTER = """\
content_filter = scan:[127.0.0.1]:{gateway_port}
"""
MASTER_CF_FILTER = """\
# the gateway (an after-queue content filter), and the way back in from it
scan      unix  -       -       n       -       10      smtp
  -o smtp_send_xforward_command=yes
  -o disable_mime_output_conversion=yes
  -o smtp_generic_maps=
127.0.0.1:{reinject_port} inet n  -       n       -       10      smtpd
  -o content_filter=
  -o receive_override_options=no_unknown_recipient_checks,no_header_body_checks,no_milters,no_address_mappings
  -o smtpd_helo_restrictions=
  -o smtpd_client_restrictions=
  -o smtpd_sender_restrictions=
  -o smtpd_relay_restrictions=permit_mynetworks,reject
  -o smtpd_recipient_restrictions=permit_mynetworks,reject
  -o mynetworks=127.0.0.0/8
  -o smtpd_authorized_xforward_hosts=127.0.0.0/8
"""

# The rest is only what a private, throw-away instance needs.
MAIN_CF = """\
compatibility_level = 3.6
queue_directory = {root}/queue
data_directory = {root}/data
maillog_file = {root}/maillog
maillog_file_prefixes = {root}
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.rbps.example
mydomain = rbps.example
mydestination =
relay_domains = rbps.example
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination
default_transport = smtp:[127.0.0.1]:{sink_port}
relay_transport = smtp:[127.0.0.1]:{sink_port}
smtp_tls_security_level = none
smtpd_tls_security_level = none
queue_run_delay = 1s
minimal_backoff_time = 1s
maximal_backoff_time = 2s
delay_warning_time = 0
biff = no
alias_maps =
alias_database =
"""
MASTER_CF = """\
127.0.0.1:{smtpd_port} inet n  -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
"""


@dataclass
class Instance:
    root: Path
    smtpd_port: int
    sink: Sink
    store: Store

    def log(self) -> str:
        path = self.root / "maillog"
        return path.read_text(errors="replace") if path.exists() else ""


def _postfix(conf: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([POSTFIX, "-c", str(conf), *args], capture_output=True, text=True, timeout=60)


@pytest.fixture
async def postfix(tmp_path: Path) -> AsyncIterator[Instance]:
    root = Path(tempfile.mkdtemp(prefix="gw-postfix-"))  # root-owned, outside pytest's folders
    os.chmod(root, 0o755)
    conf = root / "etc"
    conf.mkdir()
    (root / "queue").mkdir()
    (root / "data").mkdir()
    shutil.chown(root / "data", "postfix")
    ports = {k: free_port() for k in ("smtpd_port", "gateway_port", "reinject_port", "sink_port")}
    (conf / "main.cf").write_text(MAIN_CF.format(root=root, **ports) + MAIN_CF_FILTER.format(**ports))
    (conf / "master.cf").write_text(MASTER_CF.format(**ports) + MASTER_CF_FILTER.format(**ports))

    sink = Sink()
    sink_server = await start_sink(sink, "127.0.0.1", ports["sink_port"])
    config = load_config(write_config(tmp_path, ports["gateway_port"], ports["reinject_port"]))
    store = Store.from_config(config)
    gateway = GatewayServer(config, store, threads=2)
    await gateway.start()
    started = _postfix(conf, "start")
    if started.returncode != 0:
        await gateway.stop(grace=1)
        sink_server.close()
        store.close()
        log = (root / "maillog").read_text(errors="replace") if (root / "maillog").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"postfix start failed: {started.stderr}{log}")
    instance = Instance(root, ports["smtpd_port"], sink, store)
    try:
        for _ in range(100):
            try:
                _, w = await asyncio.open_connection("127.0.0.1", ports["smtpd_port"])
                w.close()
                break
            except OSError:
                await asyncio.sleep(0.1)
        yield instance
    finally:
        _postfix(conf, "stop")
        await gateway.stop(grace=2)
        sink_server.close()
        await sink_server.wait_closed()
        store.close()
        shutil.rmtree(root, ignore_errors=True)


def _submit(port: int, sender: str, rcpts: list[str], raw: bytes) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as client:
        client.sendmail(sender, rcpts, raw)


async def test_postfix_content_filter_end_to_end(postfix: Instance) -> None:
    clean = eml(sender="amelia.clarke@rbps.example", to="isla.mensah@rbps.example", subject="Homework",
                body="Have you finished the poem for English?")  # fmt: skip
    flagged = eml(sender="amelia.clarke@rbps.example", to="isla.mensah@rbps.example", subject="call me",
                  body="my phone number is 07700 900123, ring me tonight")  # fmt: skip
    external = eml(sender="year6@rbps.example", to="bookings@museum.example", subject="Our visit",
                   body="Dear museum, thank you for showing us the dinosaurs.")  # fmt: skip
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, _submit, postfix.smtpd_port, "amelia.clarke@rbps.example", ["isla.mensah@rbps.example"], clean)
    await loop.run_in_executor(None, _submit, postfix.smtpd_port, "amelia.clarke@rbps.example", ["isla.mensah@rbps.example"], flagged)
    await loop.run_in_executor(None, _submit, postfix.smtpd_port, "year6@rbps.example", ["bookings@museum.example"], external)

    for _ in range(300):
        if len(postfix.sink.messages) >= 1 and postfix.store.count() >= 2:
            break
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # nothing else may arrive late
    log = postfix.log()
    assert len(postfix.sink.messages) == 1, log[-3000:]
    delivered = postfix.sink.messages[0]
    assert delivered.rcpt_tos == ("isla.mensah@rbps.example",)
    assert b"Subject: Homework" in delivered.raw and b"X-School-Gateway: deliver;" in delivered.raw
    assert b"(school-mail-gateway)" in delivered.raw  # it went through the gateway, not around it
    with postfix.store.read() as s:
        items = {i.subject: i for i in s.query(Item).all()}
    assert set(items) == {"call me", "Our visit"}, log[-3000:]
    assert items["call me"].state == "quarantined" and "personal-details" in items["call me"].policies
    assert items["Our visit"].state == "held" and "external-authorisation" in items["Our visit"].policies
