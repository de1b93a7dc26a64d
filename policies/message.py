"""The parsed view of one message, built once and shared by every policy.

Parsing never raises: whatever cannot be decoded, or goes past a budget, is
recorded as a ``ParseProblem`` (which the ``unscannable-content`` policy turns
into a finding) and the rest of the message is still inspected.
"""

from __future__ import annotations

import binascii
import email
import email.header
import email.message
import email.utils
import quopri
import re
import time
import unicodedata
from dataclasses import dataclass, field
from email.errors import MessageError
from functools import cached_property
from html.parser import HTMLParser

from policies.sniff import sniff


@dataclass(frozen=True, slots=True)
class Budgets:
    """Parsing limits: past any of them the message is unscannable, never a crash."""

    max_header_bytes: int = 1_000_000
    max_addresses_per_header: int = 1_000
    max_parts: int = 500
    max_depth: int = 20
    max_decoded_bytes: int = 64 * 1024 * 1024
    max_text_chars: int = 2_000_000
    max_seconds: float = 10.0


DEFAULT_BUDGETS = Budgets()


@dataclass(frozen=True, slots=True)
class TextPart:
    text: str
    where: str
    html: bool = False
    raw_html: str = ""


@dataclass(frozen=True, slots=True)
class Attachment:
    filename: str
    declared_type: str
    sniffed_type: str
    data: bytes
    where: str
    depth: int = 0

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True, slots=True)
class ParseProblem:
    """Something that could not be inspected. ``budget`` problems mean a limit was hit."""

    reason: str
    evidence: str
    where: str
    budget: bool = False


@dataclass(frozen=True, slots=True)
class Message:
    headers: tuple[tuple[str, str], ...]
    subject: str
    from_addresses: tuple[str, ...]
    to_addresses: tuple[str, ...]
    cc_addresses: tuple[str, ...]
    bcc_addresses: tuple[str, ...]
    parts: tuple[TextPart, ...]
    attachments: tuple[Attachment, ...]
    problems: tuple[ParseProblem, ...]
    # Subjects and header blocks of messages attached as message/rfc822, outermost first.
    attached_messages: tuple[tuple[tuple[str, str], ...], ...] = field(default=())

    def header(self, name: str) -> str | None:
        lname = name.lower()
        for k, v in self.headers:
            if k.lower() == lname:
                return v
        return None

    def headers_named(self, name: str) -> list[str]:
        lname = name.lower()
        return [v for k, v in self.headers if k.lower() == lname]

    @cached_property
    def body_text(self) -> str:
        """All text parts joined, for checks that look at the message as a whole."""
        return "\n\n".join(p.text for p in self.parts)

    def texts(self) -> list[tuple[str, str]]:
        """``(where, text)`` pairs: the subject first, then every text part."""
        out = [("subject", self.subject)] if self.subject else []
        out.extend((p.where, p.text) for p in self.parts)
        return out

    @property
    def recipients_in_headers(self) -> tuple[str, ...]:
        return self.to_addresses + self.cc_addresses + self.bcc_addresses

    @property
    def over_budget(self) -> bool:
        return any(p.budget for p in self.problems)


# -- text clean-up -------------------------------------------------------------

# Zero-width and other invisible characters used to break words apart.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0]
    + list(range(0x200B, 0x2010))
    + list(range(0x202A, 0x202F))
    + list(range(0x2060, 0x2070))
    + list(range(0xFE00, 0xFE10))
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NBSP = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def clean_text(text: str) -> str:
    """NFKC-normalise, drop invisible and control characters, unify spaces and line ends."""
    text = text.translate(_INVISIBLE)
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
        text = _NBSP.sub(" ", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


class _HTMLText(HTMLParser):
    """HTML to text: block elements become line breaks, inline ones join up.

    So ``f<b>u</b>ck`` reads as one word and ``<p>a</p><p>b</p>`` as two lines.
    Script, style and head contents are dropped; entities are decoded.
    """

    _BLOCK = frozenset(
        "address article aside blockquote br dd div dl dt fieldset figcaption figure footer "
        "form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table td th tr ul".split()
    )
    _SKIP = frozenset({"script", "style", "head", "title", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skip = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag in self._BLOCK:
            self.out.append("\n")
        if tag == "a":
            for k, v in attrs:
                if k == "href" and v:
                    self.links.append(v)
        elif tag == "img":
            for k, v in attrs:
                if k == "alt" and v:
                    self.out.append(f" {v} ")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._BLOCK:
            self.out.append("\n")
        elif tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in self._BLOCK:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(data)


_BLANKS = re.compile(r"[ \t]*\n[ \t\n]*\n")


def html_to_text(html: str) -> str:
    parser = _HTMLText()
    try:
        parser.feed(html)
        parser.close()
    except Exception:  # noqa: BLE001 - html.parser on hostile input: keep what we have
        pass
    text = "".join(parser.out)
    return _BLANKS.sub("\n\n", text).strip()


# -- header decoding -------------------------------------------------------------


def decode_header_value(value: object) -> str:
    """RFC 2047 decoding that never raises; unknown charsets fall back to UTF-8."""
    if isinstance(value, email.header.Header):
        value = str(value)
    text = str(value) if value is not None else ""
    if "=?" not in text:
        return clean_text(" ".join(text.split()))
    try:
        chunks = email.header.decode_header(text)
    except (ValueError, LookupError, AssertionError, binascii.Error, MessageError):
        return clean_text(" ".join(text.split()))
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
            continue
        out.append(_decode_bytes(chunk, charset)[0])
    return clean_text(" ".join("".join(out).split()))


def _decode_bytes(data: bytes, charset: str | None) -> tuple[str, bool]:
    """Bytes to text; returns (text, ok). A wrong or unknown charset is not fatal."""
    cs = (charset or "utf-8").strip().strip('"').lower() or "utf-8"
    if cs in ("unknown-8bit", "x-unknown", "default"):
        cs = "utf-8"
    try:
        return data.decode(cs), True
    except LookupError:
        pass
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace"), True


def _addresses(values: list[str], budgets: Budgets, problems: list[ParseProblem], name: str) -> tuple[str, ...]:
    if not values:
        return ()
    try:
        pairs = email.utils.getaddresses([decode_header_value(v) if "=?" in v else v for v in values])
    except Exception:  # noqa: BLE001 - hostile header: treat as no addresses, and say so
        problems.append(ParseProblem("header could not be parsed", name, f"header {name}"))
        return ()
    addrs = tuple(a.strip() for _, a in pairs if "@" in a)
    if len(addrs) > budgets.max_addresses_per_header:
        problems.append(
            ParseProblem("too many addresses in one header", f"{name}: {len(addrs)}", f"header {name}", True)
        )
        addrs = addrs[: budgets.max_addresses_per_header]
    return addrs


# -- bodies ------------------------------------------------------------------------------


def _payload_bytes(part: email.message.Message) -> tuple[bytes, str | None]:
    """Decode a leaf part's transfer encoding. Returns (bytes, problem or None)."""
    raw = part.get_payload(decode=False)
    if isinstance(raw, list):
        return b"", None
    if not isinstance(raw, str):
        return b"", "unreadable payload"
    cte = str(part.get("content-transfer-encoding", "")).strip().lower()
    data = raw.encode("ascii", "surrogateescape") if raw.isascii() else raw.encode("utf-8", "surrogateescape")
    if cte == "base64":
        cleaned = re.sub(rb"[^A-Za-z0-9+/=]", b"", data)
        cleaned = cleaned.split(b"=", 1)[0]
        cleaned += b"=" * (-len(cleaned) % 4)
        try:
            return binascii.a2b_base64(cleaned), None
        except binascii.Error:
            return b"", "base64 content that cannot be decoded"
    if cte == "quoted-printable":
        return quopri.decodestring(data), None
    if cte in ("", "7bit", "8bit", "binary"):
        return data, None
    return data, f"unknown transfer encoding {cte[:40]!r}"


def _filename(part: email.message.Message) -> str:
    try:
        name = part.get_filename()
    except Exception:  # noqa: BLE001
        name = None
    if name is None:
        try:
            name = part.get_param("name")  # type: ignore[assignment]
        except Exception:  # noqa: BLE001
            name = None
        if isinstance(name, tuple):
            name = email.utils.collapse_rfc2231_value(name)
    return decode_header_value(name) if name else ""


def _decoded_headers(msg: email.message.Message, budgets: Budgets, problems: list[ParseProblem], where: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    total = 0
    for k, v in msg.raw_items():
        total += len(k) + len(str(v))
        if total > budgets.max_header_bytes:
            problems.append(ParseProblem("headers too large", f"{total} bytes", where, True))
            break
        out.append((k, decode_header_value(v)))
    return tuple(out)


def parse(raw: bytes, budgets: Budgets = DEFAULT_BUDGETS) -> Message:
    """Parse raw message bytes into the shared view. Never raises."""
    started = time.monotonic()
    problems: list[ParseProblem] = []
    try:
        msg = email.message_from_bytes(raw)
    except Exception as e:  # noqa: BLE001 - the stdlib parser is lenient; this is belt and braces
        problems.append(ParseProblem("message could not be parsed", type(e).__name__, "message"))
        text = raw[: budgets.max_text_chars].decode("utf-8", errors="replace")
        return Message((), "", (), (), (), (), (TextPart(clean_text(text), "body"),), (), tuple(problems))

    headers = _decoded_headers(msg, budgets, problems, "headers")
    raw_values: dict[str, list[str]] = {k: [] for k in ("from", "to", "cc", "bcc")}
    for k, v in msg.raw_items():
        lk = k.lower()
        if lk in raw_values and len(raw_values[lk]) < 50:
            raw_values[lk].append(str(v))

    parts: list[TextPart] = []
    attachments: list[Attachment] = []
    attached: list[tuple[tuple[str, str], ...]] = []
    text_chars = 0
    decoded_total = 0
    count = 0
    # An explicit stack, not recursion: 1,000 nested multiparts must not blow the stack.
    stack: list[tuple[email.message.Message, int, str]] = [(msg, 0, "body")]
    while stack:
        part, depth, where = stack.pop()
        count += 1
        if count > budgets.max_parts:
            problems.append(ParseProblem("too many MIME parts", f"more than {budgets.max_parts}", "message", True))
            break
        if depth > budgets.max_depth:
            problems.append(ParseProblem("MIME nesting too deep", f"deeper than {budgets.max_depth}", where, True))
            break
        if time.monotonic() - started > budgets.max_seconds:
            problems.append(ParseProblem("message took too long to inspect", f"{budgets.max_seconds}s", "message", True))
            break
        try:
            ctype = part.get_content_type()
        except Exception:  # noqa: BLE001
            ctype = "application/octet-stream"
        payload = part.get_payload()
        if part.is_multipart() or isinstance(payload, list):
            children = payload if isinstance(payload, list) else []
            if ctype == "message/rfc822" or (ctype.startswith("message/") and children):
                for child in reversed(children):
                    if isinstance(child, email.message.Message):
                        name = _filename(part) or "attached message"
                        inner_where = f"attachment {name}"
                        inner_headers = _decoded_headers(child, budgets, problems, inner_where)
                        attached.append(inner_headers)
                        subj = next((v for k, v in inner_headers if k.lower() == "subject"), "")
                        if subj:
                            parts.append(TextPart(subj, f"{inner_where} subject"))
                        stack.append((child, depth + 1, inner_where))
            else:
                for child in reversed(children):
                    if isinstance(child, email.message.Message):
                        stack.append((child, depth + 1, where))
            continue

        data, problem = _payload_bytes(part)
        decoded_total += len(data)
        if decoded_total > budgets.max_decoded_bytes:
            problems.append(ParseProblem("message too large to inspect", f"over {budgets.max_decoded_bytes} bytes decoded", where, True))
            break
        filename = _filename(part)
        part_where = f"attachment {filename}" if filename else where
        if problem:
            problems.append(ParseProblem(problem, filename or ctype, part_where))
        disposition = str(part.get("content-disposition", "")).split(";")[0].strip().lower()
        is_text = ctype.startswith("text/") and not _binary(data) and (
            disposition != "attachment" or ctype in ("text/plain", "text/html")
        )
        if is_text:
            charset = part.get_content_charset()
            text, _ = _decode_bytes(data, charset)
            html = ctype == "text/html"
            body = html_to_text(text) if html else text
            body = clean_text(body)
            room = budgets.max_text_chars - text_chars
            if len(body) > room:
                problems.append(ParseProblem("text too long to inspect in full", f"{len(body)} characters", part_where, True))
                body = body[: max(room, 0)]
            text_chars += len(body)
            parts.append(TextPart(body, part_where, html, text if html else ""))
            if filename:
                attachments.append(Attachment(filename, ctype, sniff(data, filename), data, part_where, depth))
        else:
            attachments.append(Attachment(filename, ctype, sniff(data, filename), data, part_where, depth))

    subject = next((v for k, v in headers if k.lower() == "subject"), "")
    return Message(
        headers=headers,
        subject=subject,
        from_addresses=_addresses(raw_values["from"], budgets, problems, "From"),
        to_addresses=_addresses(raw_values["to"], budgets, problems, "To"),
        cc_addresses=_addresses(raw_values["cc"], budgets, problems, "Cc"),
        bcc_addresses=_addresses(raw_values["bcc"], budgets, problems, "Bcc"),
        parts=tuple(parts),
        attachments=tuple(attachments),
        problems=tuple(problems),
        attached_messages=tuple(attached),
    )


def _binary(data: bytes) -> bool:
    return b"\x00" in data[:4096]
