"""Content sniffing: what a file really is, from its first bytes, whatever its name says."""

from __future__ import annotations

_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"MZ", 0, "application/x-dosexec"),
    (b"\x7fELF", 0, "application/x-executable"),
    (b"\xcf\xfa\xed\xfe", 0, "application/x-mach-binary"),
    (b"\xce\xfa\xed\xfe", 0, "application/x-mach-binary"),
    (b"\xca\xfe\xba\xbe", 0, "application/x-mach-binary"),
    (b"PK\x03\x04", 0, "application/zip"),
    (b"PK\x05\x06", 0, "application/zip"),
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"Rar!\x1a\x07", 0, "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", 0, "application/x-7z-compressed"),
    (b"\x1f\x8b", 0, "application/gzip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 0, "application/x-ole-storage"),
    (b"MSCF", 0, "application/vnd.ms-cab-compressed"),
    (b"CD001", 0x8001, "application/x-iso9660-image"),
    (b"CD001", 0x8801, "application/x-iso9660-image"),
    (b"CD001", 0x9001, "application/x-iso9660-image"),
    (b"koly", -512, "application/x-apple-diskimage"),
    (b"#!", 0, "text/x-shellscript"),
)


def sniff(data: bytes, filename: str = "") -> str:
    """The content type that ``data`` really has; ``application/octet-stream`` if unknown."""
    for magic, offset, ctype in _MAGIC:
        if offset < 0:
            if len(data) >= -offset and data[offset : offset + len(magic)] == magic:
                return ctype
        elif data[offset : offset + len(magic)] == magic:
            return ctype
    head = data[:512]
    if head and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return "application/octet-stream"
        return "text/plain"
    return "application/octet-stream"
