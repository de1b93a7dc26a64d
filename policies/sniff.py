"""Content sniffing: what a file really is, from its bytes, whatever its name says.

``sniff(data)`` gives a content type; ``content_risk(data)`` says whether the
bytes are something a school must not let through (an executable, a script, an
installer, a disk image, an Office file with macros), judged by content alone.
Every check looks at fixed offsets or does a bounded ``bytes.find``: linear at
worst, and nothing here raises on hostile input.
"""

from __future__ import annotations

import re

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\x7fELF", 0, "application/x-executable"),
    (b"\xcf\xfa\xed\xfe", 0, "application/x-mach-binary"),
    (b"\xce\xfa\xed\xfe", 0, "application/x-mach-binary"),
    (b"\xfe\xed\xfa\xce", 0, "application/x-mach-binary"),
    (b"\xfe\xed\xfa\xcf", 0, "application/x-mach-binary"),
    (b"\xca\xfe\xba\xbe", 0, "application/x-mach-binary"),
    (b"dex\n", 0, "application/vnd.android.dex"),
    (b"PK\x03\x04", 0, "application/zip"),
    (b"PK\x05\x06", 0, "application/zip"),
    (b"PK\x07\x08", 0, "application/zip"),
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"Rar!\x1a\x07", 0, "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", 0, "application/x-7z-compressed"),
    (b"\x1f\x8b", 0, "application/gzip"),
    (b"\xfd7zXZ\x00", 0, "application/x-xz"),
    (b"\x28\xb5\x2f\xfd", 0, "application/zstd"),
    (b"\x60\xea", 0, "application/x-arj"),
    (b"**ACE**", 7, "application/x-ace-compressed"),
    (b"ustar", 257, "application/x-tar"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/x-ole-storage"),
    (b"MSCF", 0, "application/vnd.ms-cab-compressed"),
    (b"ITSF", 0, "application/vnd.ms-htmlhelp"),
    (b"CD001", 0x8001, "application/x-iso9660-image"),
    (b"CD001", 0x8801, "application/x-iso9660-image"),
    (b"CD001", 0x9001, "application/x-iso9660-image"),
    (b"BEA01", 0x8001, "application/x-udf-image"),
    (b"NSR02", 0x8001, "application/x-udf-image"),
    (b"NSR03", 0x8001, "application/x-udf-image"),
    (b"koly", -512, "application/x-apple-diskimage"),
    (b"conectix", 0, "application/x-vhd"),
    (b"conectix", -512, "application/x-vhd"),
    (b"vhdxfile", 0, "application/x-vhdx"),
    (b"KDMV", 0, "application/x-vmdk"),
    (b"QFI\xfb", 0, "application/x-qemu-disk"),
    (b"xar!", 0, "application/x-xar"),
    (b"!<arch>\ndebian-binary", 0, "application/vnd.debian.binary-package"),
    (b"\xed\xab\xee\xdb", 0, "application/x-rpm"),
    (b"L\x00\x00\x00\x01\x14\x02\x00\x00\x00\x00\x00\xc0\x00\x00\x00\x00\x00\x00F", 0, "application/x-ms-shortcut"),
)

# Archive formats the gateway opens, and those it can only recognise.
INSPECTABLE_ARCHIVES = frozenset(
    {"application/zip", "application/gzip", "application/x-bzip2", "application/x-xz", "application/x-tar"}
)
OPAQUE_ARCHIVES = frozenset(
    {
        "application/vnd.rar",
        "application/x-7z-compressed",
        "application/zstd",
        "application/x-arj",
        "application/x-ace-compressed",
        "application/x-lzh-compressed",
        "application/vnd.ms-cab-compressed",
    }
)

_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_LZH = re.compile(rb"-lh[0-7d]-")
_SHEBANG = re.compile(rb"#![ \t]*/")
_BATCH = re.compile(rb"@?echo[ \t]+off\b", re.I)
_HTA = re.compile(rb"<hta:application\b", re.I)
_REG = re.compile(rb"(?:Windows Registry Editor Version|REGEDIT4\b)")
_REG16 = "Windows Registry Editor".encode("utf-16-le")
_PE_STUB = (b"This program cannot be run in DOS mode", b"This program must be run under Win")

# OLE (compound file) directory entries: names in UTF-16LE at 128-byte aligned slots.
_OLE_MACRO_NAMES = tuple(n.encode("utf-16-le") + b"\x00\x00" for n in ("_VBA_PROJECT", "_VBA_PROJECT_CUR", "Macros", "VBA"))
_OLE_ROOT = "Root Entry".encode("utf-16-le") + b"\x00\x00"
# Root storage class ids (little-endian GUID bytes) of Windows Installer files.
_MSI_CLSIDS = {
    bytes.fromhex("84100c0000000000c000000000000046"): "Windows installer package (MSI)",
    bytes.fromhex("86100c0000000000c000000000000046"): "Windows installer patch (MSP)",
    bytes.fromhex("82100c0000000000c000000000000046"): "Windows installer transform (MST)",
}


def _at(data: bytes, magic: bytes, offset: int) -> bool:
    if offset < 0:
        return len(data) >= -offset and data[offset : offset + len(magic)] == magic
    return data[offset : offset + len(magic)] == magic


def _text_start(data: bytes) -> bytes:
    """The first bytes with a UTF-8 byte order mark and leading white space removed."""
    head = data[:4096]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.lstrip()


def _is_pe(data: bytes) -> bool:
    if data[:2] != b"MZ":
        return False
    if len(data) >= 64:
        off = int.from_bytes(data[60:64], "little")
        if 2 <= off <= len(data) - 2 and data[off : off + 2] in (b"PE", b"NE", b"LE", b"LX"):
            return True
    head = data[:1024]
    return any(s in head for s in _PE_STUB) or b"\x00" in data[:64]


def sniff(data: bytes, filename: str = "") -> str:
    """The content type that ``data`` really has; ``application/octet-stream`` if unknown."""
    if _is_pe(data):
        return "application/x-dosexec"
    for magic, offset, ctype in _MAGIC:
        if _at(data, magic, offset):
            return ctype
    if _BZIP2.match(data):
        return "application/x-bzip2"
    if _LZH.match(data, 2):
        return "application/x-lzh-compressed"
    if _disk_filesystem(data):
        return "application/x-raw-disk-image"
    head = data[:512]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text/plain"
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as e:
            if e.start < len(head) - 4:  # a multi-byte character cut at the end is still text
                return "application/octet-stream"
        start = _text_start(data)
        if _SHEBANG.match(start):
            return "text/x-shellscript"
        return "text/plain"
    return "application/octet-stream"


def _disk_filesystem(data: bytes) -> bool:
    """A raw FAT or NTFS volume image (a boot sector with its file system label)."""
    if len(data) < 512 or data[510:512] != b"\x55\xaa":
        return False
    return data[3:11] == b"NTFS    " or data[54:62] in (b"FAT12   ", b"FAT16   ") or data[82:90] == b"FAT32   "


def ole_streams_with_macros(data: bytes) -> bool:
    """An OLE compound file (.doc, .xls, vbaProject.bin) that holds a VBA project."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return False
    for name in _OLE_MACRO_NAMES:
        pos = data.find(name, 512)
        while pos != -1:
            if pos % 128 == 0 and _dir_entry_ok(data, pos, len(name)):
                return True
            pos = data.find(name, pos + 2)
    return False


_OLE_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le") + b"\x00\x00"


def ole_encrypted_document(data: bytes) -> bool:
    """A password-protected Office document: Word, Excel and PowerPoint save one as an OLE
    compound file whose ``EncryptedPackage`` stream holds the real (zipped) document."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return False
    pos = data.find(_OLE_ENCRYPTED_PACKAGE, 512)
    while pos != -1:
        if pos % 128 == 0 and _dir_entry_ok(data, pos, len(_OLE_ENCRYPTED_PACKAGE)):
            return True
        pos = data.find(_OLE_ENCRYPTED_PACKAGE, pos + 2)
    return False


def _dir_entry_ok(data: bytes, pos: int, name_len: int) -> bool:
    if pos + 128 > len(data):
        return False
    declared = int.from_bytes(data[pos + 64 : pos + 66], "little")
    return declared == name_len and data[pos + 66] in (1, 2, 5)


def ole_installer(data: bytes) -> str | None:
    """The kind of Windows Installer file this OLE compound file is, if it is one."""
    if not data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return None
    pos = data.find(_OLE_ROOT, 512)
    while pos != -1:
        if pos % 128 == 0 and _dir_entry_ok(data, pos, len(_OLE_ROOT)) and data[pos + 66] == 5:
            return _MSI_CLSIDS.get(data[pos + 80 : pos + 96])
        pos = data.find(_OLE_ROOT, pos + 2)
    return None


_RISK_BY_TYPE = {
    "application/x-dosexec": "Windows program (MZ/PE executable)",
    "application/x-executable": "Linux program (ELF executable)",
    "application/vnd.android.dex": "Android program (DEX)",
    "application/vnd.ms-htmlhelp": "compiled HTML help file (CHM), which can run code",
    "application/x-iso9660-image": "disk image (ISO 9660)",
    "application/x-udf-image": "disk image (UDF)",
    "application/x-apple-diskimage": "disk image (Apple DMG)",
    "application/x-vhd": "disk image (VHD)",
    "application/x-vhdx": "disk image (VHDX)",
    "application/x-vmdk": "disk image (VMDK)",
    "application/x-qemu-disk": "disk image (QCOW)",
    "application/x-raw-disk-image": "disk image (raw FAT/NTFS volume)",
    "application/x-xar": "macOS installer package (xar)",
    "application/vnd.debian.binary-package": "Linux installer package (deb)",
    "application/x-rpm": "Linux installer package (rpm)",
    "application/x-ms-shortcut": "Windows shortcut (.lnk), which can run commands",
    "text/x-shellscript": "script (starts with a #! interpreter line)",
}


def content_risk(data: bytes, sniffed: str | None = None) -> str | None:
    """Why these bytes must be blocked, judged by content alone; ``None`` if nothing is found."""
    ctype = sniffed or sniff(data)
    if ctype == "application/x-mach-binary":
        if len(data) >= 8 and data[:4] == b"\xca\xfe\xba\xbe" and int.from_bytes(data[4:8], "big") >= 40:
            return "Java program (class file)"
        return "macOS program (Mach-O executable)"
    if ctype in _RISK_BY_TYPE:
        return _RISK_BY_TYPE[ctype]
    if ctype == "application/x-ole-storage":
        kind = ole_installer(data)
        if kind:
            return kind
        if ole_streams_with_macros(data):
            return "Office document with macros (VBA project)"
        return None
    if ctype == "text/plain":
        start = _text_start(data)
        if _BATCH.match(start):
            return "Windows batch script"
        if _REG.match(start):
            return "Windows registry file"
        if _HTA.search(data[:8192]):
            return "HTML application (HTA), which runs as a program"
    if data.startswith(b"\xff\xfe") and data[2:64].startswith(_REG16):
        return "Windows registry file"
    return None
