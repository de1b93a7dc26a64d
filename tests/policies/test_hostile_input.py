"""Hostile input: every message gets a verdict from the whole engine, quickly, and nothing raises.

Over-budget messages get ``unscannable-content`` and are never delivered, whoever
sends them (staff to staff too: ``blocked-attachment`` could not look at everything).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policies.engine import Engine
from policies.message import parse
from policies.types import Action, Envelope
from policies.verdict import Verdict
from tests.conftest import CORPUS, corpus_cases

PUPIL = "amelia.clarke@rbps.example"
PUPIL2 = "isla.mensah@rbps.example"
OFFICE = "office@rbps.example"
HEAD = "h.patel@rbps.example"
LIMIT_SECONDS = 10.0


def _headers(sender: str = PUPIL, to: str = PUPIL2, extra: bytes = b"") -> bytes:
    return (f"From: {sender}\r\nTo: {to}\r\nSubject: hello\r\nMIME-Version: 1.0\r\n".encode() + extra)


def nested(depth: int, filler: bytes = b"") -> bytes:
    out = [_headers()]
    for i in range(depth):
        out.append(b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i))
    out.append(b"Content-Type: text/plain\r\n\r\nhello\r\n" + filler)
    for i in reversed(range(depth)):
        out.append(b"--b%d--\r\n" % i)
    return b"".join(out)


def many_parts(n: int, sender: str = PUPIL, to: str = PUPIL2) -> bytes:
    body = b"".join(b"--b\r\nContent-Type: text/plain\r\n\r\npart %d\r\n" % i for i in range(n))
    return _headers(sender, to, b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n') + body + b"--b--\r\n"


OVER_BUDGET: dict[str, Callable[[], bytes]] = {
    "10 MB single-line body": lambda: _headers() + b"\r\n" + b"a" * 10_000_000 + b"\r\n",
    "1,000 nested multiparts": lambda: nested(1000),
    "header of 1 MB": lambda: _headers(extra=b"X-Filler: " + b"x" * 1_048_576 + b"\r\n") + b"\r\nhi\r\n",
    "folded header of 1 MB": lambda: _headers(extra=b"X-Filler: " + b"x y\r\n " * 200_000 + b"z\r\n") + b"\r\nhi\r\n",
    "5,000-part multipart": lambda: many_parts(5000),
    "2,000,000 empty lines": lambda: _headers() + b"\r\n" + b"\n" * 2_000_000,
    "30 nested multiparts with many lines": lambda: nested(30, b"x\n" * 300_000),
    "3,000 nested attached messages": lambda: _headers(extra=b"Content-Type: message/rfc822\r\n\r\n") * 3000
    + _headers(extra=b"Content-Type: text/plain\r\n\r\nhi\r\n"),
    "50,000 addresses": lambda: _headers(to=", ".join(f"p{i}@rbps.example" for i in range(50_000))) + b"\r\nhi\r\n",
    # Every word mixes scripts, so look-alike folding visits each: only what fits the budget is folded.
    "10 MB of mixed-script words": lambda: _headers(extra=b"Content-Type: text/plain; charset=utf-8\r\n")
    + b"\r\n" + "fu\u0441k \u043c\u0430\u043c\u0430 s\u0435cr\u0435t ".encode() * 400_000,
    "1,000 nested multiparts in an attached .eml file": lambda: _headers(
        extra=b'Content-Type: multipart/mixed; boundary="out"\r\n\r\n--out\r\n'
        b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="a.eml"\r\n\r\n'
    ) + nested(1000) + b"\r\n--out--\r\n",
    "10 MB of right-to-left overrides": lambda: _headers(extra=b"Content-Type: text/plain; charset=utf-8\r\n")
    + b"\r\n" + "\u202eab\u202c ".encode() * 1_200_000,
}

ODD_BUT_SCANNABLE: dict[str, bytes] = {
    "boundary never closed": _headers(extra=b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n')
    + b"--b\r\nContent-Type: text/plain\r\n\r\nnever closed\r\n--b\r\nContent-Type: text/plain\r\n\r\nsecond",
    "declared utf-8, latin-1 bytes": _headers(extra=b"Content-Type: text/plain; charset=utf-8\r\n")
    + b"\r\ncaf\xe9 cr\xe8me br\xfbl\xe9e\r\n",
    "unknown charset": _headers(extra=b"Content-Type: text/plain; charset=x-klingon\r\n") + b"\r\nhello there\r\n",
    "idna charset": _headers(extra=b"Content-Type: text/plain; charset=idna\r\n") + b"\r\n" + b"x" * 300 + b"\r\n",
    "utf-7 lone surrogate": _headers(extra=b"Content-Type: text/plain; charset=utf-7\r\n") + b"\r\nhi +2D0- there\r\n",
    "8-bit header": _headers(extra=b"X-Note: caf\xc3\xa9 \xff\xfe\r\n") + b"\r\nhi\r\n",
    "encoded word with unknown charset": _headers(extra=b"X-Note: =?x-nope?B?aGVsbG8=?=\r\n") + b"\r\nhi\r\n",
    "1 MB of unclosable HTML tags": _headers(extra=b"Content-Type: text/html\r\n") + b"\r\n" + b"<a " * 350_000,
    "HTML comments never closed": _headers(extra=b"Content-Type: text/html\r\n") + b"\r\n" + b"<!--" * 250_000,
    "no body at all": _headers(),
    "empty message": b"",
    "only a newline": b"\n",
    "binary junk": bytes(range(256)) * 40,
}


def _verdict(engine: Engine, raw: bytes, sender: str = PUPIL, rcpt: str = PUPIL2) -> tuple[Verdict, float]:
    started = time.monotonic()
    verdict = engine.judge(Envelope(sender, (rcpt,), raw))
    return verdict, time.monotonic() - started


@pytest.mark.parametrize("name", list(OVER_BUDGET))
def test_over_budget_messages_are_unscannable_never_delivered(engine: Engine, name: str) -> None:
    raw = OVER_BUDGET[name]()
    verdict, seconds = _verdict(engine, raw)
    assert seconds < LIMIT_SECONDS, (name, seconds)
    assert "unscannable-content" in verdict.policies, (name, verdict.to_json())
    assert verdict.action >= Action.QUARANTINE
    # the same message between two members of staff is still not delivered unscanned
    staff, seconds = _verdict(engine, raw, OFFICE, HEAD)
    assert seconds < LIMIT_SECONDS
    assert staff.action != Action.DELIVER, (name, staff.to_json())
    assert "unscannable-content" in staff.policies


@pytest.mark.parametrize("name", list(ODD_BUT_SCANNABLE))
def test_odd_messages_get_a_verdict(engine: Engine, name: str) -> None:
    verdict, seconds = _verdict(engine, ODD_BUT_SCANNABLE[name])
    assert seconds < LIMIT_SECONDS
    verdict.to_json()  # serialisable
    assert all(f.reason != "this check failed, so a teacher must look" for f in verdict.findings), verdict.to_json()


def test_garbage_base64_gets_a_verdict(engine: Engine) -> None:
    raw = _headers(extra=b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n') + (
        b"--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: base64\r\n"
        b"Content-Disposition: attachment; filename=x.pdf\r\n\r\n@@@@###$$$%%%\r\nA\r\n--b--\r\n"
    )
    verdict, seconds = _verdict(engine, raw)
    assert seconds < LIMIT_SECONDS
    assert "unscannable-content" in verdict.policies and verdict.action >= Action.QUARANTINE


def test_text_before_the_cut_is_still_read(engine: Engine) -> None:
    # a first part with words, then 100 nested multiparts: the words still reach the content policies
    raw = nested(100).replace(b'boundary="b1"\r\n\r\n--b1\r\n',
                              b'boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/plain\r\n\r\n'
                              b"you are ugly and nobody likes you\r\n--b1\r\n", 1)
    msg = parse(raw)
    assert msg.over_budget
    assert msg.problems[0].reason == "MIME nesting too deep"
    assert "nobody likes you" in msg.body_text


def _zip(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name", ["notes.txt", "word/document.xml", "page.html"])
def test_big_text_inside_an_archive_is_read_within_the_budget(engine: Engine, name: str) -> None:
    """12 MB of text in a zip (or a Word document's XML): read up to the text budget, the rest reported."""
    import base64

    text = "<w:p><w:r><w:t>s\u0435cr\u0435t мама</w:t></w:r></w:p>" if name.endswith(".xml") else "s\u0435cr\u0435t мама <b>x</b>\n"
    data = _zip({name: text.encode() * (12_000_000 // len(text.encode()))})
    raw = _headers(extra=b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n') + (
        b"--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n--b\r\nContent-Type: application/zip\r\n"
        b"Content-Disposition: attachment; filename=a.zip\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        + base64.encodebytes(data) + b"--b--\r\n"
    )
    started = time.monotonic()
    msg = parse(raw)
    assert time.monotonic() - started < LIMIT_SECONDS / 2
    assert any(p.reason == "text too long to inspect in full" for p in msg.problems)
    assert len(msg.body_text) <= 2_100_000
    verdict, seconds = _verdict(engine, raw)
    assert seconds < LIMIT_SECONDS and verdict.action >= Action.QUARANTINE


def test_deep_message_rfc822_nesting(engine: Engine) -> None:
    raw = _headers()
    for _ in range(300):
        raw = _headers(extra=b"Content-Type: message/rfc822\r\n\r\n") + raw
    raw += b"Content-Type: text/plain\r\n\r\nhi\r\n"
    verdict, seconds = _verdict(engine, raw)
    assert seconds < LIMIT_SECONDS
    assert verdict.action >= Action.QUARANTINE and "unscannable-content" in verdict.policies


# -- property-based ------------------------------------------------------------------------

_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise(engine: Engine, data: bytes) -> None:
    verdict = engine.judge(Envelope(PUPIL, (PUPIL2,), data))
    verdict.to_json()


_MIME_PIECES = st.sampled_from(
    [b"\r\n", b"\n", b"--b\r\n", b"--b--\r\n", b"--c\r\n", b"Content-Type: multipart/mixed; boundary=b\r\n",
     b"Content-Type: multipart/alternative; boundary=\"c\"\r\n", b"Content-Type: text/html; charset=utf-8\r\n",
     b"Content-Type: message/rfc822\r\n", b"Content-Transfer-Encoding: base64\r\n",
     b"Content-Transfer-Encoding: quoted-printable\r\n", b"Content-Disposition: attachment; filename=a.zip\r\n",
     b"UEsDBBQACQAIAFSDQ1o=\r\n", b"<p>hello <b>wor</b>ld</p>\r\n", b"=E2=80=8B=\r\n", b"=?utf-8?b?4oCT?=",
     b"\xff\xfe\x00", b"Subject: hi\r\n", b"From: a@b.example\r\n"]
)


@_SETTINGS
@given(st.lists(_MIME_PIECES, max_size=60))
def test_random_mime_structure_never_raises(engine: Engine, pieces: list[bytes]) -> None:
    verdict = engine.judge(Envelope(PUPIL, (PUPIL2,), b"".join(pieces)))
    verdict.to_json()


@pytest.mark.parametrize("case", corpus_cases(), ids=[c["file"] for c in corpus_cases()])
def test_truncated_corpus_messages_get_a_verdict(engine: Engine, case: dict[str, object]) -> None:
    raw = (CORPUS / str(case["file"])).read_bytes()
    rng = random.Random(str(case["file"]))
    for cut in sorted({rng.randrange(len(raw)) for _ in range(8)} | {len(raw) // 2, len(raw) - 7}):
        verdict, seconds = _verdict(engine, raw[:cut])
        assert seconds < LIMIT_SECONDS
        verdict.to_json()
        assert all(f.reason != "this check failed, so a teacher must look" for f in verdict.findings), (cut, verdict.to_json())


_MAGICS = st.sampled_from([b"PK\x03\x04", b"\x1f\x8b\x08", b"Rar!\x1a\x07\x00", b"Rar!\x1a\x07\x01\x00", b"BZh91AY&SY",
                           b"\xfd7zXZ\x00", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"MZ", b""])


@_SETTINGS
@given(_MAGICS, st.binary(max_size=2048))
def test_random_archives_never_raise(magic: bytes, tail: bytes) -> None:
    from policies._archive import ArchiveScanner
    from policies.sniff import content_risk, sniff

    data = magic + tail
    kind = sniff(data, "x.zip")
    content_risk(data, kind)
    scanner = ArchiveScanner()
    scanner.scan(data, "x.zip", "attachment x.zip", kind)
    assert all(m.where.startswith("attachment x.zip > ") for m in scanner.members)


def test_truncated_real_archives_never_raise() -> None:
    import io
    import zipfile

    from policies._archive import ArchiveScanner
    from policies.sniff import sniff

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(5):
            zf.writestr(f"dir/file{i}.txt", b"hello " * 200)
    data = buf.getvalue()
    for cut in range(0, len(data), 7):
        scanner = ArchiveScanner()
        scanner.scan(data[:cut], "a.zip", "attachment a.zip", sniff(data[:cut], "a.zip"))
