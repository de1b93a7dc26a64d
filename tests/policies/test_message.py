"""The shared parser: text extraction, decoding, budgets and archive listing."""

from __future__ import annotations

import json

import pytest

from policies.message import DEFAULT_BUDGETS, Budgets, clean_text, decode_header_value, html_to_text, parse
from tests.conftest import build_eml
from tests.policies.test_blocked_attachment import docx, png, zip_of

HEAD = b"From: Amy <amelia.clarke@rbps.example>\r\nTo: isla.mensah@rbps.example\r\nSubject: hi\r\nMIME-Version: 1.0\r\n"


def test_plain_and_html_text() -> None:
    msg = parse(build_eml(body="Hello there", html="<p>f<b>u</b>n</p><p>day</p><script>x()</script>"))
    assert [p.html for p in msg.parts] == [False, True]
    assert msg.parts[0].text.strip() == "Hello there"
    assert msg.parts[1].text == "fun\n\nday"
    assert "Hello there" in msg.body_text  # cached_property works on the frozen Message
    assert msg.from_addresses == ("amelia.clarke@rbps.example",)


def test_invisible_characters_and_nfkc() -> None:
    assert clean_text("s\u200bt\u00adu\ufeffp\u2060id ＦＵＮ") == "stupid FUN"
    assert clean_text("a\r\nb\rc") == "a\nb\nc"
    assert "\ud83d" not in clean_text("x\ud83dy")


def test_headers_decoded() -> None:
    assert decode_header_value("=?utf-8?q?caf=C3=A9?= time") == "café time"
    assert decode_header_value("=?x-unknown-cs?b?aGVsbG8=?=") == "hello"
    msg = parse(HEAD.replace(b"Subject: hi", "Subject: café ☃".encode()) + b"\r\nhi\r\n")
    assert msg.subject == "café ☃"


def test_raw_8bit_header_has_no_surrogates() -> None:
    msg = parse(HEAD + b"X-Note: caf\xc3\xa9\r\nX-Other: \xff\xfe\r\n\r\nhi\r\n")
    assert msg.header("X-Note") == "café"
    json.dumps(msg.headers, ensure_ascii=False).encode("utf-8")  # encodable: no lone surrogates


def test_wrong_and_unknown_charsets_still_give_text() -> None:
    latin = parse(HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\ncaf\xe9 cr\xe8me\r\n")
    assert latin.parts[0].text.strip() == "café crème"
    unknown = parse(HEAD + b"Content-Type: text/plain; charset=x-klingon\r\n\r\nhello there\r\n")
    assert unknown.parts[0].text.strip() == "hello there"
    odd = parse(HEAD + b"Content-Type: text/plain; charset=idna\r\n\r\n" + b"y" * 200 + b"\r\n")
    assert odd.parts and not odd.problems


def test_byte_order_marks_and_utf16_win_over_the_label() -> None:
    utf8_as_latin = parse(HEAD + "Content-Type: text/plain; charset=iso-8859-1\r\n\r\ncafé ０７\r\n".encode())
    assert utf8_as_latin.parts[0].text.strip() == "café 07"
    for body, charset in (("hi there".encode("utf-16"), "utf-8"), ("hi there".encode("utf-16-le"), "us-ascii"),
                          ("hi there".encode("utf-16-be"), "utf-16"), ("hi there".encode("utf-8-sig"), "latin-1")):
        msg = parse(HEAD + f"Content-Type: text/plain; charset={charset}\r\n\r\n".encode() + body)
        assert msg.parts and msg.parts[0].text.strip() == "hi there", (body, charset)
    binary = parse(HEAD + b"Content-Type: text/plain\r\n\r\n" + bytes(range(256)) * 8)
    assert not binary.parts and binary.attachments


def test_quoted_printable_soft_break_joins_words() -> None:
    msg = parse(HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nfoo=\r\nbar\r\n")
    assert msg.parts[0].text.strip() == "foobar"


def test_base64_body_text() -> None:
    msg = parse(HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8gd29ybGQ=\r\n")
    assert msg.parts[0].text == "hello world" and not msg.problems


def test_truncated_base64_decodes_what_it_can_and_says_so() -> None:
    msg = parse(HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGVsbG8gd29ybGQh1\r\n")
    assert msg.parts[0].text.startswith("hello world")
    assert [p.reason for p in msg.problems] == ["base64 content that cannot be decoded"]


def test_content_after_base64_padding_is_reported() -> None:
    msg = parse(HEAD + b"Content-Type: text/plain\r\nContent-Transfer-Encoding: base64\r\n\r\naGk=\r\naGlkZGVu\r\n")
    assert any(p.reason == "damaged base64 content" for p in msg.problems)


def test_multipart_without_boundary_is_read_as_text() -> None:
    msg = parse(HEAD + b"Content-Type: multipart/mixed\r\n\r\nyou are ugly and nobody likes you\r\n")
    assert "nobody likes you" in msg.body_text
    assert msg.problems and not msg.over_budget


def test_boundary_that_never_appears_is_read_as_text() -> None:
    msg = parse(HEAD + b'Content-Type: multipart/mixed; boundary="zz"\r\n\r\nmeet me at the park\r\n')
    assert "meet me at the park" in msg.body_text
    assert msg.problems


def test_unclosed_boundary_keeps_every_part() -> None:
    raw = HEAD + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\none\r\n--b\r\n\r\ntwo'
    msg = parse(raw)
    assert [p.text.strip() for p in msg.parts] == ["one", "two"]


def test_attached_message_headers_and_subject() -> None:
    inner = b"From: x@y.example\r\nSubject: inner subject\r\n\r\ninner body\r\n"
    raw = (HEAD + b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nouter\r\n'
           b"--b\r\nContent-Type: message/rfc822\r\n\r\n" + inner + b"--b--\r\n")
    msg = parse(raw)
    assert msg.attached_messages and ("Subject", "inner subject") in msg.attached_messages[0]
    assert "inner body" in msg.body_text and "inner subject" in msg.body_text


def test_attachments_are_sniffed_and_archives_listed() -> None:
    raw = build_eml(attachments=[("pics.zip", "application/zip", zip_of({"a.png": png(), "sub/b.docx": docx()})),
                                 ("photo.jpg", "image/jpeg", png())])
    msg = parse(raw)
    assert [(a.filename, a.sniffed_type) for a in msg.attachments] == [("pics.zip", "application/zip"), ("photo.jpg", "image/png")]
    names = [m.where for m in msg.archive_members]
    assert "attachment pics.zip > a.png" in names
    assert "attachment pics.zip > sub/b.docx > word/document.xml" in names
    assert {m.depth for m in msg.archive_members} == {1, 2}
    assert len(msg.all_files()) == 2 + len(msg.archive_members)


def test_default_budgets_are_sensible() -> None:
    b = DEFAULT_BUDGETS
    assert b.max_depth >= 10 and b.max_parts >= 100 and b.max_seconds <= 10
    assert 64 * 1024 <= b.max_header_bytes < 1_000_000
    assert b.max_text_chars >= 1_100_000 and b.max_lines >= 100_000  # a 1 MB body is read in full


def test_nesting_budget_from_the_prescan() -> None:
    def nested(n: int) -> bytes:
        out = [HEAD]
        out += [b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(n)]
        out.append(b"Content-Type: text/plain\r\n\r\nhello\r\n")
        out += [b"--b%d--\r\n" % i for i in reversed(range(n))]
        return b"".join(out)

    assert not parse(nested(5)).problems and parse(nested(5)).body_text.strip() == "hello"
    assert parse(nested(25)).over_budget
    assert parse(nested(25), Budgets(max_depth=30)).body_text.strip() == "hello"
    # siblings that open and close do not add up to depth
    siblings = HEAD + b'Content-Type: multipart/mixed; boundary="o"\r\n\r\n' + b"".join(
        b'--o\r\nContent-Type: multipart/alternative; boundary="i%d"\r\n\r\n--i%d\r\nContent-Type: text/plain\r\n\r\nx\r\n--i%d--\r\n'
        % (i, i, i) for i in range(40)) + b"--o--\r\n"
    assert not parse(siblings).problems


def test_text_budget() -> None:
    msg = parse(HEAD + b"\r\n" + b"word " * 300_000, Budgets(max_text_chars=1000))
    assert msg.over_budget and len(msg.body_text) <= 1000


def test_html_to_text_on_broken_html() -> None:
    assert html_to_text("<p>unclosed <b>bold <!-- comment") .startswith("unclosed bold")
    assert html_to_text("<<<>>>&&&;;") is not None


def test_parser_out_of_stack_still_gives_headers_and_text() -> None:
    nested = (HEAD + b"Content-Type: message/rfc822\r\n\r\n") * 3000 + HEAD + b"\r\nthe innermost words\r\n"
    msg = parse(nested)
    assert msg.over_budget
    assert msg.from_addresses == ("amelia.clarke@rbps.example",) and msg.subject == "hi"
    assert "the innermost words" in msg.body_text


def test_html_parser_stays_linear_on_unclosable_constructs() -> None:
    import time

    for hostile in ("<a " * 200_000, "<!--" * 200_000, "<![CDATA[" * 100_000, "<?" * 300_000, "<x" * 300_000):
        started = time.monotonic()
        html_to_text(hostile)
        assert time.monotonic() - started < 5, hostile[:10]


def test_defused_html_reads_the_same() -> None:
    assert html_to_text("<p>5 < 6 and 7 > 3</p>") == "5 < 6 and 7 > 3"
    assert html_to_text("<!--[if mso]><xml><o:x/></xml><![endif]--><p>Hi <b>there</b></p>") == "Hi there"
    assert html_to_text("<p>a</p><!-- unclosed <p>hidden") .startswith("a")
    assert html_to_text("<img alt='a cat'> <a href='x'>link</a>") == "a cat  link"


def test_inline_data_uri_is_not_text_and_does_not_use_the_budget() -> None:
    picture = "data:image/png;base64," + "A" * 3_000_000
    raw = build_eml(body="see below", html=f"<p>my drawing</p><img src=\"{picture}\">")
    msg = parse(raw)
    assert not msg.over_budget
    assert msg.parts[1].text == "my drawing"


def test_lines_times_nesting_budget() -> None:
    def nested(n: int, lines: int) -> bytes:
        out = [HEAD]
        out += [b'Content-Type: multipart/mixed; boundary="b%d"\r\n\r\n--b%d\r\n' % (i, i) for i in range(n)]
        out.append(b"Content-Type: text/plain\r\n\r\n" + b"line\r\n" * lines)
        out += [b"--b%d--\r\n" % i for i in reversed(range(n))]
        return b"".join(out)

    small = Budgets(max_line_checks=2_000)
    assert not parse(nested(1, 500), small).problems  # 500 lines, 1 deep: fine
    deep = parse(nested(6, 500), small)  # 500 lines, 6 deep: over
    assert [p.reason for p in deep.problems if p.budget] == ["message too complex to inspect"]
    assert "line" in deep.body_text  # what was kept is still read


@pytest.mark.parametrize("cte", ["base64", "quoted-printable", "8bit"])
def test_attached_message_is_opened_whatever_its_transfer_encoding(cte: str, judge) -> None:  # type: ignore[no-untyped-def]
    import base64 as b64
    import quopri as qp

    inner = (b"From: ranker@freemail.example\r\nSubject: top 5 ugliest\r\nContent-Type: text/plain\r\n\r\n"
             b"Isla looks like a troll, nobody likes her and she smells like the bins\r\n")
    body = {"base64": b64.encodebytes(inner), "quoted-printable": qp.encodestring(inner), "8bit": inner}[cte]
    raw = (b"From: zain.hussain@rbps.example\r\nTo: oliver.nowak@rbps.example\r\nSubject: fwd\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nlol\r\n--XX\r\n"
           b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: " + cte.encode() + b"\r\n\r\n" + body + b"\r\n--XX--\r\n")
    m = parse(raw)
    assert any("smells like the bins" in p.text for p in m.parts), [p.text for p in m.parts]
    assert m.attached_messages and dict(m.attached_messages[0])["Subject"] == "top 5 ugliest"
    assert "offensive-content" in judge(raw).policies
