"""blocked-attachment: programs, scripts, installers, macro documents and disk images, by name and by content."""

from __future__ import annotations

import gzip
import io
import struct
import tarfile
import zipfile
import zlib
from collections.abc import Callable

import pytest

from policies.blocked_attachment import extension_kind
from policies.sniff import content_risk, sniff
from policies.verdict import Verdict

PUPIL = "amelia.clarke@rbps.example"
PUPIL2 = "isla.mensah@rbps.example"
TEACHER = "s.wright@rbps.example"
OFFICE = "office@rbps.example"
OUTSIDE = "info@museum.example"


# -- sample files ---------------------------------------------------------------------------


def pe() -> bytes:
    head = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    head[60:64] = struct.pack("<I", 64)
    stub = b"PE\x00\x00" + struct.pack("<HH", 0x14C, 1) + b"\x00" * 200
    return bytes(head[:64]) + stub + b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 300


def elf() -> bytes:
    return b"\x7fELF\x02\x01\x01" + b"\x00" * 200


def macho() -> bytes:
    return b"\xcf\xfa\xed\xfe\x07\x00\x00\x01" + b"\x00" * 200


def png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + bytes(range(256)) * 4 + b"\xff\xd9"


def pdf() -> bytes:
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")


def zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return buf.getvalue()


OOXML = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
    "word/document.xml": b'<?xml version="1.0"?><w:document><w:body><w:p>My Roman story</w:p></w:body></w:document>',
}


def docx(macros: bool = False) -> bytes:
    files = dict(OOXML)
    if macros:
        files["word/vbaProject.bin"] = ole(["VBA", "_VBA_PROJECT"])
    return zip_of(files)


def ole(names: list[str], clsid: bytes = b"\x00" * 16) -> bytes:
    """A minimal OLE compound file: header, then one directory sector of 128-byte entries."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * (512 - 8)
    entries = []
    for i, name in enumerate(["Root Entry", "WordDocument", *names]):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        kind = 5 if i == 0 else (1 if name in ("VBA", "Macros", "_VBA_PROJECT_CUR") else 2)
        entry = encoded.ljust(64, b"\x00") + struct.pack("<HB", len(encoded), kind) + b"\x00" * 13
        entry += (clsid if i == 0 else b"\x00" * 16) + b"\x00" * 32
        entries.append(entry.ljust(128, b"\x00"))
    body = b"".join(entries).ljust(512, b"\x00")
    return header + body + b"\x00" * 1024


MSI_CLSID = bytes.fromhex("84100c0000000000c000000000000046")


def iso() -> bytes:
    return b"\x00" * 0x8001 + b"CD001\x01" + b"\x00" * 2048


def tar_gz(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


# -- helpers -----------------------------------------------------------------------------


def blocked(verdict: Verdict) -> bool:
    return "blocked-attachment" in verdict.policies


def send(judge: Callable[..., Verdict], name: str, ctype: str, data: bytes, sender: str = PUPIL, to: str = PUPIL2) -> Verdict:
    return judge(sender=sender, to=to, subject="homework", body="Here it is.", attachments=[(name, ctype, data)])


# -- must fire --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ctype", "data"),
    [
        ("game.exe", "application/octet-stream", b"not even a real program"),
        ("notes.txt", "text/plain", pe()),  # a .txt that is really a Windows program
        ("homework.pdf", "application/pdf", pe()),
        ("report.exe.pdf", "application/pdf", pe()),
        ("invoice.pdf.exe", "application/pdf", pdf()),
        ("game.exe.", "application/octet-stream", b"x"),  # Windows drops the trailing dot
        ("GAME.EXE", "application/octet-stream", b"x"),
        ("cat.jpg", "image/jpeg", elf()),
        ("cat.png", "image/png", macho()),
        ("install.txt", "text/plain", b"#!/bin/sh\nrm -rf ~\n"),
        ("tidy.txt", "text/plain", b"@echo off\r\ndel /q *.*\r\n"),
        ("clicker.js", "text/javascript", b"WScript.Echo('hi');"),
        ("run.vbs", "text/plain", b"MsgBox \"hi\""),
        ("setup.ps1", "text/plain", b"Write-Host hi"),
        ("link.lnk", "application/octet-stream", b"L\x00\x00\x00"),
        ("settings.reg", "text/plain", b"Windows Registry Editor Version 5.00\r\n"),
        ("tweak.txt", "text/plain", b"Windows Registry Editor Version 5.00\r\n[HKEY_CURRENT_USER\\x]\r\n"),
        ("app.apk", "application/zip", zip_of({"AndroidManifest.xml": b"<m/>", "classes.dex": b"dex\n035\x00"})),
        ("timesheet.docm", "application/octet-stream", docx()),  # macro-enabled by name
        ("timesheet.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx(True)),
        ("letter.doc", "application/msword", ole(["Macros", "VBA", "_VBA_PROJECT"])),
        ("budget.xls", "application/vnd.ms-excel", ole(["_VBA_PROJECT_CUR", "VBA"])),
        ("letter.doc", "application/msword", ole([], MSI_CLSID)),  # an installer disguised as a document
        ("driver.iso", "application/octet-stream", iso()),
        ("photos.zip", "application/zip", iso()),
        ("disk.dmg", "application/octet-stream", b"\x00" * 1024),
        ("robux.zip", "application/zip", zip_of({"RobuxGen/RobuxGen.exe": pe(), "README.txt": b"run it"})),
        ("robux.zip", "application/zip", zip_of({"README.txt": b"run it", "cheat.bin": pe()})),  # by content inside
        ("pics.zip", "application/zip", zip_of({"inner.zip": zip_of({"screensaver.scr": b"x"})})),  # zip in a zip
        ("game.tar.gz", "application/gzip", tar_gz({"game/start.sh": b"echo hi", "game/readme.txt": b"hi"})),
        ("game.tgz", "application/gzip", tar_gz({"game/data.bin": elf()})),
        ("tool.jar", "application/java-archive", zip_of({"META-INF/MANIFEST.MF": b"Main-Class: x", "x.class": b"\xca\xfe\xba\xbe\x00\x00\x00\x34"})),
    ],
)
def test_blocked_files(judge: Callable[..., Verdict], name: str, ctype: str, data: bytes) -> None:
    v = send(judge, name, ctype, data)
    assert blocked(v), (name, v.to_json())
    assert v.action.label == "reject"


def test_blocked_for_every_sender_and_direction(judge: Callable[..., Verdict]) -> None:
    # staff to staff, outside to staff, staff to outside: blocked-attachment applies to every message
    for sender, to in ((TEACHER, OFFICE), (OUTSIDE, OFFICE), (TEACHER, OUTSIDE)):
        v = send(judge, "invoice.exe", "application/octet-stream", pe(), sender=sender, to=to)
        assert blocked(v) and v.action.label == "reject", (sender, to, v.to_json())


def test_declared_program_type_without_a_name(judge: Callable[..., Verdict]) -> None:
    raw = (b"From: info@museum.example\r\nTo: office@rbps.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
           b"--b\r\nContent-Type: application/x-msdownload\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"aGVsbG8=\r\n--b--\r\n")
    assert blocked(judge(raw))


def test_encoded_file_name_with_bidi_override_is_seen_as_exe(judge: Callable[..., Verdict]) -> None:
    # "photo<RLO>gpj.exe" shows as photoexe.jpg; the parser drops the override, leaving .exe
    raw = (b"From: info@museum.example\r\nTo: office@rbps.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n"
           b"--b\r\nContent-Type: image/jpeg\r\nContent-Disposition: attachment;\r\n"
           b" filename*=utf-8''photo%E2%80%AEgpj.exe\r\nContent-Transfer-Encoding: base64\r\n\r\n"
           b"aGVsbG8=\r\n--b--\r\n")
    assert blocked(judge(raw))


def test_one_finding_per_blocked_file(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "timesheet.docm", "application/octet-stream", docx(True))
    found = [f for f in v.findings if f.policy == "blocked-attachment"]
    assert len(found) == 1 and found[0].where == "attachment timesheet.docm"


def test_finding_names_the_file_inside_the_archive(judge: Callable[..., Verdict]) -> None:
    v = send(judge, "pics.zip", "application/zip", zip_of({"a.png": png(), "inner.zip": zip_of({"x/evil.scr": b"x"})}))
    (f,) = [f for f in v.findings if f.policy == "blocked-attachment"]
    assert f.where == "attachment pics.zip > inner.zip > x/evil.scr"


# -- must not fire --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "ctype", "data"),
    [
        ("toucan.png", "image/png", png()),
        ("trophy.jpg", "image/jpeg", jpeg()),
        ("worksheet.pdf", "application/pdf", pdf()),
        ("report.exe.pdf", "application/pdf", pdf()),  # a PDF that is a PDF, whatever the middle of its name
        ("story.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx()),
        ("letter.doc", "application/msword", ole(["1Table", "SummaryInformation"])),
        ("drawings.zip", "application/zip", zip_of({"a.png": png(), "b.png": png(), "c/d.jpg": jpeg()})),
        ("notes.txt", "text/plain", b"MZ is the name of my favourite band.\nThey are great.\n"),
        ("notes.txt", "text/plain", b"#!important remember PE kit\n"),
        ("chat.txt", "text/plain", b"Then I typed echo off and nothing happened\n"),
        ("game.sb3", "application/x.scratch.sb3", zip_of({"project.json": b"{}"})),
        ("marks.csv", "text/csv", b"name,mark\nAmy,9\n"),
        ("trip.ics", "text/calendar", b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"),
        ("page.html", "text/html", b"<html><body>How a hta file works, for ICT club</body></html>"),
        ("empty.bin", "application/octet-stream", b""),
        ("data.gz", "application/gzip", gzip.compress(b"just some words\n" * 10)),
        ("photos.tar.gz", "application/gzip", tar_gz({"a.png": png(), "b.jpg": jpeg()})),
    ],
)
def test_harmless_files_pass(judge: Callable[..., Verdict], name: str, ctype: str, data: bytes) -> None:
    v = send(judge, name, ctype, data, sender=PUPIL, to=TEACHER)
    assert not blocked(v), (name, v.to_json())


def test_no_attachments_no_finding(judge: Callable[..., Verdict]) -> None:
    v = judge(sender=PUPIL, to=TEACHER, body="Please run the program on the computer at school.exe")
    assert not blocked(v)


# -- unit level --------------------------------------------------------------------------


def test_extension_kind() -> None:
    assert extension_kind("a.EXE") == (".exe", "program")
    assert extension_kind("dir\\b.bat") == (".bat", "script")
    assert extension_kind("x.exe .  ") == (".exe", "program")
    assert extension_kind("archive.tar.gz") is None
    assert extension_kind("x.exe.pdf") is None
    assert extension_kind("noext") is None


def test_sniff_and_risk() -> None:
    assert sniff(pe()) == "application/x-dosexec" and content_risk(pe())
    assert sniff(png()) == "image/png" and content_risk(png()) is None
    assert sniff(iso()) == "application/x-iso9660-image"
    assert content_risk(b"\xca\xfe\xba\xbe\x00\x00\x00\x34") == "Java program (class file)"
    assert content_risk(ole(["Macros", "VBA"])) is not None
    assert content_risk(ole(["WordDocument"])) is None
    assert content_risk(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600 + "VBA".encode("utf-16-le")) is None
    assert content_risk(b"conectix" + b"\x00" * 600) == "disk image (VHD)"
    assert content_risk(b"x" * 1000 + b"koly" + b"\x00" * 508) == "disk image (Apple DMG)"


def test_uuencoded_program_in_the_text(judge: Callable[..., Verdict]) -> None:
    body = "here is the game\nbegin 644 game.exe\nM35J0``,````$````__\\``+@`````````0```````````````````````````\n`\nend\n"
    assert blocked(judge(sender=PUPIL, to=PUPIL2, body=body))
    assert not blocked(judge(sender=PUPIL, to=PUPIL2, body="begin 644 drawing.png\n`\nend\n"))
    assert not blocked(judge(sender=PUPIL, to=PUPIL2, body="We begin at 9 with game.exe talk\n"))


# -- RAR: the names are listed even though the content cannot be unpacked ----------------------


def _vint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def rar5(files: dict[str, bytes], encrypted: bool = False) -> bytes:
    def block(header: bytes, data: bytes = b"") -> bytes:
        return b"\x00\x00\x00\x00" + _vint(len(header)) + header + data

    out = b"Rar!\x1a\x07\x01\x00" + block(_vint(1) + _vint(0) + _vint(0))
    for name, data in files.items():
        extra = (_vint(2) + _vint(1) + b"\x00") if encrypted else b""
        fields = _vint(0) + _vint(len(data)) + _vint(0x20) + _vint(0) + _vint(0) + _vint(len(name)) + name.encode()
        flags = 2 | (1 if extra else 0)
        header = _vint(2) + _vint(flags) + (_vint(len(extra)) if extra else b"") + _vint(len(data)) + fields + extra
        out += block(header, data)
    return out + block(_vint(5) + _vint(0) + _vint(0))


def rar4(files: dict[str, bytes], encrypted: bool = False) -> bytes:
    out = b"Rar!\x1a\x07\x00" + b"\x00\x00" + b"\x73" + struct.pack("<HH", 0, 13) + b"\x00" * 6
    for name, data in files.items():
        raw_name = name.encode()
        flags = 0x8000 | (0x04 if encrypted else 0)
        size = 32 + len(raw_name)
        out += (b"\x00\x00\x74" + struct.pack("<HHII", flags, size, len(data), len(data)) + b"\x02"
                + b"\x00" * 8 + b"\x14\x30" + struct.pack("<HI", len(raw_name), 0x20) + raw_name + data)
    return out + b"\x00\x00\x7b" + struct.pack("<HH", 0, 7)


@pytest.mark.parametrize("make", [rar4, rar5])
def test_rar_holding_a_program_is_blocked_even_between_staff(judge: Callable[..., Verdict], make: Callable[..., bytes]) -> None:
    data = make({"docs/readme.txt": b"hello", "docs/setup.exe": b"MZ\x00\x00"})
    v = send(judge, "drivers.rar", "application/x-rar-compressed", data, sender=OUTSIDE, to=OFFICE)
    assert blocked(v) and v.action.label == "reject"
    assert any(f.where == "attachment drivers.rar > docs/setup.exe" for f in v.findings)


@pytest.mark.parametrize("make", [rar4, rar5])
def test_rar_of_pictures_is_not_blocked(judge: Callable[..., Verdict], make: Callable[..., bytes]) -> None:
    data = make({"a.png": png(), "b.jpg": jpeg()})
    assert not blocked(send(judge, "pics.rar", "application/octet-stream", data, sender=OUTSIDE, to=OFFICE))
    assert not blocked(send(judge, "pics.rar", "application/octet-stream", make({"a.png": png()}, encrypted=True)))


def test_rar_names_and_encryption() -> None:
    from policies._archive import rar_names

    assert rar_names(rar5({"a.txt": b"x", "b/c.exe": b"y"}), 100) == ([("a.txt", False), ("b/c.exe", False)], False)
    assert rar_names(rar4({"a.txt": b"x"}, encrypted=True), 100) == ([("a.txt", True)], False)
    assert rar_names(rar5({"a.txt": b"x"}, encrypted=True), 100) == ([("a.txt", True)], False)
    assert rar_names(b"Rar!\x1a\x07\x01\x00\xff\xff", 100) == ([], False)  # garbage: nothing, and no exception
    assert rar_names(rar4({"a.txt": b"x"})[:30], 100) == ([], False)


def test_program_in_a_second_gzip_member_is_found(judge: Callable[..., Verdict]) -> None:
    program = pe()
    data = gzip.compress(program[:2]) + gzip.compress(program[2:])  # gunzip joins the members into the program
    v = send(judge, "notes.gz", "application/gzip", data)
    assert blocked(v)


def test_other_macro_containers(judge: Callable[..., Verdict]) -> None:
    xlsx_xlm = zip_of({**OOXML, "xl/workbook.xml": b"<w/>", "xl/macrosheets/sheet1.xml": b"<xm:macrosheet/>"})
    odt_macro = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>",
                        "Basic/script-lc.xml": b"<l/>", "Basic/Standard/Module1.xml": b"<m/>"})
    odt_clean = zip_of({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<c/>",
                        "META-INF/manifest.xml": b"<m/>"})
    msix = zip_of({"AppxManifest.xml": b"<Package/>", "app.dat": b"x"})
    assert blocked(send(judge, "budget.xlsx", "application/octet-stream", xlsx_xlm))
    assert blocked(send(judge, "story.odt", "application/vnd.oasis.opendocument.text", odt_macro))
    assert not blocked(send(judge, "story.odt", "application/vnd.oasis.opendocument.text", odt_clean))
    assert blocked(send(judge, "tool.zip", "application/zip", msix))


@pytest.mark.parametrize("name", ["game.py", "bot.rb", "tool.pl", "page.php", "hello.pyw"])
def test_scripts_in_general_purpose_languages_are_blocked(judge: Callable[..., Verdict], name: str) -> None:
    v = send(judge, name, "text/plain", b"print('hello from my coding club game')\n", sender=PUPIL, to=TEACHER)
    assert blocked(v), (name, v.to_json())
