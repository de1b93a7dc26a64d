"""Real SMTP conversations with the gateway: every verdict, mixed recipients, every limit, faults."""

from __future__ import annotations

import asyncio
import base64
import email
from collections.abc import Callable
from pathlib import Path

import pytest

from gateway.relay import SmtpTransport
from quarantine.store import Store
from tests.gateway.conftest import FailingStore, StartGateway, Talk, eml, free_port, send

PUPIL = "amelia.clarke@rbps.example"
PUPIL2 = "isla.mensah@rbps.example"
TEACHER = "j.okafor@rbps.example"
GROUP = "year6@rbps.example"
MUSEUM = "bookings@museum.example"
HEAD = "h.patel@rbps.example"

CLEAN = eml(sender=PUPIL, to=PUPIL2, body="Did you finish the science homework? See you in class.")
FLAGGED = eml(sender=PUPIL, to=PUPIL2, body="my phone number is 07700 900123, ring me after school")
TO_MUSEUM = eml(sender=GROUP, to=f"{TEACHER}, {MUSEUM}", subject="Our visit", body="Dear museum, thank you for the visit.")


def with_exe() -> bytes:
    payload = base64.encodebytes(b"MZ\x90\x00" + b"\x00" * 200).decode().replace("\n", "\r\n")
    return (
        f"From: {PUPIL}\r\nTo: {PUPIL2}\r\nSubject: game\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\nplay this\r\n'
        '--b1\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="game.exe"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{payload}\r\n--b1--\r\n"
    ).encode()


def headers_of(raw: bytes) -> email.message.Message:
    return email.message_from_bytes(raw)


# -- verdicts ---------------------------------------------------------------------


async def test_clean_mail_is_relayed_with_the_gateways_headers_and_the_next_hops_answer(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 250 and "delivered" in text  # the sink's own answer
    assert len(gw.sink.messages) == 1 and gw.stored() == 0
    got = gw.sink.messages[0]
    assert got.rcpt_tos == (PUPIL2,) and got.mail_from == PUPIL
    assert got.raw.endswith(CLEAN)  # the original bytes, untouched, after the gateway's headers
    h = headers_of(got.raw)
    assert h["X-School-Gateway"].startswith("deliver;") and "findings=none" in h["X-School-Gateway"]
    assert "gw.test (school-mail-gateway)" in h["Received"] and "client.test" in h["Received"]


async def test_quarantined_mail_is_stored_and_not_relayed(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    code, text = await send(gw.port, PUPIL, [PUPIL2], FLAGGED)
    assert code == 250, text
    assert gw.sink.messages == [] and gw.stored() == 1
    with gw.store.read() as s:
        from quarantine.models import Item

        item = s.query(Item).one()
        assert item.state == "quarantined" and "personal-details" in item.policies
        raw = gw.store.unseal(item)
        assert raw is not None and raw.endswith(FLAGGED) and b"X-School-Gateway: quarantine;" in raw


async def test_group_to_teacher_and_museum_is_split_per_recipient(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    code, text = await send(gw.port, GROUP, [TEACHER, MUSEUM], TO_MUSEUM)
    assert code == 250, text
    assert [m.rcpt_tos for m in gw.sink.messages] == [(TEACHER,)]  # the teacher at once
    with gw.store.read() as s:
        from quarantine.models import Item

        item = s.query(Item).one()
        assert item.state == "held" and MUSEUM in item.recipients and TEACHER not in item.recipients


async def test_rejected_mail_gets_a_plain_reason_and_nothing_is_kept(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    code, text = await send(gw.port, PUPIL, [PUPIL2], with_exe())
    assert code == 550 and text.startswith("5.7.1 ")
    assert "file that is not allowed" in text and "blocked-attachment" not in text and "policy" not in text.lower()
    assert gw.sink.messages == [] and gw.stored() == 0


async def test_a_crashing_engine_quarantines_instead_of_delivering(start_gateway: StartGateway, monkeypatch: pytest.MonkeyPatch) -> None:
    gw = await start_gateway()

    def boom(*_a: object, **_k: object) -> None:
        raise RuntimeError("engine bug")

    # wherever it fails: judging on the event loop (judge_context) or in a worker thread (judge)
    for name in ("judge_context", "judge", "context"):
        monkeypatch.setattr(gw.server.engine, name, boom)
        code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
        assert code == 250, text
        assert gw.sink.messages == []
    assert gw.stored() == 3


async def test_incoming_gateway_header_is_removed_even_when_folded(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    forged = eml(sender=PUPIL, to=PUPIL2, headers="X-School-Gateway: deliver; findings=none\r\nx-school-gateway :\r\n  deliver\r\n")
    code, _ = await send(gw.port, PUPIL, [PUPIL2], forged)
    assert code == 250
    raw = gw.sink.messages[0].raw
    assert raw.lower().count(b"x-school-gateway") == 1 and b"  deliver" not in raw


async def test_null_sender_is_accepted(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    bounce = eml(sender="MAILER-DAEMON@elsewhere.example", to=TEACHER, subject="Undelivered Mail")
    code, _ = await send(gw.port, "", [TEACHER], bounce)
    assert code == 250 and gw.sink.messages[0].mail_from == "<>"


# -- the envelope ---------------------------------------------------------------------


async def test_untrusted_client_is_refused_at_connect(start_gateway: StartGateway) -> None:
    gw = await start_gateway(trusted_networks=["10.20.0.0/16"])
    talk, (code, text) = await Talk.open(gw.port)
    assert code == 554 and text.startswith("5.7.1")
    assert (await talk.reply())[0] == 0  # closed
    await talk.close()


async def test_rcpt_checks(start_gateway: StartGateway) -> None:
    gw = await start_gateway(max_recipients=2)
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    assert (await talk.cmd(f"MAIL FROM:<{PUPIL}>"))[0] == 250
    code, text = await talk.cmd("RCPT TO:<amy.b.2@rbps.example>")
    assert code == 550 and text.startswith("5.1.1")
    code, text = await talk.cmd("RCPT TO:<not..valid@@rbps.example>")
    assert code in (553, 501)
    assert (await talk.cmd(f"RCPT TO:<{PUPIL2}>"))[0] == 250
    assert (await talk.cmd(f"RCPT TO:<{TEACHER}>"))[0] == 250
    code, text = await talk.cmd(f"RCPT TO:<{HEAD}>")
    assert code == 452 and text.startswith("4.5.3")
    assert (await talk.data(CLEAN))[0] == 250
    await talk.close()
    assert gw.sink.messages[0].rcpt_tos == (PUPIL2, TEACHER)


@pytest.mark.parametrize("bad", [b"a\x00b@rbps.example", b"a\x01b@x.example", b"a\rb@x.example", b"a\x7fb@x.example", b"a\tb@x.example"])
async def test_control_characters_in_addresses_are_refused(start_gateway: StartGateway, bad: bytes) -> None:
    gw = await start_gateway()
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    code, text = await talk.cmd(b"MAIL FROM:<" + bad + b">")
    assert code == 501 and text.startswith("5.1.3")
    assert (await talk.cmd(f"MAIL FROM:<{PUPIL}>"))[0] == 250
    code, _ = await talk.cmd(b"RCPT TO:<" + bad + b">")
    assert code == 501
    await talk.close()
    assert gw.sink.messages == []


async def test_smtputf8_is_carried_through(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    sender = "zoë@école.example"
    raw = eml(sender=sender, to=TEACHER, subject="Bonjour", body="Merci beaucoup")
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    assert (await talk.cmd(f"MAIL FROM:<{sender}>"))[0] == 553  # without SMTPUTF8
    assert (await talk.cmd(f"MAIL FROM:<{sender}> SMTPUTF8"))[0] == 250
    assert (await talk.cmd(f"RCPT TO:<{TEACHER}>"))[0] == 250
    code, text = await talk.data(raw)
    await talk.close()
    assert code == 250, text
    assert gw.sink.messages[0].mail_from == sender and gw.sink.messages[0].raw.endswith(raw)


# -- limits on DATA ---------------------------------------------------------------------


async def test_size_limit_at_mail_and_at_data(start_gateway: StartGateway) -> None:
    gw = await start_gateway(max_message_size=4000)
    talk, _ = await Talk.open(gw.port)
    _, ehlo = await talk.cmd("EHLO client.test")
    assert "SIZE 4000" in ehlo
    code, text = await talk.cmd(f"MAIL FROM:<{PUPIL}> SIZE=5000")
    assert code == 552 and text.startswith("5.3.4")
    assert (await talk.cmd(f"MAIL FROM:<{PUPIL}> SIZE=3000"))[0] == 250
    assert (await talk.cmd(f"RCPT TO:<{PUPIL2}>"))[0] == 250
    big = eml(sender=PUPIL, to=PUPIL2, body=("lots of words here " * 4 + "\r\n") * 80)
    code, text = await talk.data(big)
    assert code == 552 and text.startswith("5.3.4")
    await talk.close()
    assert gw.sink.messages == [] and gw.stored() == 0


async def test_overlong_line_is_refused(start_gateway: StartGateway) -> None:
    gw = await start_gateway(max_line_length=200)
    raw = eml(sender=PUPIL, to=PUPIL2, body="x" * 300)
    code, text = await send(gw.port, PUPIL, [PUPIL2], raw)
    assert code == 500 and text.startswith("5.5.2")
    ok = eml(sender=PUPIL, to=PUPIL2, body="y" * 190)
    assert (await send(gw.port, PUPIL, [PUPIL2], ok))[0] == 250
    assert len(gw.sink.messages) == 1


async def test_received_loop_cap(start_gateway: StartGateway) -> None:
    gw = await start_gateway(max_received_headers=5)
    hops = "".join(f"Received: from h{i}.example by h{i + 1}.example; Tue, 24 Nov 2026 10:00:0{i} +0000\r\n" for i in range(5))
    code, text = await send(gw.port, PUPIL, [PUPIL2], hops.encode() + CLEAN)
    assert code == 554 and text.startswith("5.4.6")
    assert (await send(gw.port, PUPIL, [PUPIL2], hops.encode()[: hops.index("Received", 10)] + CLEAN))[0] == 250
    assert len(gw.sink.messages) == 1


@pytest.mark.parametrize("ending", [b"\n", b"\r"])
async def test_bare_line_endings_cannot_smuggle_a_second_message(start_gateway: StartGateway, ending: bytes) -> None:
    gw = await start_gateway()
    smuggled = (
        CLEAN + b"hello" + ending + b"." + ending + b"MAIL FROM:<" + TEACHER.encode() + b">\r\nRCPT TO:<"
        + PUPIL2.encode() + b">\r\nDATA\r\nSubject: smuggled\r\n\r\nevil\r\n"
    )  # fmt: skip
    code, text = await send(gw.port, PUPIL, [PUPIL2], smuggled)
    assert code == 550 and text.startswith("5.6.11")
    assert gw.sink.messages == [] and gw.stored() == 0


async def test_too_many_connections_get_421(start_gateway: StartGateway) -> None:
    gw = await start_gateway(max_connections=2)
    talks = [await Talk.open(gw.port) for _ in range(2)]
    assert all(greeting[0] == 220 for _, greeting in talks)
    extra, (code, text) = await Talk.open(gw.port)
    assert code == 421 and text.startswith("4.7.0")
    await extra.close()
    for t, _ in talks:
        await t.close()
    await asyncio.sleep(0.1)
    again, (code, _) = await Talk.open(gw.port)
    assert code == 220
    await again.close()


async def test_command_timeout(start_gateway: StartGateway) -> None:
    gw = await start_gateway(command_timeout=0.5)
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    code, text = await talk.reply(timeout=5)
    assert code == 421 and text.startswith("4.4.2")
    await talk.close()


async def test_session_deadline(start_gateway: StartGateway) -> None:
    gw = await start_gateway(session_deadline=1.0)
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    started = asyncio.get_running_loop().time()
    code = 250
    while code == 250 and asyncio.get_running_loop().time() - started < 5:
        await asyncio.sleep(0.2)
        code, text = await talk.cmd("NOOP")
    assert code == 421 and text.startswith("4.4.2")
    assert asyncio.get_running_loop().time() - started < 2.5
    await talk.close()


# -- the next hop -------------------------------------------------------------------------


async def test_next_hop_down_is_451_and_nothing_kept(start_gateway: StartGateway) -> None:
    gw = await start_gateway(next_hop=free_port())
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 451 and text.startswith("4.3.0")
    assert gw.stored() == 0


async def test_next_hop_4xx_is_451(start_gateway: StartGateway) -> None:
    gw = await start_gateway(sink_reply="452 4.3.1 Insufficient system storage")
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 451 and text.startswith("4.3.0")
    assert gw.sink.messages == []


async def test_next_hop_5xx_is_passed_on(start_gateway: StartGateway) -> None:
    gw = await start_gateway(sink_reply="554 5.7.0 Message refused by next hop")
    code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
    assert code == 554 and "refused by next hop" in text
    assert gw.stored() == 0


async def test_hanging_next_hop_times_out_as_451(start_gateway: StartGateway) -> None:
    async def silent(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()  # never greets

    port = free_port()
    hang = await asyncio.start_server(silent, "127.0.0.1", port)
    try:
        gw = await start_gateway(next_hop=port, relay_timeout=1)
        started = asyncio.get_running_loop().time()
        code, text = await send(gw.port, PUPIL, [PUPIL2], CLEAN)
        assert code == 451 and asyncio.get_running_loop().time() - started < 4
        assert gw.stored() == 0
    finally:
        hang.close()


async def test_mixed_message_with_next_hop_down_keeps_nothing_and_a_retry_does_not_duplicate(start_gateway: StartGateway) -> None:
    gw = await start_gateway(sink_reply="451 4.3.0 try later")
    code, _ = await send(gw.port, GROUP, [TEACHER, MUSEUM], TO_MUSEUM)
    assert code == 451
    assert gw.stored() == 0 and gw.sink.messages == []  # the held copy was withdrawn
    gw.sink.reply = "250 2.0.0 Ok"
    code, _ = await send(gw.port, GROUP, [TEACHER, MUSEUM], TO_MUSEUM)
    assert code == 250
    assert gw.stored() == 1 and len(gw.sink.messages) == 1


# -- the store ----------------------------------------------------------------------------


async def test_failing_store_is_451_and_nothing_relayed(start_gateway: StartGateway) -> None:
    gw = await start_gateway(store_wrapper=lambda s: FailingStore(s))
    code, text = await send(gw.port, PUPIL, [PUPIL2], FLAGGED)
    assert code == 451 and text.startswith("4.3.0")
    code, _ = await send(gw.port, GROUP, [TEACHER, MUSEUM], TO_MUSEUM)
    assert code == 451
    assert gw.sink.messages == [] and gw.stored() == 0
    # clean mail never touches the store
    assert (await send(gw.port, PUPIL, [PUPIL2], CLEAN))[0] == 250


async def test_store_failing_on_the_second_copy_withdraws_the_first(
    start_gateway: StartGateway, monkeypatch: pytest.MonkeyPatch
) -> None:
    from policies.types import Action, Direction, Finding
    from policies.verdict import Verdict

    gw = await start_gateway(store_wrapper=lambda s: FailingStore(s, ok_puts=1))
    findings = [
        Finding("external-authorisation", "needs a teacher", "", "envelope", frozenset({MUSEUM}), Action.HOLD),
        Finding("personal-details", "phone", "07700", "body", frozenset({PUPIL2}), Action.QUARANTINE),
    ]
    verdict = Verdict.combine(Direction.OUTBOUND, (MUSEUM, PUPIL2), findings)
    monkeypatch.setattr(gw.server.engine, "judge_context", lambda *_a, **_k: verdict)
    raw = eml(sender=GROUP, to=f"{MUSEUM}, {PUPIL2}", body="Dear museum")
    code, _ = await send(gw.port, GROUP, [MUSEUM, PUPIL2], raw)
    assert code == 451
    assert gw.stored() == 0 and gw.sink.messages == []  # the held item stored first was withdrawn


# -- DKIM ------------------------------------------------------------------------------------


def _dkim_extra(tmp_path: Path) -> tuple[str, bytes]:
    from gateway.dkim import keygen

    key = tmp_path / "dkim" / "gw.pem"
    record = keygen(key, "gw", "rbps.example", bits=1024)
    txt = "".join(part for part in record.split('"')[1::2]).encode()
    return f'[dkim]\nselector = "gw"\ndomain = "rbps.example"\nprivate_key = "{key}"\n', txt


async def test_outbound_mail_is_dkim_signed(start_gateway: StartGateway, tmp_path: Path) -> None:
    import dkim

    extra, txt = _dkim_extra(tmp_path)
    gw = await start_gateway(extra=extra)
    raw = eml(sender=HEAD, to=MUSEUM, subject="Booking", body="We would like to book a visit for Year 6.")
    code, text = await send(gw.port, HEAD, [MUSEUM], raw)
    assert code == 250, text
    signed = gw.sink.messages[0].raw
    assert signed.startswith(b"DKIM-Signature:")
    assert dkim.verify(signed, dnsfunc=lambda name, timeout=5: txt)
    # internal mail is not signed
    assert (await send(gw.port, PUPIL, [PUPIL2], CLEAN))[0] == 250
    assert not gw.sink.messages[1].raw.startswith(b"DKIM-Signature:")


async def test_unreadable_dkim_key_is_451_never_an_unsigned_send(start_gateway: StartGateway, tmp_path: Path) -> None:
    extra, _ = _dkim_extra(tmp_path)
    (tmp_path / "dkim" / "gw.pem").write_bytes(b"not a key")
    gw = await start_gateway(extra=extra)
    code, text = await send(gw.port, HEAD, [MUSEUM], eml(sender=HEAD, to=MUSEUM, body="Booking please"))
    assert code == 451 and text.startswith("4.3.0")
    assert gw.sink.messages == []


# -- graceful stop ----------------------------------------------------------------------------


async def test_stop_lets_a_message_in_progress_finish(start_gateway: StartGateway) -> None:
    gw = await start_gateway()
    talk, _ = await Talk.open(gw.port)
    await talk.cmd("EHLO client.test")
    await talk.cmd(f"MAIL FROM:<{PUPIL}>")
    await talk.cmd(f"RCPT TO:<{PUPIL2}>")
    idle, _ = await Talk.open(gw.port)
    stopping = asyncio.create_task(gw.server.stop(grace=5))
    await asyncio.sleep(0.2)
    assert (await idle.reply())[0] == 421  # idle: told to come back later
    code, _ = await talk.data(CLEAN)  # in a transaction: allowed to finish
    assert code == 250
    assert (await talk.reply())[0] == 421
    await stopping
    assert len(gw.sink.messages) == 1
    await talk.close()
    await idle.close()


def test_transport_is_the_smtp_client_by_default(tmp_path: Path) -> None:
    from gateway.config import load_config
    from gateway.server import GatewayServer
    from tests.gateway.conftest import write_config

    config = load_config(write_config(tmp_path, free_port(), free_port()))
    store = Store.from_config(config)
    try:
        server = GatewayServer(config, store)
        assert isinstance(server.transport, SmtpTransport)
        assert server.transport.next_hop == config.relay.next_hop
    finally:
        store.close()


async def test_pooled_connection_closed_by_the_next_hop_is_replaced() -> None:
    from aiosmtpd.smtp import SMTP

    from gateway.config import HostPort
    from gateway.sink import Sink

    sink = Sink()
    port = free_port()
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(sink, timeout=0.3, hostname="sink"), "127.0.0.1", port)
    transport = SmtpTransport(HostPort("127.0.0.1", port), timeout=5)
    try:
        assert (await transport.send(PUPIL, [PUPIL2], CLEAN)).sent
        assert (await transport.send(PUPIL, [PUPIL2], CLEAN)).sent  # reuses the connection
        assert len(transport._idle) == 1
        await asyncio.sleep(0.8)  # the next hop drops the idle connection
        result = await transport.send(PUPIL, [PUPIL2], CLEAN)
        assert result.sent, result
        assert len(sink.messages) == 3
    finally:
        await transport.close()
        server.close()


@pytest.mark.parametrize(
    "arg",
    [
        "<amy.brown@rbps.example>",
        "<amy.brown@rbps.example> SIZE=1234",
        "  <amy.brown@rbps.example>\tSIZE=1 BODY=8BITMIME",
        "<amy.brown@rbps.example>BODY=8BITMIME",
        "<AMY.Brown+tag@RBPS.example> SIZE=9",
        "<> SIZE=9",
        "<>",
        '<"x>y"@rbps.example> SIZE=2',
        '<"a b"@rbps.example>',
        "<@relay.example:amy@rbps.example> SIZE=1",
        "<amy(comment)@rbps.example> SIZE=1",
        "<amy@rbps.example> (comment) SIZE=1",
        "<amy@@rbps.example> SIZE=1",
        "<amy@rbps.example",
        "amy@rbps.example SIZE=3",
        "<" + "a" * 80 + "@rbps.example> SIZE=1",
        "<élève@école.example> SMTPUTF8",
        "",
    ],
)
def test_cached_address_parsing_gives_aiosmtpds_answer(arg: str) -> None:
    from aiosmtpd.smtp import SMTP

    from gateway.smtp import GatewaySMTP

    conn = GatewaySMTP.__new__(GatewaySMTP)  # _getaddr reads only local_part_limit
    conn.local_part_limit = 64
    theirs = SMTP._getaddr(conn, arg)
    assert conn._getaddr(arg) == theirs
    assert conn._getaddr(arg) == theirs  # and again, from the cache


def test_cached_address_parsing_agrees_on_random_arguments() -> None:
    import random

    from aiosmtpd.smtp import SMTP

    from gateway.smtp import GatewaySMTP

    rng = random.Random(1234)
    pieces = ["<", ">", "@", '"', "\\", "(", ")", " ", "\t", ",", ":", ";", "a", "b.example", "é", "SIZE=12", "<>", "x@y"]
    conn = GatewaySMTP.__new__(GatewaySMTP)
    conn.local_part_limit = 8

    def answer(parse: Callable[[str], object], arg: str) -> object:
        try:
            return parse(arg)
        except Exception as e:  # noqa: BLE001 - the stdlib parser raises IndexError on "<"
            return type(e)

    for _ in range(3000):
        arg = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 12)))
        assert answer(conn._getaddr, arg) == answer(lambda a: SMTP._getaddr(conn, a), arg), arg
