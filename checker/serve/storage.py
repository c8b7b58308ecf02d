"""Persistent state of the desk: SQL tables through SQLAlchemy Core, uploaded bytes on disk.

- every upload is stored once under ``DATA/blobs/ab/<sha256>``, written atomically, never
  overwritten (the name is the content's hash, never a name sent by the client);
- a check is one row keyed by an unguessable id; a submission links a body to a check;
  versions are never replaced or deleted, so every draft a body handed in stays retrievable;
- the schema carries a version number; a newer database is refused instead of damaged.

Times are stored as ISO 8601 strings with their UTC offset, dates as ``YYYY-MM-DD``, so
SQLite and PostgreSQL hold the same values.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from sqlalchemy import (Boolean, Column, ForeignKey, Integer, MetaData, String, Table, Text, create_engine,
                        event, func, select)
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError

from checker.errors import UsageError

SCHEMA_VERSION = 1
SESSION_HOURS = 12

metadata = MetaData()

schema_info = Table("fazhi_schema", metadata, Column("version", Integer, nullable=False))

settings = Table(
    "settings", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

sessions = Table(
    "sessions", metadata,
    Column("id", String(64), primary_key=True),  # SHA-256 of the cookie value
    Column("expires", String(40), nullable=False),
)

checks = Table(
    "checks", metadata,
    Column("id", String(64), primary_key=True),
    Column("created", String(40), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("name", String(255), nullable=False),  # display name only
    Column("kind", String(16), nullable=False),  # "docx" | "text" | "legacy"
    Column("status", String(16), nullable=False),  # "checked" | "unreadable"
    Column("errors", Integer, nullable=False, default=0),
    Column("warnings", Integer, nullable=False, default=0),
    Column("infos", Integer, nullable=False, default=0),
    Column("document", Text, nullable=False),  # the JSON document `fazhi check --format json` prints
    Column("view", Text, nullable=False),  # blocks and headings for the report page
)

collections = Table(
    "collections", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("year", Integer, nullable=False),
    Column("due", String(10), nullable=False),
    Column("publish_by", String(10), nullable=False),
    Column("packs", Text, nullable=False),  # JSON list, [] = the default packs
    Column("created", String(40), nullable=False),
)

bodies = Table(
    "bodies", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("collection_id", Integer, ForeignKey("collections.id"), nullable=False, index=True),
    Column("position", Integer, nullable=False),
    Column("name", String(200), nullable=False),
    Column("token", String(64), nullable=False),
)

submissions = Table(
    "submissions", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("body_id", Integer, ForeignKey("bodies.id"), nullable=False, index=True),
    Column("check_id", String(64), ForeignKey("checks.id"), nullable=False),
    Column("created", String(40), nullable=False),
    Column("late", Boolean, nullable=False),
)


def now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def parse_time(text: str) -> datetime:
    return datetime.fromisoformat(text)


class BlobStore:
    """Content-addressed files: ``put`` returns the SHA-256; the same bytes are stored once."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def path(self, sha: str) -> Path:
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha[:2] / sha

    def put(self, data: bytes) -> str:
        sha = hashlib.sha256(data).hexdigest()
        target = self.path(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".upload.", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return sha

    def get(self, sha: str) -> bytes:
        return self.path(sha).read_bytes()


@dataclass
class Collection:
    id: int
    name: str
    year: int
    due: date
    publish_by: date
    packs: list[str]
    created: str


@dataclass
class Body:
    id: int
    collection_id: int
    position: int
    name: str
    token: str


@dataclass
class Submission:
    id: int
    body_id: int
    check_id: str
    created: datetime
    late: bool


class Store:
    def __init__(self, data_dir: Path, db_url: str | None = None):
        self.data_dir = Path(data_dir)
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{self.data_dir}：无法创建数据文件夹（{exc.strerror or exc}）") from None
        self.blobs = BlobStore(self.data_dir / "blobs")
        url = db_url or f"sqlite:///{(self.data_dir / 'fazhi.sqlite3').resolve()}"
        try:
            if url.startswith("sqlite"):
                self.engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
                event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = create_engine(url, pool_pre_ping=True)
        except (ArgumentError, NoSuchModuleError, ModuleNotFoundError, ImportError) as exc:
            raise UsageError(f"无法使用数据库地址 {url}（{exc}）；PostgreSQL 需要另装驱动，如 pip install psycopg") from None
        try:
            self._migrate()
        except OperationalError as exc:
            raise UsageError(f"无法打开数据库（{exc.orig}）") from None

    # schema ---------------------------------------------------------------
    def _migrate(self) -> None:
        with self.engine.begin() as conn:
            metadata.create_all(conn)
            row = conn.execute(select(schema_info.c.version)).first()
            if row is None:
                conn.execute(schema_info.insert().values(version=SCHEMA_VERSION))
            elif row.version > SCHEMA_VERSION:
                raise UsageError(f"数据库由更新版本的 fazhi 创建（结构版本 {row.version}），请升级 fazhi 后再打开")
            # future schema versions: upgrade steps from row.version to SCHEMA_VERSION go here

    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(schema_info.c.version)).scalar_one()

    # settings -------------------------------------------------------------
    def get_setting(self, key: str) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()

    def set_setting(self, key: str, value: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))
            conn.execute(settings.insert().values(key=key, value=value))

    def setting_once(self, key: str, make) -> str:
        """The stored value of ``key``, creating it with ``make()`` the first time."""
        value = self.get_setting(key)
        if value is None:
            try:
                with self.engine.begin() as conn:
                    conn.execute(settings.insert().values(key=key, value=make()))
            except Exception:  # another process created it first
                pass
            value = self.get_setting(key)
        return value

    def delete_setting(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(settings.delete().where(settings.c.key == key))

    # sessions -------------------------------------------------------------
    def add_session(self, session_hash: str) -> None:
        expires = (now() + timedelta(hours=SESSION_HOURS)).isoformat()
        with self.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.expires < now().isoformat()))
            conn.execute(sessions.insert().values(id=session_hash, expires=expires))

    def session_valid(self, session_hash: str) -> bool:
        with self.engine.connect() as conn:
            expires = conn.execute(select(sessions.c.expires).where(sessions.c.id == session_hash)).scalar()
        return expires is not None and parse_time(expires) > now()

    def delete_session(self, session_hash: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(sessions.delete().where(sessions.c.id == session_hash))

    def delete_all_sessions(self) -> None:
        with self.engine.begin() as conn:
            conn.execute(sessions.delete())

    # checks ---------------------------------------------------------------
    def add_check(self, check_id: str, sha: str, name: str, kind: str, document: dict, view: dict) -> None:
        record = document["files"][0]
        counts = {s: sum(1 for f in record["findings"] if f["severity"] == s) for s in ("error", "warning", "info")}
        with self.engine.begin() as conn:
            conn.execute(checks.insert().values(
                id=check_id, created=now().isoformat(), sha256=sha, name=name, kind=kind, status=record["status"],
                errors=counts["error"], warnings=counts["warning"], infos=counts["info"],
                document=json.dumps(document, ensure_ascii=False), view=json.dumps(view, ensure_ascii=False)))

    def get_check(self, check_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(checks).where(checks.c.id == check_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        out["document"] = json.loads(out["document"])
        out["view"] = json.loads(out["view"])
        return out

    # collections ----------------------------------------------------------
    def add_collection(self, name: str, year: int, due: date, publish_by: date, packs: list[str],
                       body_names: list[str], make_token) -> int:
        with self.engine.begin() as conn:
            cid = conn.execute(collections.insert().values(
                name=name, year=year, due=due.isoformat(), publish_by=publish_by.isoformat(),
                packs=json.dumps(packs), created=now().isoformat())).inserted_primary_key[0]
            conn.execute(bodies.insert(), [{"collection_id": cid, "position": i, "name": n, "token": make_token()}
                                           for i, n in enumerate(body_names, 1)])
        return cid

    def list_collections(self) -> list[Collection]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(collections).order_by(collections.c.id.desc())).mappings().all()
        return [_collection(r) for r in rows]

    def get_collection(self, cid: int) -> Collection | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(collections).where(collections.c.id == cid)).mappings().first()
        return _collection(row) if row else None

    def list_bodies(self, cid: int) -> list[Body]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(bodies).where(bodies.c.collection_id == cid)
                                .order_by(bodies.c.position)).mappings().all()
        return [Body(**r) for r in rows]

    def get_body(self, cid: int, bid: int) -> Body | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(bodies).where(bodies.c.collection_id == cid, bodies.c.id == bid)).mappings().first()
        return Body(**row) if row else None

    # submissions ----------------------------------------------------------
    def add_submission(self, body_id: int, check_id: str, late: bool, at: datetime) -> int:
        with self.engine.begin() as conn:
            return conn.execute(submissions.insert().values(
                body_id=body_id, check_id=check_id, created=at.isoformat(), late=late)).inserted_primary_key[0]

    def submissions_of(self, body_id: int) -> list[Submission]:
        """Every version a body handed in, oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(submissions).where(submissions.c.body_id == body_id)
                                .order_by(submissions.c.id)).mappings().all()
        return [_submission(r) for r in rows]

    def latest_by_body(self, cid: int) -> dict[int, tuple[Submission, int, dict]]:
        """body id -> (latest submission, number of versions, its check row without the view)."""
        with self.engine.connect() as conn:
            counts = dict(conn.execute(
                select(submissions.c.body_id, func.count()).join(bodies, bodies.c.id == submissions.c.body_id)
                .where(bodies.c.collection_id == cid).group_by(submissions.c.body_id)).all())
            latest_ids = select(func.max(submissions.c.id)).join(bodies, bodies.c.id == submissions.c.body_id) \
                .where(bodies.c.collection_id == cid).group_by(submissions.c.body_id)
            rows = conn.execute(
                select(submissions, checks.c.name, checks.c.kind, checks.c.status, checks.c.errors, checks.c.warnings,
                       checks.c.infos, checks.c.document, checks.c.sha256)
                .join(checks, checks.c.id == submissions.c.check_id)
                .where(submissions.c.id.in_(latest_ids))).mappings().all()
        out = {}
        for r in rows:
            sub = _submission(r)
            check = {k: r[k] for k in ("name", "kind", "status", "errors", "warnings", "infos", "sha256")}
            check["id"] = r["check_id"]
            check["document"] = json.loads(r["document"])
            out[sub.body_id] = (sub, counts.get(sub.body_id, 0), check)
        return out

    def checks_of(self, check_ids: list[str]) -> dict[str, dict]:
        """Check rows (name, kind, status, counts, created) by id, without the stored documents."""
        if not check_ids:
            return {}
        cols = [checks.c.id, checks.c.name, checks.c.kind, checks.c.status, checks.c.errors, checks.c.warnings,
                checks.c.infos, checks.c.created]
        with self.engine.connect() as conn:
            rows = conn.execute(select(*cols).where(checks.c.id.in_(check_ids))).mappings().all()
        return {r["id"]: dict(r) for r in rows}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _collection(row) -> Collection:
    return Collection(id=row["id"], name=row["name"], year=row["year"], due=date.fromisoformat(row["due"]),
                      publish_by=date.fromisoformat(row["publish_by"]), packs=json.loads(row["packs"]),
                      created=row["created"])


def _submission(row) -> Submission:
    return Submission(id=row["id"], body_id=row["body_id"], check_id=row["check_id"],
                      created=parse_time(row["created"]), late=bool(row["late"]))
