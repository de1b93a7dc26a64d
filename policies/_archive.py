"""Looking inside archives: zip (and OOXML/ODF, which are zips), gzip, bzip2, xz and tar.

Archives are opened from memory (``io.BytesIO``), never written to disk, and
every read is bounded: nesting depth, number of members, bytes expanded in
total (for the whole message) and per member, and a deadline. Going past a
limit is a *budget* problem (the message could not be inspected in full, for
instance a zip bomb); a password-protected member, a corrupt archive or a
format the gateway cannot open (rar, 7z, cab, ...) is an ordinary problem.
Either way the members that could be read are returned, so that an archive
that is encrypted but names ``setup.exe`` is still seen to hold a program.
"""

from __future__ import annotations

import bz2
import io
import lzma
import tarfile
import time
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import IO

from policies.sniff import INSPECTABLE_ARCHIVES, OPAQUE_ARCHIVES, sniff

_ZIP_CENTRAL = b"PK\x01\x02"
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    max_depth: int = 4
    max_members: int = 1_000
    max_total_bytes: int = 64 * 1024 * 1024
    max_member_bytes: int = 32 * 1024 * 1024
    # A member that expands more than this many times over is a bomb, whatever its size.
    max_ratio: int = 1_000
    deadline: float = float("inf")  # time.monotonic() value


@dataclass(frozen=True, slots=True)
class Member:
    """One file found inside an archive."""

    name: str  # the path inside its archive
    data: bytes  # empty when the member could not be read (encrypted, over a limit)
    sniffed_type: str
    where: str  # "attachment a.zip > inner.zip > evil.exe"
    depth: int  # 1 for a file directly inside an attached archive
    encrypted: bool = False


@dataclass(frozen=True, slots=True)
class ArchiveProblem:
    reason: str
    evidence: str
    where: str
    budget: bool = False


@dataclass(slots=True)
class ArchiveScanner:
    """Expands every archive of one message, sharing the message's limits across them."""

    limits: ArchiveLimits = field(default_factory=ArchiveLimits)
    members: list[Member] = field(default_factory=list)
    problems: list[ArchiveProblem] = field(default_factory=list)
    expanded: int = 0
    count: int = 0
    stopped: bool = False

    def scan(self, data: bytes, name: str, where: str, sniffed: str, depth: int = 0) -> None:
        """Inspect ``data`` (an attachment or a member) if it is an archive; record what is inside."""
        if self.stopped:
            return
        if sniffed in OPAQUE_ARCHIVES:
            self._problem("archive in a format that cannot be inspected", f"{name or 'unnamed'} ({sniffed})", where)
            if sniffed == "application/vnd.rar":
                # The file names are readable (unless the headers are encrypted): list them.
                try:
                    names, encrypted = rar_names(data, self.limits.max_members)
                    for member, enc in names:
                        member_where = f"{where} > {member}"
                        self._count(member_where)
                        self.members.append(Member(member, b"", "application/octet-stream", member_where, depth + 1, enc))
                    if encrypted or any(enc for _, enc in names):
                        self._problem("password-protected (encrypted) archive", name or "unnamed", where)
                except _Stop:
                    if depth > 0:
                        raise
                    self.stopped = True
                except Exception:  # noqa: BLE001 - listing names is a bonus; the problem is already recorded
                    pass
            return
        looks_zip = sniffed == "application/zip" or (
            name.lower().endswith(".zip") and sniffed == "application/octet-stream"
        )
        if not looks_zip and sniffed not in INSPECTABLE_ARCHIVES:
            return
        if depth >= self.limits.max_depth:
            self._problem("archives nested too deeply to inspect", f"{name} at depth {depth}", where, budget=True)
            return
        try:
            if looks_zip:
                self._zip(data, where, depth)
            elif sniffed == "application/x-tar":
                self._tar(data, where, depth)
            else:
                self._stream(data, name, where, depth, sniffed)
        except _Stop:
            if depth > 0:
                raise
            self.stopped = True
        except RecursionError:
            self._problem("archives nested too deeply to inspect", name, where, budget=True)
        except Exception as e:  # noqa: BLE001 - hostile archives: whatever breaks is "corrupt", never a crash
            self._problem("corrupt or unreadable archive", f"{name or 'unnamed'}: {type(e).__name__}", where)

    # -- formats ------------------------------------------------------------------------

    def _zip(self, data: bytes, where: str, depth: int) -> None:
        if data.count(_ZIP_CENTRAL) > self.limits.max_members * 4:
            self._problem("archive has too many files to inspect", f"over {self.limits.max_members}", where, budget=True)
            raise _Stop
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            for info in infos:
                member_where = f"{where} > {info.filename}"
                self._count(member_where)
                if info.is_dir():
                    continue
                encrypted = bool(info.flag_bits & 0x1)
                if encrypted:
                    self._problem("password-protected (encrypted) archive", info.filename, member_where)
                    self._add(info.filename, b"", member_where, depth, encrypted=True)
                    continue
                if info.file_size > self.limits.max_member_bytes or (
                    info.compress_size > 0
                    and info.file_size > 1_000_000
                    and info.file_size / info.compress_size > self.limits.max_ratio
                ):
                    self._problem(
                        "archive expands too far to inspect (a possible zip bomb)",
                        f"{info.filename}: {info.compress_size} bytes -> {info.file_size} bytes",
                        member_where,
                        budget=True,
                    )
                    self._add(info.filename, b"", member_where, depth)
                    continue
                with zf.open(info) as f:
                    body = self._bounded_read(f, member_where, info.compress_size)
                self._add(info.filename, body, member_where, depth)

    def _tar(self, data: bytes, where: str, depth: int) -> None:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as tf:
            while True:
                info = tf.next()
                if info is None:
                    break
                member_where = f"{where} > {info.name}"
                self._count(member_where)
                if not info.isfile():
                    continue
                f = tf.extractfile(info)
                body = self._bounded_read(f, member_where, 0) if f is not None else b""
                self._add(info.name, body, member_where, depth)

    def _stream(self, data: bytes, name: str, where: str, depth: int, sniffed: str) -> None:
        """A single compressed stream (gzip, bzip2, xz): its content is one member."""
        budget = max(1, min(self.limits.max_member_bytes, self.limits.max_total_bytes - self.expanded) + 1)
        if sniffed == "application/gzip":
            # gzip members can be concatenated (gunzip joins them): read them all.
            pieces: list[bytes] = []
            got = 0
            rest = data
            while rest[:2] == b"\x1f\x8b" and got < budget:
                dz = zlib.decompressobj(16 + zlib.MAX_WBITS)
                piece = dz.decompress(rest, budget - got)
                pieces.append(piece)
                got += len(piece)
                if not dz.eof:
                    break
                rest = dz.unused_data
            body = b"".join(pieces)
        elif sniffed == "application/x-bzip2":
            body = bz2.BZ2Decompressor().decompress(data, budget)
        else:
            body = lzma.LZMADecompressor().decompress(data, budget)
        inner = name
        for ext in (".gz", ".tgz", ".bz2", ".tbz2", ".xz", ".txz"):
            if inner.lower().endswith(ext):
                inner = inner[: -len(ext)] + (".tar" if ext.startswith(".t") else "")
                break
        else:
            inner = f"{name or 'compressed'} (content)"
        member_where = f"{where} > {inner}"
        self._count(member_where)
        if len(body) >= budget or len(body) > max(len(data), 1) * self.limits.max_ratio:
            self._problem(
                "archive expands too far to inspect (a possible zip bomb)",
                f"{name}: {len(data)} bytes -> over {len(body)} bytes",
                member_where,
                budget=True,
            )
            raise _Stop
        self.expanded += len(body)
        self._add(inner, body, member_where, depth)

    # -- bookkeeping ----------------------------------------------------------------------

    def _bounded_read(self, f: IO[bytes], where: str, compressed: int) -> bytes:
        room = min(self.limits.max_member_bytes, self.limits.max_total_bytes - self.expanded)
        if room <= 0:
            self._problem("archive expands too far to inspect (a possible zip bomb)", "no room left", where, budget=True)
            raise _Stop
        chunks: list[bytes] = []
        got = 0
        while True:
            if time.monotonic() > self.limits.deadline:
                self._problem("archive took too long to inspect", where, where, budget=True)
                raise _Stop
            chunk = f.read(min(_CHUNK, room - got + 1))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if got > room or (compressed > 0 and got > 1_000_000 and got > compressed * self.limits.max_ratio):
                self._problem(
                    "archive expands too far to inspect (a possible zip bomb)", f"over {got} bytes", where, budget=True
                )
                raise _Stop
        self.expanded += got
        return b"".join(chunks)

    def _count(self, where: str) -> None:
        self.count += 1
        if self.count > self.limits.max_members:
            self._problem("archive has too many files to inspect", f"over {self.limits.max_members}", where, budget=True)
            raise _Stop
        if time.monotonic() > self.limits.deadline:
            self._problem("archive took too long to inspect", where, where, budget=True)
            raise _Stop

    def _add(self, name: str, data: bytes, where: str, depth: int, encrypted: bool = False) -> None:
        sniffed = sniff(data, name) if data else "application/octet-stream"
        self.members.append(Member(name, data, sniffed, where, depth + 1, encrypted))
        if data:
            self.scan(data, name, where, sniffed, depth + 1)

    def _problem(self, reason: str, evidence: str, where: str, budget: bool = False) -> None:
        self.problems.append(ArchiveProblem(reason, evidence[:200], where, budget))


def _vint(data: bytes, pos: int) -> tuple[int, int]:
    """A RAR 5 variable-length integer at ``pos``: (value, next position)."""
    value = shift = 0
    for i in range(pos, min(pos + 10, len(data))):
        b = data[i]
        value |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return value, i + 1
    raise ValueError("bad RAR integer")


def _rar5_encrypted(extra_area: bytes) -> bool:
    """Whether a RAR 5 file header's extra area holds an encryption record (type 1)."""
    pos = 0
    while pos < len(extra_area):
        size, p = _vint(extra_area, pos)
        kind, _ = _vint(extra_area, p)
        if kind == 1:
            return True
        if size == 0:
            break
        pos = p + size
    return False


def rar_names(data: bytes, limit: int) -> tuple[list[tuple[str, bool]], bool]:
    """File names in a RAR 4 or RAR 5 archive, each with its 'encrypted' flag.

    Returns ``(names, headers_encrypted)``. Only headers are read; stops at ``limit``
    names or at anything that does not parse (never raises).
    """
    names: list[tuple[str, bool]] = []
    try:
        return _rar_names(data, limit, names)
    except (ValueError, IndexError):
        return names, False


def _rar_names(data: bytes, limit: int, names: list[tuple[str, bool]]) -> tuple[list[tuple[str, bool]], bool]:
    if data.startswith(b"Rar!\x1a\x07\x01\x00"):
        pos = 8
        while pos < len(data) and len(names) < limit:
            size, start = _vint(data, pos + 4)
            kind, p = _vint(data, start)
            flags, p = _vint(data, p)
            extra = data_size = 0
            if flags & 1:
                extra, p = _vint(data, p)
            if flags & 2:
                data_size, p = _vint(data, p)
            if kind == 4:  # archive encryption header: everything after it is encrypted
                return names, True
            if kind == 2:
                file_flags, p = _vint(data, p)
                _, p = _vint(data, p)  # unpacked size
                _, p = _vint(data, p)  # attributes
                p += (4 if file_flags & 2 else 0) + (4 if file_flags & 4 else 0)
                _, p = _vint(data, p)  # compression
                _, p = _vint(data, p)  # host OS
                name_len, p = _vint(data, p)
                if p + name_len > len(data):
                    break
                name = data[p : p + name_len].decode("utf-8", "replace")
                names.append((name, _rar5_encrypted(data[start + size - extra : start + size] if extra else b"")))
            if kind == 5 or size == 0:
                break
            pos = start + size + data_size
        return names, False
    if data.startswith(b"Rar!\x1a\x07\x00"):
        pos = 7
        while pos + 7 <= len(data) and len(names) < limit:
            kind = data[pos + 2]
            flags = int.from_bytes(data[pos + 3 : pos + 5], "little")
            size = int.from_bytes(data[pos + 5 : pos + 7], "little")
            if size < 7:
                break
            add = int.from_bytes(data[pos + 7 : pos + 11], "little") if flags & 0x8000 else 0
            if kind == 0x73 and flags & 0x80:
                return names, True
            if kind == 0x74:
                add = int.from_bytes(data[pos + 7 : pos + 11], "little")
                name_len = int.from_bytes(data[pos + 26 : pos + 28], "little")
                start = pos + 32 + (8 if flags & 0x100 else 0)
                if start + name_len > len(data):
                    break
                raw = data[start : start + name_len].split(b"\x00", 1)[0]
                names.append((raw.decode("utf-8" if flags & 0x200 else "cp437", "replace"), bool(flags & 0x04)))
            if kind == 0x7B:
                break
            pos += size + add
        return names, False
    return names, False


class _Stop(Exception):
    """A limit was reached: stop expanding archives for this message."""
