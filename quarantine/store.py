"""The quarantine store: held and quarantined mail, durably, on SQLite or PostgreSQL.

One ``Store`` per process. ``Store.from_config(config)`` opens the database named
by ``[store] url`` (a relative SQLite path is relative to gateway.toml's folder;
``postgresql://`` URLs use psycopg 3) and brings the schema to the newest Alembic
revision. SQLite runs in WAL mode with ``synchronous=FULL``: a commit is on disk
(fsync'd) before ``put`` returns, so the relay may answer 250.

The SMTP relay calls ``put`` (fail closed: any problem is a ``StoreError`` and the
client gets a 4xx) and ``remember`` (the chain-message memory). Teachers' decisions
live in ``quarantine.actions``; delivery in ``quarantine.outbox``; notifications in
``quarantine.notify``; the audit log in ``quarantine.audit``.
"""

from __future__ import annotations

import base64
import enum
import hashlib
import json
import logging
import re
import secrets
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine, delete, event, func, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from gateway.config import Config, ConfigError
from gateway.directory import AccountKind, Group, Pupil, Role, normalise_address
from policies.types import Envelope, Finding
from policies.verdict import Verdict
from quarantine import audit
from quarantine.models import ChainSighting, FindingRow, Item, ItemEvent, ItemGroup, ItemTeacher, Notice, table
from quarantine.settings import QuarantineSettings

log = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
SAFEGUARDING = "safeguarding"


class StoreError(Exception):
    """The store could not do what was asked durably (the caller must not assume it happened)."""


class ItemState(enum.StrEnum):
    HELD = "held"
    QUARANTINED = "quarantined"
    RELEASED = "released"
    AUTHORISED = "authorised"
    RETURNED = "returned"
    ESCALATED = "escalated"
    DELETED = "deleted"
    EXPIRED = "expired"

    @property
    def is_waiting(self) -> bool:
        """Still awaiting a decision."""
        return self in (ItemState.HELD, ItemState.QUARANTINED, ItemState.ESCALATED)


class NoticeKind(enum.StrEnum):
    DIGEST = "digest"  # a teacher: an item awaits you (batched)
    DSL_ALERT = "dsl-alert"  # the safeguarding lead: a safeguarding finding (immediate)
    ESCALATION = "escalation"  # the safeguarding lead: a teacher escalated an item
    PUPIL_WAITING = "pupil-waiting"  # a pupil: your message waits for your teacher
    RETURNED = "returned"  # the sender: your message was returned, with the teacher's comment
    EXPIRED_PUPIL = "expired-pupil"  # a pupil: your message was not sent and has expired
    EXPIRED_TEACHER = "expired-teacher"  # a teacher: an item expired undecided
    DELIVERY_FAILED = "delivery-failed"  # whoever released it: the next hop would not take it


# -- encryption at rest --------------------------------------------------------


class RawCipher:
    """Fernet (AES-128-CBC + HMAC-SHA256) over raw messages, keyed by ``[store] encryption_key``.

    The key is a Fernet key (``gateway quarantine keygen`` prints one) or any
    passphrase, which is stretched with scrypt into a key.
    """

    def __init__(self, key: str) -> None:
        try:
            from cryptography.fernet import Fernet
        except ImportError:  # pragma: no cover - the package is a dependency of encryption only
            raise StoreError(
                "[store] encryption_key needs the 'cryptography' package (pip install cryptography)"
            ) from None

        try:
            self._fernet = Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            derived = hashlib.scrypt(key.encode("utf-8"), salt=b"school-mail-gateway/raw", n=2**14, r=8, p=1, dklen=32)
            self._fernet = Fernet(base64.urlsafe_b64encode(derived))

    def encrypt(self, data: bytes) -> bytes:
        return self._fernet.encrypt(data)

    def decrypt(self, data: bytes) -> bytes:
        from cryptography.fernet import InvalidToken

        try:
            return self._fernet.decrypt(data)
        except InvalidToken:
            raise StoreError("a stored message cannot be decrypted with [store] encryption_key") from None


def new_key() -> str:
    from cryptography.fernet import Fernet

    return Fernet.generate_key().decode("ascii")


# -- opening the database ------------------------------------------------------


def database_url(config: Config) -> URL:
    """``[store] url`` as SQLAlchemy needs it: SQLite paths made absolute, psycopg for PostgreSQL."""
    try:
        url = make_url(config.store.url)
    except Exception as e:  # noqa: BLE001 - any parse failure is a config error
        raise ConfigError(config.path, "[store] url", f"not a database URL: {e}") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        db = url.database or ""
        if not db or db == ":memory:" or db.startswith("file:"):
            raise ConfigError(
                config.path, "[store] url", "SQLite needs a file path (an in-memory store is not durable)"
            )
        return url.set(database=str(config.resolve_path(db)))
    if backend == "postgresql":
        if url.get_driver_name() in ("", "psycopg2", "psycopg"):
            url = url.set(drivername="postgresql+psycopg")
        return url
    raise ConfigError(config.path, "[store] url", f"unsupported database {backend!r} (use sqlite:/// or postgresql://)")


def _sqlite_engine(url: URL, immediate: bool) -> Engine:
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, pool_size=8, max_overflow=8)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        # The store's checkpointer thread moves the log into the database off the commit path; a
        # commit checkpoints by itself only if the log has grown past 40 MB (say the thread is stuck).
        cur.execute(f"PRAGMA wal_autocheckpoint={_WAL_AUTOCHECKPOINT_PAGES}")
        cur.execute(f"PRAGMA journal_size_limit={_WAL_SIZE_LIMIT}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # Writers take the write lock at BEGIN, so read-then-write transactions never deadlock.
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


_WAL_AUTOCHECKPOINT_PAGES = 10_000
_WAL_SIZE_LIMIT = 16 * 1024 * 1024


class _Checkpointer:
    """Copies SQLite's write-ahead log into the database file in a thread of its own.

    SQLite's automatic checkpoint runs inside the commit that crosses 1,000 pages of log,
    and with ``synchronous=FULL`` it fsyncs the database file there: that commit (a group
    of puts, and every SMTP conversation waiting on them) stalled for 100-300 ms every few
    seconds under load. Here a PASSIVE checkpoint, which never waits for readers or writers,
    runs at most once every ``interval`` seconds after commits. The thread starts with the
    first commit (a process that only reads never starts it) and stops with ``Store.close``.
    """

    def __init__(self, path: str, interval: float = 1.0) -> None:
        self.path = path
        self.interval = interval
        self._dirty = threading.Event()
        self._stop = threading.Event()
        self._start_lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def committed(self) -> None:
        self._dirty.set()
        if self._thread is None:
            with self._start_lock:
                if self._thread is None and not self._stop.is_set():
                    self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
                    self._thread.start()

    def checkpoint(self, conn: sqlite3.Connection) -> None:
        self._dirty.clear()
        try:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
        except sqlite3.Error as e:  # the next round (or a commit past the limit) tries again
            log.warning("store: checkpoint of %s failed: %s", self.path, e)

    def _run(self) -> None:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        except sqlite3.Error as e:
            log.warning("store: cannot open %s to checkpoint it: %s", self.path, e)
            return
        try:
            while not self._stop.wait(self.interval):
                if self._dirty.is_set():
                    self.checkpoint(conn)
            if self._dirty.is_set():
                self.checkpoint(conn)
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        with self._start_lock:
            thread = self._thread
        if thread is not None:
            thread.join(timeout=10)


def alembic_config(connection: Any | None = None, url: str | None = None) -> AlembicConfig:
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def new_item_id() -> str:
    return secrets.token_hex(8)


_HEADER_END = re.compile(rb"\r?\n\r?\n")


def _decoded(value: str | None) -> str:
    if not value:
        return ""
    try:
        text = str(make_header(decode_header(value)))
    except Exception:  # noqa: BLE001 - a malformed encoded word: keep the raw text
        text = value
    return " ".join(text.split())[:998]


def _subject_and_from(raw: bytes) -> tuple[str, str]:
    """The Subject and From headers, decoded (only the header block is parsed: put() is hot)."""
    m = _HEADER_END.search(raw, 0, 256 * 1024)
    head = raw[: m.start()] if m else raw[: 256 * 1024]
    try:
        headers = BytesHeaderParser(policy=compat32).parsebytes(head + b"\n\n")
        return _decoded(headers.get("subject")), _decoded(headers.get("from"))
    except Exception:  # noqa: BLE001 - a malformed header must not stop the message being stored
        return "", ""


_PUT_TABLES = (table(Item), table(FindingRow), table(ItemEvent), table(ItemTeacher), table(ItemGroup), table(Notice))


@dataclass
class _PutJob:
    rows: dict[Any, list[dict[str, Any]]]  # table -> rows to insert
    record: dict[str, Any]  # the audit record's fields
    done: threading.Event = field(default_factory=threading.Event)
    error: BaseException | None = None


class Store:
    """The quarantine database. Thread-safe; one per process.

    ``put`` uses group commit: puts arriving while another one is committing
    (several SMTP sessions, each calling ``put`` through ``asyncio.to_thread``)
    are written together in the next transaction and share one fsync; each caller
    returns only once its item is committed, and gets its own ``StoreError`` if
    its item could not be stored.
    """

    def __init__(
        self,
        config: Config,
        url: URL,
        *,
        clock: Callable[[], float] = time.time,
        migrate: bool = True,
        revision: str = "heads",
    ) -> None:
        self.config = config
        self.settings = QuarantineSettings.from_config(config)
        self.url = url
        self.clock = clock
        self.is_sqlite = url.get_backend_name() == "sqlite"
        self.cipher: RawCipher | None = RawCipher(config.store.encryption_key) if config.store.encryption_key else None
        if self.is_sqlite:
            Path(url.database or "").parent.mkdir(parents=True, exist_ok=True)
            self.read_engine = _sqlite_engine(url, immediate=False)
            self.write_engine = _sqlite_engine(url, immediate=True)
        else:
            self.read_engine = create_engine(url, pool_size=8, max_overflow=8, pool_pre_ping=True)
            self.write_engine = self.read_engine
        self._reader = sessionmaker(self.read_engine, expire_on_commit=False)
        self._writer = sessionmaker(self.write_engine, expire_on_commit=False)
        self._prune_lock = threading.Lock()
        self._pending: list[_PutJob] = []
        self._pending_lock = threading.Lock()
        self._leader_lock = threading.Lock()
        # SQLite has one writer at a time: this process's writers queue here, woken the moment the
        # writer before them commits, instead of polling in SQLite's busy handler (whose sleeps grow
        # to 100 ms). Other processes still meet the busy handler.
        self._sqlite_writer = threading.RLock() if self.is_sqlite else None
        self._checkpointer = _Checkpointer(url.database or "") if self.is_sqlite else None
        self._last_prune = 0.0
        if migrate:
            self.upgrade(revision)
        self.has_text_index = self._has_text_index()

    @classmethod
    def from_config(cls, config: Config, **kwargs: Any) -> Store:
        """Open the store of ``[store] url`` and bring its schema to the newest revision."""
        try:
            return cls(config, database_url(config), **kwargs)
        except ConfigError:
            raise
        except (SQLAlchemyError, OSError) as e:
            raise StoreError(f"cannot open the store {config.store.url}: {e}") from e

    def upgrade(self, revision: str = "heads") -> None:
        """``alembic upgrade`` on this database (serialised between processes)."""
        logging.getLogger("alembic.runtime.migration").setLevel(logging.WARNING)
        with self.write_engine.begin() as conn:
            if not self.is_sqlite:
                conn.exec_driver_sql("SELECT pg_advisory_xact_lock(7243001)")
            command.upgrade(alembic_config(conn), revision)

    def _has_text_index(self) -> bool:
        """Whether the SQLite FTS5 search table exists (revision 0004 and later)."""
        if not self.is_sqlite:
            return False
        with self.read_engine.connect() as conn:
            found = conn.exec_driver_sql("SELECT 1 FROM sqlite_master WHERE name = 'items_search'").first()
            conn.rollback()
        return found is not None

    def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.close()
        self.read_engine.dispose()
        if self.write_engine is not self.read_engine:
            self.write_engine.dispose()

    # -- sessions ----------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A read-write transaction, committed (durably) on success and rolled back on error."""
        with self._sqlite_writer or nullcontext(), self._writer() as session, session.begin():
            yield session
        if self._checkpointer is not None:
            self._checkpointer.committed()

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._reader() as session, session.begin():
            yield session

    # -- raw messages --------------------------------------------------------------

    def seal(self, raw: bytes) -> tuple[bytes, bool]:
        return (self.cipher.encrypt(raw), True) if self.cipher is not None else (raw, False)

    def unseal(self, item: Item) -> bytes | None:
        if item.raw is None:
            return None
        if item.encrypted:
            if self.cipher is None:
                raise StoreError(f"item {item.id} is encrypted but [store] encryption_key is not set")
            return self.cipher.decrypt(item.raw)
        return bytes(item.raw)

    # -- the relay's API -------------------------------------------------------------

    def put(self, envelope: Envelope, verdict: Verdict, recipients: Sequence[str], state: ItemState) -> str:
        """Store one item for ``recipients`` durably; return its id. Raises ``StoreError``."""
        try:
            return self._put(envelope, verdict, recipients, ItemState(state))
        except StoreError:
            raise
        except Exception as e:  # noqa: BLE001 - fail closed: whatever went wrong, the relay must answer 4xx
            log.error("cannot store a message from %r: %s", envelope.mail_from, e)
            raise StoreError(f"cannot store the message: {e}") from e

    def _put(self, envelope: Envelope, verdict: Verdict, recipients: Sequence[str], state: ItemState) -> str:
        if state not in (ItemState.HELD, ItemState.QUARANTINED):
            raise StoreError(f"a new item must be held or quarantined, not {state}")
        rcpts = list(dict.fromkeys(recipients))
        if not rcpts:
            raise StoreError("an item needs at least one recipient")
        wanted = set(rcpts)
        findings: list[Finding] = [f for f in verdict.findings if not f.recipients or f.recipients & wanted]
        directory = self.config.directory
        accounts = [directory.resolve(a) for a in (envelope.mail_from, *rcpts) if a]
        teachers = list(directory.teachers_for(accounts))
        groups: dict[str, None] = {}
        for acc in accounts:
            if isinstance(acc.entry, Pupil):
                groups.update(dict.fromkeys(normalise_address(g) for g in acc.entry.groups))
            elif isinstance(acc.entry, Group):
                groups[normalise_address(acc.entry.address)] = None
        policies = list(dict.fromkeys(f.policy for f in findings))
        safeguarding = SAFEGUARDING in policies
        subject, from_header = _subject_and_from(envelope.raw)
        sealed, encrypted = self.seal(envelope.raw)
        now = self.clock()
        item_id = new_item_id()
        item = {
            "id": item_id, "state": state.value, "origin": state.value, "created": now, "updated": now,
            "decided": None, "direction": verdict.direction.value,
            "sender": normalise_address(envelope.mail_from) if envelope.mail_from else "",
            "mail_from": envelope.mail_from, "from_header": from_header, "recipients": json.dumps(rcpts),
            "subject": subject, "policies": "," + ",".join(policies) + "," if policies else "",
            "safeguarding": safeguarding, "teachers": json.dumps(teachers), "client_ip": envelope.client_ip or "",
            "helo": envelope.helo, "received": envelope.received_at.timestamp(), "raw": sealed,
            "raw_size": len(envelope.raw), "raw_sha256": hashlib.sha256(envelope.raw).hexdigest(),
            "encrypted": encrypted, "purged": None, "legal_hold": False, "escalated": False, "version": 1,
        }  # fmt: skip
        finding_rows = [
            {"item_id": item_id, "seq": i, "policy": f.policy, "action": f.action.label if f.action is not None else "",
             "reason": f.reason, "evidence": f.evidence, "location": f.where,
             "recipients": json.dumps(sorted(f.recipients))}
            for i, f in enumerate(findings)
        ]  # fmt: skip
        event = {"item_id": item_id, "at": now, "from_state": "", "to_state": state.value, "actor": audit.SYSTEM,
                 "comment": ""}  # fmt: skip
        notices = self._notices_for_new_item(item_id, envelope.mail_from, teachers, safeguarding, now)
        teacher_rows = [{"item_id": item_id, "teacher": normalise_address(t), "created": now} for t in teachers]
        group_rows = [{"item_id": item_id, "group_address": g, "created": now} for g in groups]
        rows: dict[Any, list[dict[str, Any]]] = {
            table(Item): [item], table(FindingRow): finding_rows, table(ItemEvent): [event],
            table(ItemTeacher): teacher_rows, table(ItemGroup): group_rows, table(Notice): notices,
        }  # fmt: skip
        record = {
            "at": now, "actor": audit.SYSTEM, "role": "relay", "action": "stored", "item_id": item_id,
            "remote": envelope.client_ip or "", "outcome": state.value,
            "detail": {"recipients": len(rcpts), "policies": policies, "size": len(envelope.raw)},
        }  # fmt: skip
        self._commit(_PutJob(rows, record))
        return item_id

    # -- group commit ----------------------------------------------------------------

    def _commit(self, job: _PutJob) -> None:
        """Group commit without a thread: whoever holds the leader lock writes everything pending.

        A put that finds another one committing waits for the lock; by then its
        job has usually been written with the batch (done), else it writes the
        batch that gathered meanwhile (its own included) in one transaction.
        """
        with self._pending_lock:
            self._pending.append(job)
        with self._leader_lock:
            if not job.done.is_set():
                with self._pending_lock:
                    batch, self._pending = self._pending[:256], self._pending[256:]
                if job not in batch:  # more than 256 waiting: write ours alone
                    with self._pending_lock:
                        self._pending.remove(job)
                    batch = [job]
                self._run_batch(batch)
        if job.error is not None:
            raise StoreError(f"cannot store the message: {job.error}") from job.error

    def _run_batch(self, batch: list[_PutJob]) -> None:
        try:
            self._write_jobs(batch)
        except Exception as e:  # noqa: BLE001 - one bad item must not fail the others: retry one by one
            if len(batch) == 1:
                batch[0].error = e
            else:
                for job in batch:
                    try:
                        self._write_jobs([job])
                    except Exception as e1:  # noqa: BLE001
                        job.error = e1
        for job in batch:
            job.done.set()

    def _write_jobs(self, jobs: Sequence[_PutJob]) -> None:
        """Write a batch of items in one transaction, straight through the DB-API cursor (the hot path)."""
        mark = "?" if self.is_sqlite else "%s"
        with self.write() as s:
            dbapi = s.connection().connection.driver_connection
            assert dbapi is not None
            cur = dbapi.cursor()
            try:
                for t in _PUT_TABLES:
                    rows = [row for job in jobs for row in job.rows.get(t, ())]
                    if not rows:
                        continue
                    cols = list(rows[0])
                    sql = f"INSERT INTO {t.name} ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})"
                    cur.executemany(sql, [tuple(r[c] for c in cols) for r in rows])
                lock = "" if self.is_sqlite else " FOR UPDATE"
                cur.execute(f"SELECT seq, hash FROM audit_head WHERE id = 1{lock}")
                head = cur.fetchone()
                prev_seq, prev_hash = (int(head[0]), str(head[1])) if head else (0, audit.GENESIS)
                records = audit.chain([job.record for job in jobs], prev_seq, prev_hash)
                cols = list(records[0])
                cur.executemany(
                    f"INSERT INTO audit_log ({', '.join(cols)}) VALUES ({', '.join([mark] * len(cols))})",
                    [tuple(r[c] for c in cols) for r in records],
                )
                last = records[-1]
                if head is None:
                    cur.execute(f"INSERT INTO audit_head (id, seq, hash) VALUES (1, {mark}, {mark})",
                                (last["seq"], last["hash"]))  # fmt: skip
                else:
                    cur.execute(f"UPDATE audit_head SET seq = {mark}, hash = {mark} WHERE id = 1",
                                (last["seq"], last["hash"]))  # fmt: skip
            finally:
                cur.close()

    def _notices_for_new_item(
        self, item_id: str, mail_from: str, teachers: Sequence[str], safeguarding: bool, now: float
    ) -> list[dict[str, Any]]:
        directory = self.config.directory

        def notice(kind: NoticeKind, recipient: str) -> dict[str, Any]:
            return {"kind": kind.value, "recipient": recipient, "item_id": item_id, "created": now, "sent": None,
                    "comment": ""}  # fmt: skip

        readers = list(teachers) or [s.address for s in directory.staff_with_role(Role.HEADTEACHER)]
        notices = [notice(NoticeKind.DIGEST, t) for t in readers]
        if safeguarding:
            notices += [
                notice(NoticeKind.DSL_ALERT, s.address) for s in directory.staff_with_role(Role.SAFEGUARDING_LEAD)
            ]
        if mail_from and directory.resolve(mail_from).kind is AccountKind.PUPIL:
            notices.append(notice(NoticeKind.PUPIL_WAITING, mail_from))
        return notices

    def withdraw(self, item_ids: Sequence[str], reason: str) -> None:
        """Remove items just stored for a message whose SMTP answer will be 4xx/5xx after all.

        The client keeps (and retries) the message, so the copies must not stay here:
        the items, their rows and their queued notices go; an audit record says why.
        Only items nobody has acted on yet (still in the state they were stored in).
        """
        if not item_ids:
            return
        now = self.clock()
        try:
            with self.write() as s:
                for item_id in item_ids:
                    gone = s.execute(delete(table(Item)).where(Item.id == item_id, Item.state == Item.origin)).rowcount  # type: ignore[attr-defined]
                    if not gone:
                        continue
                    for model in (Notice, ItemTeacher, ItemGroup, FindingRow, ItemEvent):
                        s.execute(delete(table(model)).where(table(model).c.item_id == item_id))
                    audit.append(
                        s, at=now, actor=audit.SYSTEM, role="relay", action="withdrawn", item_id=item_id,
                        outcome="withdrawn", detail={"reason": reason[:300]},
                    )  # fmt: skip
        except SQLAlchemyError as e:
            raise StoreError(f"cannot withdraw items {list(item_ids)}: {e}") from e

    def remember(self, fingerprint: str, sender: str, now: float) -> int:
        """Chain memory: record the sighting; the number of distinct senders of it within the window."""
        window = self.settings.chain_window_hours * 3600.0
        try:
            with self.write() as s:
                s.add(ChainSighting(fingerprint=fingerprint[:128], sender=normalise_address(sender), at=now))
                if now - self._last_prune > 60.0 and self._prune_lock.acquire(blocking=False):
                    try:
                        s.execute(delete(ChainSighting).where(ChainSighting.at < now - window))
                        self._last_prune = now
                    finally:
                        self._prune_lock.release()
                s.flush()
                count = s.execute(
                    select(func.count(func.distinct(ChainSighting.sender))).where(
                        ChainSighting.fingerprint == fingerprint[:128], ChainSighting.at >= now - window
                    )
                ).scalar_one()
            return int(count)
        except SQLAlchemyError as e:
            raise StoreError(f"cannot record the chain fingerprint: {e}") from e

    # -- small helpers for the other modules ----------------------------------------

    def get(self, session: Session, item_id: str) -> Item | None:
        return session.get(Item, item_id)

    def count(self) -> int:
        with self.read() as s:
            return int(s.execute(select(func.count()).select_from(Item)).scalar_one())
