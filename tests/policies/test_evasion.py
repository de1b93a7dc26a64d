"""Evasion probes: content hidden from the parsed view hides from every content policy.

Each probe is a real MIME message carrying something a policy must catch (a phone
number, a swear word, grooming from an outsider) hidden by an encoding, markup or
Unicode trick; the clean controls check that the folding does not invent findings
(accented names, Russian and Greek text, hidden newsletter pre-headers).
"""

from __future__ import annotations

import base64
import io
import quopri
import zipfile
from collections.abc import Callable

import pytest

from policies.message import Budgets, clean_text, fold_lookalikes, html_to_text, parse, visual_order
from policies.verdict import Verdict

PUPIL = "amelia.clarke@rbps.example"
FRIEND = "isla.mensah@rbps.example"
STRANGER = "someone99@freemail.example"
PHONE = "my number is 07700 900461 text me"
SWEAR = "you are a fucking idiot"
GROOM = "don't tell your mum, it's our secret, send me a photo"
CONTENT = frozenset({"personal-details", "offensive-content", "safeguarding", "meeting-arrangement"})


def head(sender: str, to: str, subject: str = "hello", extra: str = "") -> bytes:
    return f"From: {sender}\r\nTo: {to}\r\nSubject: {subject}\r\nMIME-Version: 1.0\r\n{extra}".encode()


def single(sender: str, to: str, ctype: str, body: bytes, cte: str = "8bit", subject: str = "hello") -> bytes:
    return head(sender, to, subject) + f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: {cte}\r\n\r\n".encode() + body + b"\r\n"


def mixed(sender: str, to: str, *parts: bytes) -> bytes:
    out = head(sender, to, extra='Content-Type: multipart/mixed; boundary="BB"\r\n\r\n')
    for p in parts:
        out += b"--BB\r\n" + p + b"\r\n"
    return out + b"--BB--\r\n"


def pupil_text(text: str, charset: str = "utf-8") -> bytes:
    return single(PUPIL, FRIEND, f"text/plain; charset={charset}", text.encode(charset))


def pupil_html(markup: str) -> bytes:
    return single(PUPIL, FRIEND, "text/html; charset=utf-8", markup.encode())


def stranger_text(text: str) -> bytes:
    return single(STRANGER, PUPIL, "text/plain; charset=utf-8", text.encode())


def stranger_html(markup: str) -> bytes:
    return single(STRANGER, PUPIL, "text/html; charset=utf-8", markup.encode())


SEE_ATTACHED = b"Content-Type: text/plain\r\n\r\nsee attached"


def zip_bytes(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


def docx(body_xml: str) -> bytes:
    xml = f'<?xml version="1.0"?><w:document xmlns:w="x"><w:body>{body_xml}</w:body></w:document>'
    return zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": xml.encode()})


def attachment(name: str, ctype: str, data: bytes) -> bytes:
    return (f'Content-Type: {ctype}; name="{name}"\r\nContent-Disposition: attachment; filename="{name}"\r\n'
            "Content-Transfer-Encoding: base64\r\n\r\n").encode() + base64.encodebytes(data)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# (name, policy that must fire, message)
CAUGHT: list[tuple[str, str, Callable[[], bytes]]] = [
    # HTML
    ("display:none decoy inside a word", "offensive-content",
     lambda: pupil_html('<p>you are a fu<span style="display:none">zz</span>cking idiot</p>')),
    ("font-size:0 decoy inside a word", "offensive-content",
     lambda: pupil_html('<p>you are a fu<span style="font-size:0px">qq</span>cking idiot</p>')),
    ("hidden attribute decoy", "offensive-content",
     lambda: pupil_html("<p>you are a fu<b hidden>qq</b>cking idiot</p>")),
    ("class hidden by a style sheet", "offensive-content",
     lambda: pupil_html('<style>@media all { .h { display: none !important } }</style>'
                        '<p>you are a fu<span class="x h">zz</span>cking idiot</p>')),
    ("whole message hidden", "safeguarding",
     lambda: stranger_html(f'<p>hi how are you</p><div style="display: none">{GROOM}</div>')),
    ("document title", "offensive-content",
     lambda: pupil_html(f"<html><head><title>{SWEAR}</title></head><body><p>see title</p></body></html>")),
    ("title attribute", "safeguarding", lambda: stranger_html(f'<p><span title="{GROOM}">hover me</span></p>')),
    ("img alt", "offensive-content", lambda: pupil_html(f'<p>look</p><img src="cid:x" alt="{SWEAR}">')),
    ("comment inside a word", "offensive-content", lambda: pupil_html("<p>you are a fu<!-- x -->cking id<!---->iot</p>")),
    ("numeric entities", "personal-details", lambda: pupil_html("<p>my number is &#48;7700 &#x39;00461 text me</p>")),
    ("br between digits", "personal-details", lambda: pupil_html("<p>my number is 07700<br>900<br/>461 text me</p>")),
    ("Cyrillic entity", "offensive-content", lambda: pupil_html("<p>you are a fu&#1089;king idiot</p>")),
    # Unicode
    ("Cyrillic look-alikes in grooming", "safeguarding",
     lambda: stranger_text("dоn't tеll your mum, it's оur sеcrеt, sеnd mе а phоtо")),
    ("strike-through combining marks", "offensive-content",
     lambda: pupil_text("you are a f\u0336u\u0336c\u0336k\u0336ing idiot")),
    ("Zalgo marks", "offensive-content", lambda: pupil_text("you are a f\u0301\u0302\u0303u\u1dc4cking idiot")),
    ("right-to-left override reversing a word", "offensive-content",
     lambda: pupil_text("you are a \u202egnikcuf\u202c idiot")),
    ("right-to-left override reversing a number", "personal-details",
     lambda: pupil_text("my number is \u202e164009 00770\u202c text me")),
    ("right-to-left override in the subject", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"see subject",
                    subject="=?utf-8?b?" + base64.b64encode("you are a \u202egnikcuf\u202c idiot".encode()).decode() + "?=")),
    ("small capitals", "offensive-content", lambda: pupil_text("you are a ꜰᴜᴄᴋɪɴɢ idiot")),
    ("tag characters inside a word", "offensive-content",
     lambda: pupil_text("you are a fu\U000e0020ck\U000e0041ing idiot")),
    ("Arabic-Indic digits", "personal-details", lambda: pupil_text("my number is ٠٧٧٠٠ ٩٠٠٤٦١ text me")),
    ("Devanagari digits", "personal-details", lambda: pupil_text("my number is ०७७०० ९००४६१ text me")),
    ("Cyrillic look-alikes in the subject", "safeguarding",
     lambda: single(STRANGER, PUPIL, "text/plain", b"hi",
                    subject="=?utf-8?b?" + base64.b64encode("dоn't tеll your mum, it's оur sеcrеt, sеnd mе а phоtо".encode()).decode() + "?=")),
    # Charsets
    ("UTF-8 labelled latin-1 (full-width digits)", "personal-details",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=iso-8859-1", "my number is ０７７００ ９００４６１ text me".encode())),
    ("UTF-8 labelled windows-1252", "safeguarding",
     lambda: single(STRANGER, PUPIL, "text/plain; charset=windows-1252", "dоn't tеll your mum, it's оur sеcrеt, sеnd mе а phоtо".encode())),
    ("latin-1 labelled UTF-8", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=utf-8", f"café ... {SWEAR} ñ".encode("latin-1"))),
    ("UTF-16 with a byte-order mark", "safeguarding",
     lambda: single(STRANGER, PUPIL, "text/plain; charset=utf-16", GROOM.encode("utf-16"))),
    ("UTF-16LE without a byte-order mark", "safeguarding",
     lambda: single(STRANGER, PUPIL, "text/plain; charset=utf-16le", GROOM.encode("utf-16-le"))),
    ("UTF-16BE labelled UTF-8", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=utf-8", SWEAR.encode("utf-16-be"))),
    ("UTF-16 in base64", "personal-details",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=UTF-16", base64.b64encode(PHONE.encode("utf-16")), cte="base64")),
    ("HTML in UTF-16", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/html; charset=utf-16", f"<p>{SWEAR}</p>".encode("utf-16"))),
    # Encodings and headers (held already; kept so that they stay held)
    ("quoted-printable soft break inside a word", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"you are a fu=\r\ncking id=\r\niot", cte="quoted-printable")),
    ("base64 in 7-character lines", "safeguarding",
     lambda: single(STRANGER, PUPIL, "text/plain", b"\r\n".join(base64.b64encode(GROOM.encode())[i:i + 7]
                                                             for i in range(0, 80, 7)), cte="base64")),
    ("subject split over encoded words", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"see subject",
                    subject="=?utf-8?q?you_are_a_fu?= =?utf-8?b?Y2tpbmcg?= =?utf-8?q?idiot?=")),
    ("subject split inside a UTF-8 character", "personal-details",
     lambda: single(PUPIL, FRIEND, "text/plain", b"see subject",
                    subject="=?utf-8?b?" + base64.b64encode("my number is ０７７".encode()[:-1]).decode() + "?= =?utf-8?b?"
                    + base64.b64encode("７".encode()[-1:] + "００ ９００４６１ text me".encode()).decode() + "?=")),
    # Attachments that are text
    ("text/plain marked as an attachment", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="note.txt"\r\n\r\n' + GROOM.encode())),
    ("application/octet-stream named .txt", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b'Content-Type: application/octet-stream; name="n.txt"\r\nContent-Disposition: attachment; filename="n.txt"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(SWEAR.encode()))),
    ("application/octet-stream named .html", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="page.html"\r\n\r\n'
        b"<p>you are a fu<b>ck</b>ing idiot</p>")),
    ("RFC 2231 file name in pieces", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b"Content-Type: application/octet-stream\r\nContent-Disposition: attachment; "
        b"filename*0*=utf-8''no; filename*1=te.t; filename*2=xt\r\n\r\n" + SWEAR.encode())),
    ("text/markdown attachment", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b'Content-Type: text/markdown\r\nContent-Disposition: attachment; filename="notes.md"\r\n\r\n' + SWEAR.encode())),
    ("vCard attachment", "personal-details", lambda: mixed(PUPIL, FRIEND, b"Content-Type: text/plain\r\n\r\nmy card, text me",
        b'Content-Type: text/x-vcard\r\nContent-Disposition: attachment; filename="me.vcf"\r\n\r\n'
        b"BEGIN:VCARD\r\nFN:Amelia\r\nTEL;TYPE=cell:07700 900461\r\nEND:VCARD\r\n")),
    ("UTF-16 .txt sent as octet-stream", "personal-details", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename="notes.txt"\r\n'
        b"Content-Transfer-Encoding: base64\r\n\r\n" + base64.encodebytes(PHONE.encode("utf-16")))),
    ("attachment without a content type", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        b'Content-Disposition: attachment; filename="x.txt"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n'
        + quopri.encodestring(GROOM.encode()))),
    ("attached message in base64", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        b"Content-Type: message/rfc822\r\n\r\n" + single(STRANGER, PUPIL, "text/plain", base64.b64encode(GROOM.encode()), cte="base64"))),
    # Round two: flowed text, bidi markup, glyph tricks
    ("format=flowed with delsp splitting a word", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=utf-8; format=flowed; delsp=yes", b"you are a fu \r\ncking idiot")),
    ("<bdo dir=rtl>", "offensive-content", lambda: pupil_html('<p>you are a <bdo dir="rtl">gnikcuf</bdo> idiot</p>')),
    ("CSS bidi-override", "offensive-content", lambda: pupil_html(
        '<p>you are a <span style="unicode-bidi:bidi-override; direction:rtl">gnikcuf</span> idiot</p>')),
    ("<noscript>", "offensive-content", lambda: pupil_html(f"<p>hi</p><noscript>{SWEAR}</noscript>")),
    ("<wbr> inside a word", "offensive-content", lambda: pupil_html("<p>you are a fu<wbr>cking idiot</p>")),
    ("entities without semicolons", "personal-details",
     lambda: pupil_html("<p>my number is &#x30&#x37;700 900461 text me</p>")),
    ("quoted-printable lower-case hex", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"you are a =66=75=63=6b=69=6e=67 idiot", cte="quoted-printable")),
    ("UTF-7 body", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain; charset=utf-7", b"you are a +AGY-ucking idiot")),
    ("regional indicator letters", "offensive-content", lambda: pupil_text("you are a 🇫🇺🇨🇰ing idiot")),
    ("squared letters", "offensive-content", lambda: pupil_text("you are a 🄵🅄🄲🄺ing idiot")),
    ("encoded word glued to a word", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"see subject", subject="you are a fu=?utf-8?q?cking?= idiot")),
    ("text/enriched markup inside a word", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/enriched", b"you are a <bold>fu</bold>cking idiot")),
    # Text inside archives and documents
    ("notes.txt inside a zip", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        attachment("notes.zip", "application/zip", zip_bytes({"notes.txt": GROOM.encode()})))),
    ("Word document, word split over runs", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        attachment("essay.docx", DOCX, docx("<w:p><w:r><w:t>you are a fu</w:t></w:r><w:r><w:t>cking idiot</w:t></w:r></w:p>")))),
    ("Word document sent as octet-stream, entity digit", "personal-details", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        attachment("me.docx", "application/octet-stream", docx("<w:p><w:r><w:t>my number is &#48;7700 900461 text me</w:t></w:r></w:p>")))),
    ("HTML page inside a zip", "offensive-content", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        attachment("site.zip", "application/zip", zip_bytes({"a/index.html": b"<p>you are a fu<b>ck</b>ing idiot</p>"})))),
    ("Word document inside a zip", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        attachment("docs.zip", "application/zip", zip_bytes({"x/letter.docx": docx(f"<w:p><w:r><w:t>{GROOM}</w:t></w:r></w:p>")})))),
    # Round four: bytes and markup odds and ends
    ("a NUL byte inside a word", "offensive-content", lambda: single(PUPIL, FRIEND, "text/plain", b"you are a fu\x00cking idiot")),
    ("a second Subject: header", "offensive-content", lambda: head(PUPIL, FRIEND).replace(
        b"MIME-Version", f"Subject: {SWEAR}\r\nMIME-Version".encode()) + b"\r\nhi\r\n"),
    ("ruby annotation inside a word", "offensive-content",
     lambda: pupil_html("<p>you are a fu<ruby>c<rt>x</rt></ruby>king idiot</p>")),
    ("text in an input's value", "safeguarding", lambda: stranger_html(f'<form><input type="text" value="{GROOM}"></form>')),
    ("quoted-printable soft break padded with spaces", "offensive-content",
     lambda: single(PUPIL, FRIEND, "text/plain", b"you are a fu=  \r\ncking idiot", cte="quoted-printable")),
    ("right-to-left override as an HTML entity", "offensive-content",
     lambda: pupil_html("<p>you are a &#x202E;gnikcuf&#x202C; idiot</p>")),
    ("zero-width named entities", "offensive-content", lambda: pupil_html("<p>you are a fu&ZeroWidthSpace;ck&NoBreak;ing idiot</p>")),
    ("a message saved as a .eml file, sent as octet-stream", "safeguarding", lambda: mixed(STRANGER, PUPIL, SEE_ATTACHED,
        attachment("fwd.eml", "application/octet-stream",
                   single(STRANGER, PUPIL, "text/html; charset=utf-8", f"<p>{GROOM}</p>".encode(), subject="our secret")))),
]

CLEAN: list[tuple[str, Callable[[], bytes]]] = [
    ("accented names and words", lambda: pupil_text("Zoë and Chloé made a crème brûlée, the café at 4 was fun")),
    ("Russian text", lambda: pupil_text("Привет, как дела? Мы читали книгу о космосе.")),
    ("Greek letters in maths", lambda: pupil_text("In maths we used α and β angles, and π is about 3.14")),
    ("hidden newsletter pre-header", lambda: pupil_html(
        '<div style="display:none">Your weekly newsletter</div><p>Hi Isla, see you at school tomorrow</p>')),
    ("Arabic in an embedding", lambda: pupil_text("My grandma says \u202bمرحبا\u202c to you")),
    ("Vietnamese", lambda: pupil_text("Tiếng Việt rất đẹp, cảm ơn bạn")),
    ("title of a homework page", lambda: pupil_html(
        "<html><head><title>Homework</title></head><body><p>Here is my homework about Scunthorpe</p></body></html>")),
    ("spelling list attached", lambda: mixed(PUPIL, FRIEND, SEE_ATTACHED,
        b'Content-Type: text/plain\r\nContent-Disposition: attachment; filename="list.txt"\r\n\r\nbecause, friend, believe')),
    ("format=flowed without delsp keeps the space", lambda: single(PUPIL, FRIEND, "text/plain; format=flowed",
        b"I passed my spelling test, I got a \r\nfun sticker")),
    ("a flag emoji", lambda: pupil_text("We are going to 🇫🇷 for the holidays, see you soon")),
    ("homework in a Word document", lambda: mixed(PUPIL, FRIEND, b"Content-Type: text/plain\r\n\r\nmy homework",
        attachment("hw.docx", DOCX, docx("<w:p><w:r><w:t>The water cycle: evaporation, condensation.</w:t></w:r></w:p>"
                                        "<w:p><w:r><w:t>Rain falls</w:t></w:r><w:r><w:tab/><w:t>again</w:t></w:r></w:p>")))),
    ("latin-1 labelled latin-1", lambda: single(PUPIL, FRIEND, "text/plain; charset=iso-8859-1", "Zoë went to the café".encode("latin-1"))),
]


def test_a_picture_named_txt_is_not_read_as_text() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    msg = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED, b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; '
                      b'filename="x.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n' + base64.encodebytes(png)))
    assert [p.text for p in msg.parts] == ["see attached"]
    assert [(a.filename, a.sniffed_type) for a in msg.attachments] == [("x.txt", "image/png")]


def test_text_attachments_stay_listed_as_attachments() -> None:
    msg = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED, b'Content-Type: application/octet-stream\r\nContent-Disposition: attachment; '
                      b'filename="n.txt"\r\n\r\nhello there'))
    assert msg.parts[-1].text.strip() == "hello there" and msg.parts[-1].where == "attachment n.txt"
    assert [a.filename for a in msg.attachments] == ["n.txt"]


@pytest.mark.parametrize(("name", "policy", "make"), CAUGHT, ids=[c[0] for c in CAUGHT])
def test_hidden_content_is_caught(name: str, policy: str, make: Callable[[], bytes], judge: Callable[..., Verdict]) -> None:
    raw = make()
    verdict = judge(raw)
    assert policy in verdict.policies, (name, [p.text for p in parse(raw).parts], parse(raw).subject)


@pytest.mark.parametrize(("name", "make"), CLEAN, ids=[c[0] for c in CLEAN])
def test_clean_messages_stay_clean(name: str, make: Callable[[], bytes], judge: Callable[..., Verdict]) -> None:
    raw = make()
    assert not CONTENT & set(judge(raw).policies), (name, [p.text for p in parse(raw).parts])


def test_accents_are_kept_and_loose_marks_dropped() -> None:
    assert clean_text("Zoe\u0308 Chloé") == "Zoë Chloé"  # decomposed accent composed, not dropped
    assert clean_text("f\u0336u\u0336n") == "fun"
    assert clean_text("विद्यालय") == "विद्यालय"  # a script's own vowel signs stay
    assert clean_text("٠٧٧ ०७७ 𝟎𝟕𝟕") == "077 077 077"


def test_look_alikes_fold_only_where_they_pass_for_latin() -> None:
    assert fold_lookalikes("sеcrеt") == "secret"  # mixed word
    assert fold_lookalikes("the соск is here") == "the cock is here"  # all look-alikes in Latin text
    assert fold_lookalikes("Привет, как дела") == "Привет, как дела"  # Russian stays Russian
    assert fold_lookalikes("Мама мыла раму: Ксения") == "Мама мыла раму: Ксения"
    assert fold_lookalikes("ᴄᴏᴏʟ") == "cool"
    assert len(fold_lookalikes("мама said hi")) == len("мама said hi")


def test_visual_order() -> None:
    assert visual_order("a \u202ecba\u202c d") == "a abc\u202c d"
    assert visual_order("x \u202eolleh\ny") == "x hello\ny"  # an override ends at the line end
    assert visual_order("\u202eשלום") == "שלום"  # right-to-left letters are already shown so


def test_hidden_text_is_read_apart() -> None:
    assert html_to_text('<p>fu<span style="display:none">zz</span>n</p><p>after</p>') == "fun\n\nafter\n\nzz"
    assert html_to_text('<div hidden><p>a</p><div>b</div></div><p>c</p>').startswith("c")
    assert html_to_text("<title>T</title><p>body</p>") == "T\n\nbody"
    assert html_to_text('<span title="tip">x</span>') == "tip x"


def test_hidden_markup_stays_linear() -> None:
    import time

    for hostile in ('<span style="display:none">' * 100_000 + "x" + "</b>" * 100_000,
                    "<style>" + ".a{display:none}" * 100_000 + "</style>" + '<i class="a">x</i>' * 50_000,
                    "<p>" * 200_000):
        started = time.monotonic()
        html_to_text(hostile)
        assert time.monotonic() - started < 5, hostile[:20]


def test_format_flowed() -> None:
    def body(params: str, text: bytes) -> str:
        return parse(single(PUPIL, FRIEND, f"text/plain; {params}", text)).parts[0].text

    assert body("format=flowed; delsp=yes", b"fu \r\ncking\r\n> quoted \r\n> on\r\n-- \r\nsig") == "fucking\n> quotedon\n-- \nsig\n\n"
    assert body("format=flowed", b"a soft \r\nline\r\n  stuffed") == "a soft line\n stuffed\n\n"
    assert body("format=fixed", b"a \r\nb").startswith("a \nb")


def test_enriched_text() -> None:
    msg = parse(single(PUPIL, FRIEND, "text/enriched", b"<bold>bo</bold>ld <<x> <color><param>red</param>r</color>"))
    assert msg.parts[0].text.strip() == "bold <x> r"


def test_accented_names_still_match_the_directory() -> None:
    from policies._personal.names import find_full_names

    msg = parse(pupil_text("Zoe\u0308 Brown, Chloé Martin and Iñaki Ruiz came to tea"))  # Zoë decomposed
    hits = find_full_names(msg.body_text, ["Zoë Brown", "Chloé Martin", "Iñaki Ruiz"])
    assert sorted(h.key for h in hits) == ["chloé martin", "iñaki ruiz", "zoë brown"]
    subject = parse(single(PUPIL, FRIEND, "text/plain", b"hi", subject="=?utf-8?q?Zo=C3=AB_Brown?="))
    assert subject.subject == "Zoë Brown"


def test_document_text_reads_as_paragraphs() -> None:
    msg = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED, attachment("hw.docx", DOCX, docx(
        "<w:p><w:r><w:t>One &amp; two</w:t></w:r></w:p><w:p><w:r><w:t>thr</w:t></w:r><w:r><w:t>ee</w:t><w:tab/><w:t>four</w:t></w:r></w:p>"))))
    doc = [p for p in msg.parts if p.where == "attachment hw.docx > word/document.xml"]
    assert [p.text.strip() for p in doc] == ["One & two\nthree four"]


def test_text_of_attachments_over_budget_is_not_a_budget_problem() -> None:
    """Cutting an attachment's text short concerns the content policies, not blocked-attachment: staff mail
    with a big CSV export is not held for it (a body over the budget still is)."""
    big = b"a,b,c\r\n" * 2000
    raw = mixed("h.patel@rbps.example", "j.okafor@rbps.example", SEE_ATTACHED,
                attachment("export.csv", "text/csv", big), attachment("more.zip", "application/zip", zip_bytes({"more.txt": big})))
    msg = parse(raw, Budgets(max_text_chars=1000))
    cut = [p for p in msg.problems if p.reason == "text too long to inspect in full"]
    assert cut and not any(p.budget for p in cut)
    assert parse(single(PUPIL, FRIEND, "text/plain", big), Budgets(max_text_chars=1000)).over_budget


def test_binary_parts_stay_attachments() -> None:
    """A few NULs in text are read past; binary data labelled text/plain is still a file, and an archive
    labelled text/plain is still opened."""
    noisy = parse(single(PUPIL, FRIEND, "text/plain", bytes(range(256)) * 4))
    assert not noisy.parts and noisy.attachments
    archive = parse(single(PUPIL, FRIEND, "text/plain", zip_bytes({"a.txt": b"hello " * 100})))
    assert [a.sniffed_type for a in archive.attachments] == ["application/zip"] and archive.archive_members


def test_a_repeated_subject_is_read_once() -> None:
    msg = parse(head(PUPIL, FRIEND, "same").replace(b"MIME-Version", b"Subject: same\r\nMIME-Version") + b"\r\nhi\r\n")
    assert msg.subject == "same" and [p.where for p in msg.parts] == ["body"]


def test_text_attachments_without_a_name_stay_visible_to_blocked_attachment() -> None:
    msg = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED,
                      b"Content-Type: text/x-python\r\nContent-Disposition: attachment\r\n\r\nimport os\r\n"))
    assert [a.declared_type for a in msg.attachments] == ["text/x-python"]
    assert "import os" in msg.body_text


def test_a_saved_message_is_opened_and_still_listed() -> None:
    inner = single(STRANGER, PUPIL, "text/plain", b"inner words", subject="inner subject")
    msg = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED, attachment("fwd.eml", "application/octet-stream", inner)))
    assert [a.filename for a in msg.attachments] == ["fwd.eml"]
    assert msg.attached_messages and dict(msg.attached_messages[0])["Subject"] == "inner subject"
    assert [(p.where, p.text.strip()) for p in msg.parts][1:] == [
        ("attachment fwd.eml subject", "inner subject"), ("attachment fwd.eml", "inner words")]
    not_a_message = parse(mixed(PUPIL, FRIEND, SEE_ATTACHED, attachment("x.eml", "application/octet-stream", b"\x00\x01binary")))
    assert not not_a_message.attached_messages
