"""Merging one package's rows: matched by uuid, keys translated, who wins decided.

The rules are in ``store.merge``'s docstring; this is the engine it runs inside
its transaction, generic over ``ownership.carried_models``.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import ForeignKeyField, chunked

from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.store import ownership
from lianhu_desktop.store.models import PackageMerge, Village, database
from lianhu_desktop.store.package import Package

CHUNK = 500
# Columns that describe a row in the conflict report, first found wins.
_DESCRIBING = ("name", "head_name", "topic", "tag", "content", "serial", "key", "date", "year")
# Columns derived from other rows: not carried nor compared, but computed again
# once the package is in (``store.merge``: a ballot's two entries may come from
# different packages, so only the merged rows can say whether they agree).
DERIVED_COLUMNS = {"ballot": ("agrees",)}


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


def stamp(text: str) -> str:
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


class RowMerger:
    """Merge the rows of one opened package into the bound database (in the caller's transaction)."""

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
        since_village = stamp(last.package_created_at) if last else None
        since_township = stamp(str(last.merged_at)) if last else None
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
        # A row's version counts this database's writes: never copied, moved on by an update.
        skip = ({f.column_name for f in deferred}
                | {"id", "row_version", *DERIVED_COLUMNS.get(model._meta.table_name, ())})
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
        first_id = self._next_id(table)
        for chunk in chunked(inserts, 5000):
            cursor.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', chunk)
        sets = ", ".join(f'"{c}" = {database.param}' for c in columns) + ', "row_version" = "row_version" + 1'
        for chunk in chunked(updates, 5000):
            cursor.executemany(f'UPDATE "{table}" SET {sets} WHERE "id" = {database.param}', chunk)
        if model in self.targets or deferred:
            known = {uuid: entry[0] for uuid, entry in seen.items() if entry[0] is not None}
            known.update(self._inserted_ids(model, first_id, [values[uuid_at] for values in inserts]))
            self.our_id_of[model] = known

    @staticmethod
    def _next_id(table: str) -> int:
        return database.execute_sql(f'SELECT COALESCE(MAX("id"), 0) + 1 FROM "{table}"').fetchone()[0]

    def _inserted_ids(self, model, first_id: int, uuids: list[str]) -> dict:
        """uuid → our id of the rows just inserted. SQLite gives a new row the
        largest id plus one, so they are ``first_id`` onwards in order; checked
        at both ends, else looked up."""
        if not uuids:
            return {}
        table = model._meta.table_name
        ends = dict(database.execute_sql(
            f'SELECT "id", "uuid" FROM "{table}" WHERE "id" IN ({database.param}, {database.param})',
            (first_id, first_id + len(uuids) - 1)).fetchall())
        if ends.get(first_id) == uuids[0] and ends.get(first_id + len(uuids) - 1) == uuids[-1] \
                and self._next_id(table) == first_id + len(uuids):
            return dict(zip(uuids, range(first_id, first_id + len(uuids))))
        return {uuid: row[0] for uuid, row in self._ours_by_uuid(model, [], uuids).items()}

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
        sets = ", ".join(f'"{c}" = {database.param}' for c in columns) + ', "row_version" = "row_version" + 1'
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
