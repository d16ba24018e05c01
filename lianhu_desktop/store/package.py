"""Village packages: one sealed file holding a snapshot of one village's rows.

The payload is an SQLite database image: SQLite's online backup of the
village's database (a consistent snapshot while the program runs), with
every row that does not belong to the village removed (``ownership``),
compacted, compressed and sealed (``sealed``: AES-256-GCM, scrypt). An image
rather than rows in some other format so that a package from an older schema
is upgraded on the way in by the very migrations that upgrade a database.
From a server database (which has no file to back up) the image is a new
database at the current schema filled with the village's rows, all read in
one REPEATABLE READ transaction: the same rows, seen at one moment too.

Plaintext layout: ``PKG_MAGIC | manifest length (uint32) | manifest JSON |
payload``; the manifest names the village, the schema and program versions,
when it was written, the row count of each table and the payload's SHA-256.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import sqlite3
import struct
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from peewee import SqliteDatabase

from lianhu_desktop import __version__
from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.store import backend, migrations, ownership, sealed, visit_tally
from lianhu_desktop.store.fileinfo import APPLICATION_ID
from lianhu_desktop.store.models import ALL_MODELS, Village, database, new_uuid

PKG_MAGIC = b"LHPKG1\n"
FORMAT = 1
SUFFIX = ".lhpkg"
_LENGTH = struct.Struct(">I")


@dataclass
class Manifest:
    format: int
    package_uuid: str
    village_uuid: str
    village_name: str
    township: str
    schema_version: int
    program_version: str
    created_at: str  # the village's clock, ISO with microseconds
    counts: dict
    payload_sha256: str

    def to_json(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Package:
    manifest: Manifest
    db: SqliteDatabase  # in memory, at the current schema
    path: Path

    def close(self) -> None:
        self.db.close()


def _snapshot_of_village(source: sqlite3.Connection, village_id: int) -> sqlite3.Connection:
    """An in-memory copy of ``source`` holding only the rows of ``village_id``."""
    mem = sqlite3.connect(":memory:")
    source.backup(mem)
    mem.execute("PRAGMA foreign_keys = OFF")
    triggers = mem.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        mem.execute(f'DROP TRIGGER "{name}"')
    carried = ownership.carried_models()
    mem.execute('CREATE TEMP TABLE "keep" ("tbl" TEXT NOT NULL, "id" INTEGER NOT NULL, '
                'PRIMARY KEY ("tbl", "id")) WITHOUT ROWID')
    for model in carried:
        owner = ownership.owner_sql(model, "t")
        if owner is not None:
            table = model._meta.table_name
            mem.execute(f'INSERT INTO "keep" SELECT \'{table}\', t."id" FROM "{table}" t WHERE {owner} = ?',
                        (village_id,))
    # Rows an owned row points to travel with it (the default scheme behind a score).
    count = -1
    while count != (count := mem.execute('SELECT COUNT(*) FROM "keep"').fetchone()[0]):
        for model in carried:
            table = model._meta.table_name
            for f in ownership.foreign_keys(model):
                parent = f.rel_model._meta.table_name
                mem.execute(
                    f'INSERT OR IGNORE INTO "keep" SELECT \'{parent}\', c."{f.column_name}" FROM "{table}" c '
                    f'JOIN "keep" k ON k."tbl" = \'{table}\' AND k."id" = c."id" '
                    f'WHERE c."{f.column_name}" IS NOT NULL')
    for model in carried:
        table = model._meta.table_name
        mem.execute(f'DELETE FROM "{table}" WHERE "id" NOT IN '
                    f'(SELECT "id" FROM "keep" WHERE "tbl" = \'{table}\')')
    for model in ownership.LOCAL_MODELS:
        if model._meta.table_name != "tombstone":
            mem.execute(f'DELETE FROM "{model._meta.table_name}"')
    mem.execute('DROP TABLE "keep"')
    for statement in visit_tally.REBUILD:  # the triggers were off: count the village's visits
        mem.execute(statement)
    for _, sql in triggers:
        mem.execute(sql)
    mem.commit()
    mem.execute("VACUUM")
    return mem


_TIMESTAMP_OID = 1114  # PostgreSQL's TIMESTAMP (without time zone)


def _empty_image() -> sqlite3.Connection:
    """An in-memory database at the current schema, as a new village file starts."""
    scratch = SqliteDatabase(":memory:")
    scratch.connect()
    try:
        scratch.execute_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        migrations.upgrade(scratch)
        image = scratch.connection().serialize()
    finally:
        scratch.close()
    mem = sqlite3.connect(":memory:")
    mem.deserialize(image)
    return mem


def _as_file_stores(value, timestamp: bool):
    """A server's value as the village's file holds it: a TIMESTAMP's text with all six
    digits of its fraction (PostgreSQL drops trailing zeros; Python writes six)."""
    if timestamp and isinstance(value, str) and "." in value:
        whole, fraction = value.split(".", 1)
        return f"{whole}.{fraction.ljust(6, '0')}"
    return value


def _copy_from_server(mem: sqlite3.Connection, table: str, where: str, params) -> int:
    """Copy the rows of ``table`` matching ``where`` (its alias ``t``) from the server into ``mem``."""
    columns = [row[1] for row in mem.execute(f'PRAGMA table_info("{table}")')]
    names = ", ".join(f't."{c}"' for c in columns)
    cursor = database.execute_sql(f'SELECT {names} FROM "{table}" t {where}', params)
    stamps = [d.type_code == _TIMESTAMP_OID for d in cursor.description]
    insert = (f'INSERT OR IGNORE INTO "{table}" ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
              f'VALUES ({", ".join("?" * len(columns))})')
    copied = 0
    while rows := cursor.fetchmany(5000):
        mem.executemany(insert, [[_as_file_stores(v, s) for v, s in zip(row, stamps)] for row in rows])
        copied += len(rows)
    return copied


def _snapshot_of_village_on_server(village_id: int) -> sqlite3.Connection:
    """``_snapshot_of_village`` of a server database: an empty database at the current
    schema filled with the village's rows (and the rows they point to), all read in one
    REPEATABLE READ transaction, so that every table is seen at the same moment, as
    SQLite's online backup sees a file."""
    mem = _empty_image()
    mem.execute("PRAGMA foreign_keys = OFF")
    triggers = mem.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        mem.execute(f'DROP TRIGGER "{name}"')
    for model in ALL_MODELS:  # what a migration puts in a new database is not the server's
        mem.execute(f'DELETE FROM "{model._meta.table_name}"')
    carried = ownership.carried_models()
    with database.atomic(isolation_level="REPEATABLE READ READ ONLY"):
        for model in carried:
            owner = ownership.owner_sql(model, "t")
            if owner is not None:
                _copy_from_server(mem, model._meta.table_name, f"WHERE {owner} = ?", (village_id,))
        # Rows an owned row points to travel with it (the default scheme behind a score),
        # and the rows those point to in turn.
        copied = True
        while copied:
            copied = False
            for model in carried:
                table = model._meta.table_name
                for f in ownership.foreign_keys(model):
                    if f.rel_model not in carried:
                        continue
                    parent = f.rel_model._meta.table_name
                    missing = [row[0] for row in mem.execute(
                        f'SELECT DISTINCT c."{f.column_name}" FROM "{table}" c WHERE c."{f.column_name}" IS NOT NULL '
                        f'AND c."{f.column_name}" NOT IN (SELECT "id" FROM "{parent}")')]
                    for start in range(0, len(missing), 500):
                        chunk = missing[start:start + 500]
                        marks = ", ".join("?" * len(chunk))
                        copied |= _copy_from_server(mem, parent, f'WHERE t."id" IN ({marks})', chunk) > 0
        _copy_from_server(mem, "tombstone", "", ())
    for statement in visit_tally.REBUILD:  # the triggers were off: count the village's visits
        mem.execute(statement)
    for _, sql in triggers:
        mem.execute(sql)
    mem.commit()
    mem.execute("VACUUM")
    return mem


def _sealed_package(village: Village, passphrase: str, progress=None, steps: tuple[int, int] = (0, 4)):
    """(manifest, sealed bytes) of ``village``'s package; ``progress`` told at ``steps`` offset/total."""
    offset, total = steps

    def tell(done: int) -> None:
        if progress is not None and progress(offset + done, total) is False:
            raise Cancelled("已取消导出数据包，没有写入任何文件")

    tell(0)
    if backend.is_server(database):
        mem = _snapshot_of_village_on_server(village.id)
    else:
        mem = _snapshot_of_village(database.connection(), village.id)
    try:
        tell(2)
        counts = {m._meta.table_name: mem.execute(f'SELECT COUNT(*) FROM "{m._meta.table_name}"').fetchone()[0]
                  for m in ownership.carried_models()}
        counts["tombstone"] = mem.execute('SELECT COUNT(*) FROM "tombstone"').fetchone()[0]
        version = mem.execute("PRAGMA user_version").fetchone()[0]
        payload = zlib.compress(mem.serialize(), 6)
    finally:
        mem.close()
    manifest = Manifest(
        format=FORMAT, package_uuid=new_uuid(), village_uuid=village.uuid, village_name=village.name,
        township=village.township, schema_version=version, program_version=__version__,
        created_at=datetime.datetime.now().isoformat(timespec="microseconds"), counts=counts,
        payload_sha256=hashlib.sha256(payload).hexdigest(),
    )
    head = json.dumps(manifest.to_json(), ensure_ascii=False).encode("utf-8")
    blob = sealed.seal(PKG_MAGIC + _LENGTH.pack(len(head)) + head + payload, passphrase)
    tell(3)
    return manifest, blob


def write_package(out: str | Path, passphrase: str, village_id: int | None = None,
                  progress=None) -> tuple[Manifest, Path]:
    """Write the package of ``village_id`` (default: the database's only village) to ``out``
    (a file, or a folder to put it in); return its manifest and path.

    The file is written beside its target and renamed into place when complete.
    """
    sealed.check_passphrase(passphrase)
    village = _the_village(village_id)
    out = Path(out).expanduser().absolute()
    if out.is_dir():
        out = out / default_name(village.name)
    manifest, blob = _sealed_package(village, passphrase, progress)
    _write_atomically(out, blob)
    if progress:
        progress(4, 4)
    return manifest, out


def write_packages(folder: str | Path, passphrase: str, village_ids, *, when: datetime.date | None = None,
                   progress=None) -> list[tuple[Manifest, Path]]:
    """One package per village of ``village_ids`` in ``folder``, named ``村名_YYYYMMDD.lhpkg``
    (``dated_name``), replacing a package of the same name; return (manifest, path) each.

    All or nothing: every file is written beside its target first and all
    are renamed into place only when every one is complete, so a cancel
    (``progress`` returning False) or an error leaves the folder as it was.
    """
    sealed.check_passphrase(passphrase)
    folder = Path(folder).expanduser().absolute()
    villages = [Village.get_by_id(i) for i in village_ids]
    if not villages:
        raise LianhuError("没有选择要导出的村")
    if not folder.is_dir():
        raise LianhuError(f"文件夹不存在：{folder}")
    total = 4 * len(villages) + 1
    ready: list[tuple[Manifest, Path, Path]] = []
    try:
        for index, village in enumerate(villages):
            manifest, blob = _sealed_package(village, passphrase, progress, (4 * index, total))
            out = folder / dated_name(village.name, when)
            ready.append((manifest, _write_beside(out, blob), out))
        if progress is not None and progress(total - 1, total) is False:
            raise Cancelled("已取消导出数据包，没有写入任何文件")
        for _, tmp, out in ready:
            try:
                os.replace(tmp, out)
            except OSError as error:
                raise LianhuError(f"数据包没有写成：{out}（{error.strerror or error}）") from error
    finally:
        for _, tmp, _ in ready:
            tmp.unlink(missing_ok=True)
    if progress is not None:
        progress(total, total)
    return [(manifest, out) for manifest, _, out in ready]


def default_name(village_name: str, when: datetime.datetime | None = None) -> str:
    return f"{village_name}_数据包_{(when or datetime.datetime.now()):%Y%m%d_%H%M%S}{SUFFIX}"


def dated_name(village_name: str, when: datetime.date | None = None) -> str:
    """``村名_YYYYMMDD.lhpkg``: the name the window gives a village's package."""
    name = "".join("_" if c in '\\/:*?"<>|' or ord(c) < 32 else c for c in village_name).strip(" .") or "村"
    return f"{name}_{(when or datetime.date.today()):%Y%m%d}{SUFFIX}"


def _the_village(village_id: int | None) -> Village:
    if village_id is not None:
        return Village.get_by_id(village_id)
    villages = list(Village.select().order_by(Village.sort_order, Village.id).limit(2))
    if not villages:
        raise LianhuError("数据库里还没有村，没有可导出的数据")
    if len(villages) > 1:
        raise LianhuError("数据库里有多个村，请用 --village 指定要导出哪个村的数据包")
    return villages[0]


def _write_beside(out: Path, data: bytes) -> Path:
    """``data`` flushed to a temporary file beside ``out``; the caller renames or deletes it."""
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent)
    except OSError as error:
        raise LianhuError(f"无法在此处写入数据包：{out}（{error.strerror or error}）") from error
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except OSError as error:
        Path(tmp).unlink(missing_ok=True)
        raise LianhuError(f"数据包没有写成：{out}（{error.strerror or error}）") from error
    return Path(tmp)


def _write_atomically(out: Path, data: bytes) -> None:
    tmp = _write_beside(out, data)
    try:
        os.replace(tmp, out)
    except OSError as error:
        raise LianhuError(f"数据包没有写成：{out}（{error.strerror or error}）") from error
    finally:
        tmp.unlink(missing_ok=True)


def read_manifest_and_payload(path: Path, passphrase: str) -> tuple[Manifest, bytes]:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise LianhuError(f"无法读取数据包：{path}（{error.strerror or error}）") from error
    plain = sealed.unseal(data, passphrase, what=f"数据包（{path.name}）")
    broken = sealed.SealBroken(f"数据包已损坏：{path}，已拒绝，未作任何改动")
    if not plain.startswith(PKG_MAGIC):
        raise broken
    start = len(PKG_MAGIC) + _LENGTH.size
    (length,) = _LENGTH.unpack(plain[len(PKG_MAGIC):start])
    try:
        raw = json.loads(plain[start:start + length].decode("utf-8"))
        manifest = Manifest(**raw)
    except (ValueError, TypeError):
        raise broken from None
    payload = plain[start + length:]
    if hashlib.sha256(payload).hexdigest() != manifest.payload_sha256:
        raise broken
    return manifest, payload


def read_package(path: str | Path, passphrase: str) -> tuple[Manifest, bytes, Path]:
    """Decrypt and check a package; its manifest, its (compressed) payload and its path.

    Raises ``WrongPassphrase``, ``SealBroken`` (tampered or damaged) or
    ``LianhuError`` (newer program or schema, not a package). Cheaper than
    ``open_package``: a package already merged is recognised from its manifest.
    """
    path = Path(path).expanduser().absolute()
    manifest, payload = read_manifest_and_payload(path, passphrase)
    if manifest.format > FORMAT:
        raise LianhuError(f"数据包由更新版本的联户通（{manifest.program_version}）生成，请先升级程序：{path}")
    if manifest.schema_version > migrations.LATEST:
        raise LianhuError(f"数据包的数据结构是第 {manifest.schema_version} 版，比本程序"
                          f"（第 {migrations.LATEST} 版）新，请先升级程序再合并：{path}")
    return manifest, payload, path


def load_package(manifest: Manifest, payload: bytes, path: Path) -> Package:
    """The payload of a package read by ``read_package``, loaded in memory at the current schema."""
    try:
        image = zlib.decompress(payload)
    except zlib.error:
        raise sealed.SealBroken(f"数据包已损坏：{path}，已拒绝，未作任何改动") from None
    db = SqliteDatabase(":memory:", check_same_thread=False)
    db.connect()
    try:
        db.connection().deserialize(image)
        application_id = db.execute_sql("PRAGMA application_id").fetchone()[0]
        version = migrations.current_version(db)
        if application_id != APPLICATION_ID or version != manifest.schema_version:
            raise sealed.SealBroken(f"数据包的内容与其清单不符：{path}，已拒绝")
        if version < migrations.LATEST:
            migrations.upgrade(db)
    except BaseException:
        db.close()
        raise
    return Package(manifest, db, path)


def open_package(path: str | Path, passphrase: str) -> Package:
    """Decrypt, check and load a package, upgraded to the current schema.

    Raises ``WrongPassphrase``, ``SealBroken`` (tampered or damaged) or
    ``LianhuError`` (newer schema, not a package); nothing is written.
    """
    return load_package(*read_package(path, passphrase))
