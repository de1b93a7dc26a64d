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
            dz = zlib.decompressobj(16 + zlib.MAX_WBITS)
            body = dz.decompress(data, budget)
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


class _Stop(Exception):
    """A limit was reached: stop expanding archives for this message."""
