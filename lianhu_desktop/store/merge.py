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

from peewee import IntegrityError

from lianhu_desktop.errors import Cancelled, LianhuError
from lianhu_desktop.store import ballot_agreement, changelog
from lianhu_desktop.store.db import LOAD_CACHE_KIB, page_cache, write_transaction
from lianhu_desktop.store.merge_rows import Conflict, RowMerger, TableCounts, stamp
from lianhu_desktop.store.models import AuditLog, PackageMerge, Village, database, now
from lianhu_desktop.store.package import Manifest, load_package, read_package

__all__ = ["Conflict", "MergeResult", "TableCounts", "merge_package", "merge_packages", "preview_packages"]

# New rows of these tables get no change-log line each (a township receives
# ~600,000 visits; a line each doubled the merge's time and the file's size):
# one audit line per table and package says what arrived. Their history is in
# the village's own database; members, households and links keep their lines.
PAUSED_TABLES = ("visit", "request")
TABLE_LABELS = {
    "village": "村", "grid": "网格", "party_group": "党小组", "post": "岗位", "household": "农户",
    "household_tag": "农户标签", "member": "党员", "link": "联户关系", "visit": "走访记录",
    "request": "诉求", "contact_point": "联系点", "commitment": "承诺", "meeting": "会议",
    "attendance": "出席情况", "meeting_problem": "会议研究问题", "pairing": "结对帮扶",
    "scheme": "考核方案", "item": "考核项目", "appraisal": "民主评议", "score": "考核得分",
    "ballot": "测评票", "ballot_grade": "测评等次", "tally_sheet": "计票单", "tally_row": "计票行",
}
# The per-table figures of a merge, as the preview and the report head them.
COUNT_HEADERS = ("新增", "修改", "删除", "未变", "冲突")


def table_label(table: str) -> str:
    """A table's Chinese name (its own name when it has none)."""
    return TABLE_LABELS.get(table, table)


@dataclass
class MergeResult:
    path: str
    village_uuid: str
    village_name: str
    package_created_at: str
    status: str  # merged, already (this very package), older (older than one merged), refused (preview)
    message: str
    tables: dict = field(default_factory=dict)  # table name → TableCounts
    conflicts: list = field(default_factory=list)
    dry_run: bool = False
    package_uuid: str = ""
    error: BaseException | None = None  # why a preview refused it (``WrongPassphrase`` …)

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


class _Again(Exception):
    """A package of a preview failed half-way: preview the others again without it."""


def _record_in_audit_log(manifest: Manifest, counts: dict) -> None:
    """One line per table the package changed, in the township's 操作记录."""
    operator = changelog.operator(database)
    for table, c in counts.items():
        if c.inserted or c.updated or c.deleted:
            AuditLog.create(
                action="合并数据包", table=table, row_uuid=manifest.village_uuid, operator=operator,
                summary=(f"{manifest.village_name}数据包（{stamp(manifest.created_at)}）的"
                         f"{TABLE_LABELS.get(table, table)}：新增 {c.inserted} 条、修改 {c.updated} 条、"
                         f"删除 {c.deleted} 条" + (f"，{c.conflicts} 条覆盖了乡镇的修改" if c.conflicts else "")))


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


def _merge_read(manifest: Manifest, payload: bytes, path: Path, progress, dry_run: bool) -> MergeResult:
    """Merge a package read by ``read_package`` inside the caller's transaction (no
    savepoint of its own). A package already merged, or older than one merged,
    is told from its manifest, without loading it."""
    result = MergeResult(str(path), manifest.village_uuid, manifest.village_name,
                         manifest.created_at, "merged", "", dry_run=dry_run,
                         package_uuid=manifest.package_uuid)
    if PackageMerge.select().where(PackageMerge.package_uuid == manifest.package_uuid).exists():
        result.status = "already"
        result.message = f"{manifest.village_name}的这个数据包已经合并过，未作改动"
        return result
    last = _last_merge(manifest.village_uuid)
    if last is not None and manifest.created_at <= last.package_created_at:
        result.status = "older"
        result.message = (f"这个数据包（{stamp(manifest.created_at)}）比已合并的{manifest.village_name}"
                          f"数据包（{stamp(last.package_created_at)}）旧，未作改动")
        return result
    _refuse_same_name(manifest)
    package = load_package(manifest, payload, path)
    try:
        merger = RowMerger(package, progress)
        with changelog.row_log_paused(database, PAUSED_TABLES, ("insert",)):
            merger.run(last)
        ballot_agreement.refresh_village(merger.our_id_of[Village][manifest.village_uuid])
    except IntegrityError as error:
        raise LianhuError(f"{manifest.village_name}的数据包与乡镇数据库中已有的记录冲突（{error}），"
                          "整个数据包未合并，数据库未作改动") from error
    finally:
        package.close()
    result.tables, result.conflicts = merger.counts, merger.conflicts
    _record_in_audit_log(manifest, merger.counts)
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
    manifest, payload, path = read_package(path, passphrase)
    # One transaction and no savepoint inside it: with the temporary store in
    # memory, a savepoint made every write of a big merge 30 times slower.
    try:
        with page_cache(LOAD_CACHE_KIB), write_transaction():
            result = _merge_read(manifest, payload, path, progress, dry_run)
            if dry_run:
                raise _Rollback(result)
    except _Rollback as rollback:
        result = rollback.result
    return result


def merge_packages(paths, passphrase: str, *, progress=None, dry_run: bool = False) -> list[MergeResult]:
    """Merge several packages, each in its own transaction, in the order given."""
    paths = list(paths)
    return [merge_package(path, passphrase, progress=_scaled(progress, index, len(paths)), dry_run=dry_run)
            for index, path in enumerate(paths)]


def _scaled(progress, index: int, count: int):
    def step(done, total):
        if progress is None:
            return True
        return progress(index * total + done, count * total)
    return step


def preview_packages(paths, passphrase: str, *, progress=None) -> list[MergeResult]:
    """What merging ``paths`` in this order would change, per package and table.

    All of them are worked out in one transaction, rolled back at the end, so
    that a later package of the same village is previewed after the earlier
    one, as the merge will meet it. A package that cannot be merged (wrong
    passphrase, damaged or tampered with, newer schema, a clash with the
    township's rows) is a result with status ``refused``, its reason in
    ``message`` and ``error``; the others are previewed without it.
    """
    paths = [Path(p) for p in paths]
    refused: dict[int, MergeResult] = {}
    while True:
        results: list[MergeResult] = []
        try:
            with write_transaction():
                for index, path in enumerate(paths):
                    if index in refused:
                        results.append(refused[index])
                        continue
                    try:
                        manifest, payload, full = read_package(path, passphrase)
                    except Cancelled:
                        raise
                    except LianhuError as error:  # nothing written yet
                        refused[index] = _refusal(path, error)
                        results.append(refused[index])
                        continue
                    try:
                        results.append(_merge_read(manifest, payload, full, _scaled(progress, index, len(paths)),
                                                   True))
                    except Cancelled:
                        raise
                    except LianhuError as error:
                        refused[index] = _refusal(full, error, manifest)
                        raise _Again from None
                raise _Rollback(results)
        except _Rollback:
            return results
        except _Again:
            continue


def _refusal(path: Path, error: LianhuError, manifest: Manifest | None = None) -> MergeResult:
    return MergeResult(str(path), manifest.village_uuid if manifest else "",
                       manifest.village_name if manifest else "", manifest.created_at if manifest else "",
                       "refused", str(error), dry_run=True,
                       package_uuid=manifest.package_uuid if manifest else "", error=error)


def merged_package_uuids(uuids) -> set[str]:
    """Which of the packages ``uuids`` this database has merged (after a cancelled merge)."""
    uuids = list(uuids)
    return {row.package_uuid for row in PackageMerge.select(PackageMerge.package_uuid)
            .where(PackageMerge.package_uuid.in_(uuids))} if uuids else set()
