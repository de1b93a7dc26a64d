"""unscannable-content: encrypted, corrupt, opaque or over-budget content goes to a teacher."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

from policies.message import Budgets, parse
from policies.verdict import Verdict
from tests.policies.test_blocked_attachment import ole, png, zip_of

PUPIL = "amelia.clarke@rbps.example"
PUPIL2 = "isla.mensah@rbps.example"
CLASS = "year6@rbps.example"
TEACHER = "s.wright@rbps.example"
HEAD = "h.patel@rbps.example"
OFFICE = "office@rbps.example"
OUTSIDE = "info@museum.example"


def encrypted(zip_bytes: bytes) -> bytes:
    """Set the 'encrypted' flag on every member, as a password-protected zip has it."""
    data = bytearray(zip_bytes)
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        pos = data.find(sig)
        while pos != -1:
            data[pos + off] |= 0x01
            pos = data.find(sig, pos + 4)
    return bytes(data)


def bomb(size: int = 80 * 1024 * 1024) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        zf.writestr("big.txt", b"\x00" * size)
    return buf.getvalue()


def unscannable(v: Verdict) -> bool:
    return "unscannable-content" in v.policies


def send(judge: Callable[..., Verdict], name: str, ctype: str, data: bytes, sender: str, to: str) -> Verdict:
    return judge(sender=sender, to=to, subject="files", body="Here they are.", attachments=[(name, ctype, data)])


def test_encrypted_zip_to_a_pupil_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "ideas.zip", "application/zip", encrypted(zip_of({"ideas.txt": b"secret"})), PUPIL, PUPIL2)
    assert unscannable(v) and v.action.label == "quarantine"
    assert "blocked-attachment" not in v.policies


def test_encrypted_zip_from_outside_to_a_class_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "pack.zip", "application/zip", encrypted(zip_of({"a.pdf": b"%PDF-1.4"})), OUTSIDE, CLASS)
    assert unscannable(v) and v.action >= v.action.QUARANTINE


def test_encrypted_zip_staff_to_staff_is_delivered(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "reports.zip", "application/zip", encrypted(zip_of({"sen.xlsx": b"data"})), OFFICE, HEAD)
    assert v.action.label == "deliver", v.to_json()


def test_encrypted_zip_naming_a_program_is_still_blocked(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "reports.zip", "application/zip", encrypted(zip_of({"setup.exe": b"MZ"})), OFFICE, HEAD)
    assert "blocked-attachment" in v.policies and v.action.label == "reject"


def test_zip_bomb_is_unscannable_for_everyone_never_delivered(judge: Callable[..., Verdict]) -> None:
    data = bomb()
    for sender, to in ((PUPIL, PUPIL2), (OFFICE, HEAD), (OUTSIDE, TEACHER)):
        v = send(judge, "photos.zip", "application/zip", data, sender, to)
        assert unscannable(v), (sender, to, v.to_json())
        assert v.action.label != "deliver"
        assert "blocked-attachment" not in v.policies


def test_nested_zip_bomb_is_stopped_by_the_total_limit() -> None:
    inner = zip_of({"zeros.bin": b"\x00" * (3 * 1024 * 1024)})
    outer = zip_of({f"part{i}.zip": inner for i in range(30)})
    raw = _with_attachment("many.zip", "application/zip", outer)
    msg = parse(raw, Budgets(max_archive_bytes=16 * 1024 * 1024))
    assert msg.over_budget
    assert sum(len(m.data) for m in msg.archive_members) <= 16 * 1024 * 1024 + 3 * 1024 * 1024


def test_too_many_files_in_an_archive() -> None:
    raw = _with_attachment("lots.zip", "application/zip", zip_of({f"f{i}.txt": b"x" for i in range(60)}))
    msg = parse(raw, Budgets(max_archive_members=50))
    assert any(p.budget and "too many files" in p.reason for p in msg.problems)


def test_archives_nested_too_deep() -> None:
    data = zip_of({"a.txt": b"x"})
    for i in range(6):
        data = zip_of({f"level{i}.zip": data})
    msg = parse(_with_attachment("deep.zip", "application/zip", data))
    assert any(p.budget and "nested too deeply" in p.reason for p in msg.problems)


def test_corrupt_zip_from_a_pupil(judge: Callable[..., Verdict]) -> None:
    data = zip_of({"a.png": png(), "b.png": png()})
    v = send(judge, "pics.zip", "application/zip", data[: len(data) // 2], PUPIL, TEACHER)
    assert unscannable(v) and v.action.label == "quarantine"


def test_rar_and_7z_cannot_be_inspected(judge: Callable[..., Verdict]) -> None:
    for name, data in (("game.rar", b"Rar!\x1a\x07\x00" + b"\x01" * 100), ("game.7z", b"7z\xbc\xaf\x27\x1c" + b"\x01" * 100)):
        v = send(judge, name, "application/octet-stream", data, PUPIL, PUPIL2)
        assert unscannable(v), name
        assert any("cannot be inspected" in f.reason for f in v.findings)
        # staff to staff: out of this policy's scope (not a budget problem)
        assert send(judge, name, "application/octet-stream", data, OFFICE, HEAD).action.label == "deliver"


def test_garbage_base64_from_a_pupil(judge: Callable[..., Verdict]) -> None:
    raw = (b"From: amelia.clarke@rbps.example\r\nTo: isla.mensah@rbps.example\r\nSubject: x\r\n"
           b"MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/plain\r\n\r\nlook\r\n--b\r\nContent-Type: image/png\r\n"
           b"Content-Disposition: attachment; filename=a.png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"iVBORw0KGgoAAAAN!!!SUhEUgAAAGAAAAB\r\n--b--\r\n")
    v = judge(raw)
    assert unscannable(v) and v.action.label == "quarantine"


def test_clean_messages_are_not_unscannable(judge: Callable[..., Verdict]) -> None:
    assert not unscannable(send(judge, "drawing.png", "image/png", png(), PUPIL, TEACHER))
    assert not unscannable(send(judge, "pics.zip", "application/zip", zip_of({"a.png": png()}), PUPIL, PUPIL2))
    assert not unscannable(judge(sender=PUPIL, to=TEACHER, body="hello"))


def test_over_budget_message_staff_to_staff_is_quarantined(judge: Callable[..., Verdict]) -> None:
    body = "".join(f"--b\r\nContent-Type: text/plain\r\n\r\npart {i}\r\n" for i in range(700))
    raw = (f"From: {OFFICE}\r\nTo: {HEAD}\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           f"Content-Type: multipart/mixed; boundary=b\r\n\r\n{body}--b--\r\n").encode()
    v = judge(raw)
    assert unscannable(v) and v.action.label == "quarantine"
    assert all("inspection limits" in f.reason for f in v.findings if f.policy == "unscannable-content")


def _with_attachment(name: str, ctype: str, data: bytes) -> bytes:
    from tests.conftest import build_eml

    return build_eml(sender=PUPIL, to=PUPIL2, attachments=[(name, ctype, data)])


DOCX_WITH_PASSWORD = ole(["EncryptionInfo", "EncryptedPackage"])  # how Word saves a document with a password
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT_WITH_PASSWORD = zip_of({
    "mimetype": b"application/vnd.oasis.opendocument.text",
    "META-INF/manifest.xml": b'<manifest:manifest><manifest:file-entry manifest:full-path="content.xml">'
    b'<manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry></manifest:manifest>',
    "content.xml": b"\x8f\x12\x99 not readable",
})


def test_a_password_protected_document_from_a_pupil_is_quarantined(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "my_diary.docx", DOCX, DOCX_WITH_PASSWORD, PUPIL, TEACHER)
    assert unscannable(v) and v.action.label == "quarantine"
    assert any("password-protected" in f.reason and f.where == "attachment my_diary.docx" for f in v.findings)


def test_password_protected_documents_inside_a_zip_and_opendocument_ones_are_quarantined(
    judge: Callable[..., Verdict],
) -> None:
    zipped = zip_of({"story.docx": DOCX_WITH_PASSWORD})
    assert unscannable(send(judge, "work.zip", "application/zip", zipped, PUPIL, PUPIL2))
    assert unscannable(send(judge, "story.odt", "application/vnd.oasis.opendocument.text", ODT_WITH_PASSWORD, PUPIL, PUPIL2))


def test_documents_without_a_password_and_staff_mail_are_not_unscannable(judge: Callable[..., Verdict]) -> None:
    old_word = ole(["1Table", "SummaryInformation"])  # a .doc with no password
    assert not unscannable(send(judge, "letter.doc", "application/msword", old_word, PUPIL, TEACHER))
    # between members of staff the content policies do not apply (POLICY.md), encrypted or not
    assert not unscannable(send(judge, "payroll.docx", DOCX, DOCX_WITH_PASSWORD, OFFICE, HEAD))
