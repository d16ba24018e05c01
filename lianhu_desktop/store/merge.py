"""Merging village packages into the township's database.

The engine: rows matched by uuid, never by name; foreign keys translated
from the package's ids to ours through the uuids; the ``updated_at`` stamps
and the record of the last merge of the village (``PackageMerge``) tell who
changed what since then; deletions arrive as tombstones. One package is one
transaction: all of it or none of it. Generic over ``ownership.carried_models``.

Who wins, for a row in the package that we already hold and that differs:

* the village changed it since its last merged package (``updated_at`` at
  or after that package's time), or we cannot tell: the village's value
  wins; if the township also edited it since that merge (``updated_at``
  at or after our ``merged_at``), each field the township had changed is listed
  as a conflict, with both values, so nothing is lost silently;
* only the township edited it: the township's edit stays.

The stamps are kept to the second; an edit in the very second of a package
or a merge counts as made after it (a conflict listed rather than an edit
missed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from peewee import ForeignKeyField, IntegrityError, chunked

from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.store import ownership
from lianhu_desktop.store.db import write_transaction
from lianhu_desktop.store.models import PackageMerge, Village, database, now
from lianhu_desktop.store.package import Package, open_package

CHUNK = 500
# Columns that describe a row in the conflict report, first found wins.
_DESCRIBING = ("name", "head_name", "topic", "tag", "content", "serial", "key", "date", "year")
_BOOKKEEPING = ("id", "uuid", "created_at", "updated_at")


@dataclass
class TableCounts:
    inserted: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0


@dataclass
class Conflict:
    table: str
    record: str
    field: str  # the column
    township_value: object
    village_value: object


@dataclass
class MergeResult:
    path: str
    village_uuid: str
    village_name: str
    package_created_at: str
    status: str  # merged, already (this very package), older (older than one merged)
    message: str
    tables: dict = field(default_factory=dict)  # table name → TableCounts
    conflicts: list = field(default_factory=list)
    dry_run: bool = False
    package_uuid: str = ""

    @property
    def changed(self) -> int:
        return sum(c.inserted + c.updated + c.deleted for c in self.tables.values())

    def to_json(self) -> dict:
        return {
            "package": self.path, "village": self.village_name, "village_uuid": self.village_uuid,
            "package_created_at": self.package_created_at, "status": self.status, "message": self.message,
            "dry_run": self.dry_run,
            "tables": {name: dict(c.__dict__) for name, c in self.tables.items()},
            "conflicts": [dict(c.__dict__) for c in self.conflicts],
        }


class _Rollback(Exception):
    """Raised inside the transaction of a preview, so that nothing stays."""

    def __init__(self, result=None):
        super().__init__()
        self.result = result


def _stamp(text: str) -> str:
    """An ISO time as the database stores ``updated_at`` (to the second)."""
    return text.replace("T", " ")[:19]


def _describe(columns: list[str], values, uuid: str) -> str:
    for name in _DESCRIBING:
        if name in columns:
            value = values[columns.index(name)]
            if value not in (None, ""):
                text = str(value)
                return (text[:30] + "…") if len(text) > 31 else text
    return f"编号 {uuid[:8]}"


class _Merger:
    def __init__(self, package: Package, progress=None):
        self.package = package
        self.manifest = package.manifest
        self.progress = progress
        self.order = ownership.carried_models()
        self.targets = {f.rel_model for m in self.order for f in ownership.foreign_keys(m)}
        self.pkg_uuid_of: dict = {}  # model → {package id: uuid}
        self.our_id_of: dict = {}  # model → {uuid: our id}
        self.counts: dict = {}
        self.conflicts: list[Conflict] = []
        self.rows_seen: dict = {}  # model → {uuid: (our id or None, decision)}

    # -- helpers --------------------------------------------------------------
    def _step(self, done: int) -> None:
        if self.progress is not None and self.progress(done, len(self.order) + 2) is False:
            raise Cancelled("已取消合并，数据库未作任何改动")

    def _ours_by_uuid(self, model, columns: list[str], uuids: list[str]) -> dict:
        table = model._meta.table_name
        select = ", ".join(f'"{c}"' for c in ("id", "uuid", *columns))
        found = {}
        for chunk in chunked(uuids, CHUNK):
            marks = ", ".join([database.param] * len(chunk))
            for row in database.execute_sql(f'SELECT {select} FROM "{table}" WHERE "uuid" IN ({marks})', chunk):
                found[row[1]] = row
        return found

    def _translate(self, f, value):
        if value is None:
            return None
        target = f.rel_model
        uuid = self.pkg_uuid_of[target].get(value)
        if uuid is None:
            raise LianhuError(f"数据包内容不完整（{f.model._meta.table_name} 引用的 {target._meta.table_name} "
                              f"记录不在包中）：{self.package.path}，未作任何改动")
        return self.our_id_of[target][uuid]

    def _describe_value(self, f, value):
        """A foreign key's value as the name of the row it points to."""
        if f is None or value is None:
            return value
        target = f.rel_model
        columns = [c for c in _DESCRIBING if c in target._meta.columns]
        if not columns:
            return value
        row = database.execute_sql(
            f'SELECT "uuid", {", ".join(chr(34) + c + chr(34) for c in columns)} '
            f'FROM "{target._meta.table_name}" WHERE "id" = {database.param}', (value,)).fetchone()
        return _describe(columns, row[1:], row[0]) if row else value

    # -- the merge ------------------------------------------------------------
    def run(self, last: PackageMerge | None) -> None:
        since_village = _stamp(last.package_created_at) if last else None
        since_township = _stamp(str(last.merged_at)) if last else None
        for step, model in enumerate(self.order):
            self._step(step)
            self._merge_table(model, since_village, since_township)
        self._step(len(self.order))
        for model in self.order:
            if ownership.deferred_keys(model, self.order):
                self._merge_deferred(model)
        self._step(len(self.order) + 1)
        self._apply_tombstones()

    def _columns(self, model, deferred) -> tuple[list[str], list]:
        skip = {f.column_name for f in deferred} | {"id"}
        fields = [f for f in model._meta.sorted_fields if f.column_name not in skip]
        return [f.column_name for f in fields], fields

    def _merge_table(self, model, since_village, since_township) -> None:
        table = model._meta.table_name
        counts = self.counts.setdefault(table, TableCounts())
        deferred = ownership.deferred_keys(model, self.order)
        columns, fields = self._columns(model, deferred)
        fks = [(i, f) for i, f in enumerate(fields) if isinstance(f, ForeignKeyField)]
        uuid_at = columns.index("uuid")
        updated_at = columns.index("updated_at")
        rows = self.package.db.execute_sql(
            f'SELECT "id", {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"').fetchall()
        if model in self.targets or deferred:
            self.pkg_uuid_of[model] = {row[0]: row[1 + uuid_at] for row in rows}
        ours = self._ours_by_uuid(model, columns, [row[1 + uuid_at] for row in rows])
        inserts, updates, seen = [], [], {}
        compared = [i for i, c in enumerate(columns) if c not in ("created_at", "updated_at")]
        for row in rows:
            values = list(row[1:])
            for i, f in fks:
                values[i] = self._translate(f, values[i])
            uuid = values[uuid_at]
            mine = ours.get(uuid)
            if mine is None:
                inserts.append(values)
                counts.inserted += 1
                seen[uuid] = (None, "inserted", None)
                continue
            current = mine[2:]
            if all(current[i] == values[i] for i in compared):
                counts.unchanged += 1
                seen[uuid] = (mine[0], "unchanged", (current, values))
                continue
            village_changed = since_village is None or str(values[updated_at]) >= since_village
            township_edited = since_township is None or str(current[updated_at]) >= since_township
            if township_edited and not village_changed:
                counts.unchanged += 1
                seen[uuid] = (mine[0], "kept", (current, values))
                continue
            updates.append([*values, mine[0]])
            counts.updated += 1
            seen[uuid] = (mine[0], "updated", (current, values))
            if township_edited:
                self._conflicts(model, columns, fields, compared, current, values, counts)
        self.rows_seen[model] = seen
        names = ", ".join(f'"{c}"' for c in columns)
        marks = ", ".join([database.param] * len(columns))
        cursor = database.cursor()
        for chunk in chunked(inserts, 5000):
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', chunk)
        sets = ", ".join(f'"{c}" = {database.param}' for c in columns)
        for chunk in chunked(updates, 5000):
            cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE "id" = {database.param}', chunk)
        if model in self.targets or deferred:
            known = {uuid: entry[0] for uuid, entry in seen.items() if entry[0] is not None}
            new = [values[uuid_at] for values in inserts]
            known.update({uuid: row[0] for uuid, row in self._ours_by_uuid(model, [], new).items()})
            self.our_id_of[model] = known

    def _conflicts(self, model, columns, fields, compared, current, values, counts) -> None:
        record = _describe(columns, current, current[columns.index("uuid")])
        by_column = {f.column_name: f for f in fields if isinstance(f, ForeignKeyField)}
        for i in compared:
            if current[i] != values[i]:
                f = by_column.get(columns[i])
                self.conflicts.append(Conflict(model._meta.table_name, record, columns[i],
                                               self._describe_value(f, current[i]),
                                               self._describe_value(f, values[i])))
        counts.conflicts += 1

    def _merge_deferred(self, model) -> None:
        """Set the keys pointing to later tables (a party group's leader), once all are in."""
        table = model._meta.table_name
        counts = self.counts[table]
        deferred = ownership.deferred_keys(model, self.order)
        columns = [f.column_name for f in deferred]
        rows = self.package.db.execute_sql(
            f'SELECT "uuid", {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"').fetchall()
        ours = self._ours_by_uuid(model, columns, [row[0] for row in rows])
        updates = []
        for row in rows:
            wanted = [self._translate(f, v) for f, v in zip(deferred, row[1:])]
            mine = ours[row[0]]
            current = list(mine[2:])
            if current == wanted:
                continue
            our_id, decision, _ = self.rows_seen[model][row[0]]
            if decision == "kept":
                continue
            if decision == "unchanged":
                counts.unchanged -= 1
                counts.updated += 1
            updates.append([*wanted, mine[0]])
        sets = ", ".join(f'"{c}" = {database.param}' for c in columns)
        if updates:
            database.cursor().executemany(f'UPDATE "{table}" SET {sets} WHERE "id" = {database.param}', updates)

    def _apply_tombstones(self) -> None:
        village_id = self.our_id_of[Village][self.manifest.village_uuid]
        stones = self.package.db.execute_sql('SELECT DISTINCT "table", "row_uuid" FROM "tombstone"').fetchall()
        by_table: dict = {}
        for table, uuid in stones:
            by_table.setdefault(table, []).append(uuid)
        for model in reversed(self.order):  # children first, so that each count is the row's own
            table = model._meta.table_name
            present = self.rows_seen.get(model, {})
            uuids = [u for u in by_table.get(table, ()) if u not in present]
            owner = ownership.owner_sql(model, "t")
            if not uuids or owner is None:
                continue
            doomed = []
            for chunk in chunked(uuids, CHUNK):
                marks = ", ".join([database.param] * len(chunk))
                doomed += [row[0] for row in database.execute_sql(
                    f'SELECT t."id" FROM "{table}" t WHERE t."uuid" IN ({marks}) AND {owner} = {database.param}',
                    (*chunk, village_id))]
            for chunk in chunked(doomed, CHUNK):
                marks = ", ".join([database.param] * len(chunk))
                database.execute_sql(f'DELETE FROM "{table}" WHERE "id" IN ({marks})', chunk)
            self.counts.setdefault(table, TableCounts()).deleted += len(doomed)


def _last_merge(village_uuid: str) -> PackageMerge | None:
    return (PackageMerge.select().where(PackageMerge.village_uuid == village_uuid)
            .order_by(PackageMerge.package_created_at.desc()).first())


def _refuse_same_name(manifest) -> None:
    other = (Village.select().where((Village.name == manifest.village_name)
                                    & (Village.township == manifest.township)
                                    & (Village.uuid != manifest.village_uuid)).first())
    if other is not None:
        raise LianhuError(f"乡镇数据库里已有一个“{manifest.village_name}”，但它不是这个数据包的村"
                          f"（编号不同，可能是另外录入或生成的）。为免重复，未合并：请先改名或删除那个村")


def _merge_opened(package: Package, progress, dry_run: bool) -> MergeResult:
    """Merge an opened package inside the caller's transaction (no savepoint of its own)."""
    manifest = package.manifest
    result = MergeResult(str(package.path), manifest.village_uuid, manifest.village_name,
                         manifest.created_at, "merged", "", dry_run=dry_run,
                         package_uuid=manifest.package_uuid)
    if PackageMerge.select().where(PackageMerge.package_uuid == manifest.package_uuid).exists():
        result.status = "already"
        result.message = f"{manifest.village_name}的这个数据包已经合并过，未作改动"
        return result
    last = _last_merge(manifest.village_uuid)
    if last is not None and manifest.created_at <= last.package_created_at:
        result.status = "older"
        result.message = (f"这个数据包（{_stamp(manifest.created_at)}）比已合并的{manifest.village_name}"
                          f"数据包（{_stamp(last.package_created_at)}）旧，未作改动")
        return result
    _refuse_same_name(manifest)
    merger = _Merger(package, progress)
    try:
        merger.run(last)
    except IntegrityError as error:
        raise LianhuError(f"{manifest.village_name}的数据包与乡镇数据库中已有的记录冲突（{error}），"
                          "整个数据包未合并，数据库未作改动") from error
    result.tables, result.conflicts = merger.counts, merger.conflicts
    PackageMerge.create(
        village_uuid=manifest.village_uuid, village_name=manifest.village_name,
        package_uuid=manifest.package_uuid, package_created_at=manifest.created_at,
        merged_at=now(), schema_version=manifest.schema_version,
        program_version=manifest.program_version,
        summary=json.dumps({t: c.__dict__ for t, c in merger.counts.items()}, ensure_ascii=False))
    total = result.changed
    verb = "将" if dry_run else "已"
    result.message = (f"{manifest.village_name}：{verb}新增、修改、删除共 {total} 条记录"
                      + (f"，{len(result.conflicts)} 处乡镇的修改被村里的值覆盖（见冲突报告）"
                         if result.conflicts else ""))
    return result


def merge_package(path: str | Path, passphrase: str, *, progress=None, dry_run: bool = False) -> MergeResult:
    """Merge one village package into the bound database (see the module docstring).

    ``dry_run`` works out everything and rolls it back: the preview of what a
    merge will change. Raises ``WrongPassphrase``, ``SealBroken`` or
    ``LianhuError``; then nothing is changed.
    """
    package = open_package(path, passphrase)
    try:
        # One transaction and no savepoint inside it: with the temporary store
        # in memory, a savepoint made every write of a big merge 30 times slower.
        try:
            with write_transaction():
                result = _merge_opened(package, progress, dry_run)
                if dry_run:
                    raise _Rollback(result)
        except _Rollback as rollback:
            result = rollback.result
        return result
    finally:
        package.close()


def merge_packages(paths, passphrase: str, *, progress=None, dry_run: bool = False) -> list[MergeResult]:
    """Merge several packages, each in its own transaction, in the order given."""
    results = []
    paths = list(paths)
    for index, path in enumerate(paths):
        def step(done, total, index=index):
            if progress is None:
                return True
            return progress(index * total + done, len(paths) * total)
        results.append(merge_package(path, passphrase, progress=step, dry_run=dry_run))
    return results

