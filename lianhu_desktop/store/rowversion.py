"""Optimistic concurrency: a record saved from a dialog is written only if
nobody else saved it since the dialog loaded it.

Several clerks may work on one database. Every table has an integer
``row_version`` (schema 14) that each write moves on by one. A dialog keeps
what it loaded (``load`` → ``Loaded``: the version and the values it shows)
and hands it to the domain's save; the write is then one atomic
``UPDATE … SET …, row_version = row_version + 1 WHERE id = ? AND
row_version = ?`` (``BaseModel.save``, ``update``, ``claim``). No row
updated means someone else was first: ``StaleRecord`` is raised inside the
caller's transaction, so nothing of the save is kept, and its Chinese
message lists field by field what the other clerk changed (their value and
the value the dialog started from) and, from the change log, who and when.

Saves without a ``Loaded`` (scripts, imports) check against the version of
the instance they fetched, which catches a change between that read and the
write; bulk query updates move the version on with ``bumped``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, Mapping

from lianhu_desktop.errors import NotFoundError, StaleRecord
from lianhu_desktop.store import models
from lianhu_desktop.store.models import ChangeLog, now

# The fields a clerk edits, by table: (field name, Chinese label). The
# audited tables' labels are those of their change-log triggers; derived
# columns (pinyin keys, sort keys, date precisions) are left out: they change
# with the field they come from.
LABELS: dict[str, tuple[tuple[str, str], ...]] = {
    "village": (("name", "村名"), ("branch_name", "党支部名称"), ("township", "所属乡镇"),
                ("secretary", "党支部书记"), ("supervision_phone", "监督电话"),
                ("link_min", "每名党员最少联系户数"), ("link_max", "每名党员最多联系户数"),
                ("sort_order", "排列顺序"), ("notes", "备注")),
    "grid": (("name", "网格名称"), ("sort_order", "排列顺序"), ("notes", "备注")),
    "party_group": (("name", "党小组名称"), ("kind", "类型"), ("leader", "组长"), ("notes", "备注")),
    "post": (("name", "岗位名称"), ("duties", "岗位职责"), ("notes", "备注")),
    "member": (("village", "村"), ("name", "姓名"), ("gender", "性别"), ("ethnicity", "民族"),
               ("birth_date", "出生日期"), ("id_number", "身份证号码"), ("phone", "联系电话"),
               ("education", "文化程度"), ("join_date", "入党时间"), ("confirm_date", "转正时间"),
               ("membership", "党员身份"), ("residence", "居住情况"), ("migrant_place", "外出地点"),
               ("party_group", "党小组"), ("post", "岗位"), ("tier", "考核类别"), ("skills", "特长"),
               ("home_grid", "所在网格"), ("household", "所在农户"), ("address", "家庭住址"),
               ("is_committee", "是否支委"), ("link_exempt", "免于联户"), ("notes", "备注"),
               ("archived", "已归档"), ("archived_on", "归档日期"), ("archive_reason", "归档原因")),
    "household": (("village", "村"), ("grid", "所在网格"), ("door_number", "门牌号"), ("head_name", "户主姓名"),
                  ("head_id_number", "户主身份证号码"), ("phone", "联系电话"), ("address", "家庭住址"),
                  ("size", "家庭人口"), ("work_place", "务工地点"), ("industry_association", "产业协会"),
                  ("notes", "备注"), ("archived", "已归档"), ("archived_on", "归档日期"),
                  ("archive_reason", "归档原因")),
    "link": (("member", "联户党员"), ("household", "农户"), ("mode", "联户模式"), ("start_date", "开始日期"),
             ("end_date", "结束日期"), ("end_reason", "结束原因")),
    "visit": (("member", "党员"), ("household", "农户"), ("date", "日期"), ("form", "形式"),
              ("duties", "职责（八个到位）"), ("content", "内容")),
    "request": (("household", "农户"), ("member", "党员"), ("category", "类别"), ("content", "内容"),
                ("raised_on", "提出日期"), ("handling", "办理方式"), ("department", "承办部门"),
                ("deadline", "办理时限"), ("status", "状态"), ("result", "办理结果"), ("done_on", "办结日期"),
                ("feedback_on", "反馈日期"), ("satisfaction", "满意度")),
    "commitment": (("member", "党员"), ("year", "年度"), ("content", "承诺内容"), ("deadline", "完成时限"),
                   ("quality_standard", "质量标准"), ("status", "进展情况"), ("result", "完成情况")),
    "meeting": (("date", "日期"), ("kind", "会议类型"), ("topic", "主题"), ("notes", "会议记录")),
    "pairing": (("member", "帮扶党员"), ("household", "帮扶农户"), ("year", "年度"), ("goals", "帮扶目标"),
                ("measures", "帮扶措施"), ("due_date", "完成时限"), ("review_note", "年终评议"),
                ("outcome", "帮扶成效")),
    "scheme": (("name", "方案名称"), ("tier", "考核类别"), ("year", "年度"), ("version", "版本"),
               ("frozen_at", "冻结时间")),
    "score": (("member", "党员"), ("item", "考核项目"), ("tenths", "得分"), ("note", "理由")),
    "appraisal": (("date", "评议日期"), ("status", "状态"), ("thresholds", "等次分数线"),
                  ("expected", "应到人数"), ("present", "实到人数"), ("ballots_issued", "发出票数"),
                  ("rules", "计票规则")),
}

# What a record is called in a message: its kind and the field(s) naming it.
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "village": ("村", ("name",)), "grid": ("网格", ("name",)), "party_group": ("党小组", ("name",)),
    "post": ("岗位", ("name",)), "member": ("党员", ("name",)), "household": ("农户", ("head_name",)),
    "link": ("联户关系", ("member", "household")), "visit": ("走访记录", ("date", "member", "household")),
    "request": ("诉求", ("household", "content")), "commitment": ("承诺", ("member", "year")),
    "meeting": ("会议记录", ("date", "kind")), "pairing": ("结对帮扶", ("member", "household", "year")),
    "scheme": ("考核方案", ("name",)), "score": ("考核评分", ("member", "item")),
    "appraisal": ("民主评议", ("year",)),
}

# The field showing a referenced row by name.
_NAME_FIELD = {"household": "head_name"}
_EMPTY = "（空）"


# Rows a dialog edits with its record, as that record's parts: (name, label, reader) by table; the
# reader gives the row's entries now (a household's tags, a meeting's attendance, …). A save moves
# the record's version on whatever part it changed, so a refusal names the parts changed too.
def _tags(household_id: int) -> tuple[str, ...]:
    return tuple(sorted(tag for (tag,) in models.HouseholdTag.select(models.HouseholdTag.tag)
                        .where(models.HouseholdTag.household == household_id).tuples()))


def _attendance(meeting_id: int) -> tuple[str, ...]:
    rows = (models.Attendance.select(models.Member.name, models.Attendance.status)
            .join(models.Member).where(models.Attendance.meeting == meeting_id).tuples())
    return tuple(sorted(f"{name}：{status}" for name, status in rows))


def _problems(meeting_id: int) -> tuple[str, ...]:
    rows = (models.MeetingProblem.select(models.MeetingProblem.content)
            .where(models.MeetingProblem.meeting == meeting_id)
            .order_by(models.MeetingProblem.sort_order, models.MeetingProblem.id).tuples())
    return tuple(content for (content,) in rows)


def _items(scheme_id: int) -> tuple[str, ...]:
    rows = (models.Item.select(models.Item.name, models.Item.max_tenths, models.Item.criteria)
            .where(models.Item.scheme == scheme_id).order_by(models.Item.sort_order, models.Item.id).tuples())
    return tuple(f"{name} {tenths / 10:g} 分" + (f"（{criteria}）" if criteria else "")
                 for name, tenths, criteria in rows)


PARTS: dict[str, tuple[tuple[str, str, Any], ...]] = {
    "household": (("tags", "标签", _tags),),
    "meeting": (("attendance", "出席情况", _attendance), ("problems", "研究的问题", _problems)),
    "scheme": (("items", "考核项目", _items),),
}


def _values(row) -> dict[str, Any]:
    """A row's columns and its parts (``PARTS``), as a dialog's load and a refusal compare them."""
    table = row._meta.table_name
    return dict(row.__data__) | {name: reader(row._pk) for name, _label, reader in PARTS.get(table, ())}


@dataclass(frozen=True)
class Loaded:
    """One row as a dialog loaded it: the version to save against and the
    values it started from (field name → stored value)."""

    table: str
    row_id: int
    version: int
    values: Mapping[str, Any] = field(default_factory=dict, compare=False)
    log_mark: int = 0  # the change log's last line when loaded


def _log_mark() -> int:
    return ChangeLog.select(ChangeLog.id).order_by(ChangeLog.id.desc()).limit(1).scalar() or 0


def of(row) -> Loaded:
    """What ``row`` (an instance just fetched, every column) holds now."""
    return Loaded(row._meta.table_name, row._pk, row.__data__["row_version"], _values(row), _log_mark())


def load(model, row_id: int, missing: str | None = None) -> Loaded:
    """The row ``row_id`` of ``model`` as it is now, for a dialog to keep;
    ``missing`` is the message when it no longer exists."""
    mark = _log_mark()
    row = model.get_or_none(model._meta.primary_key == row_id)
    if row is None:
        raise NotFoundError(missing or f"该{KINDS.get(model._meta.table_name, ('记录',))[0]}不存在或已被删除")
    return Loaded(model._meta.table_name, row_id, row.row_version, _values(row), mark)


def _check_target(model, row_id: int, loaded: Loaded) -> None:
    if loaded.table != model._meta.table_name or loaded.row_id != row_id:
        raise ValueError(f"loaded {loaded.table}#{loaded.row_id} is not {model._meta.table_name}#{row_id}")


def expect(row, loaded: Loaded | None):
    """Make the next ``row.save()`` write only if the row is still as ``loaded``
    (no-op for None: then the version ``row`` was fetched with is checked)."""
    if loaded is not None:
        _check_target(type(row), row._pk, loaded)
        row.row_version = loaded.version
        row._loaded = loaded
    return row


def guarded_save(row, save, only):
    """``BaseModel.save`` of an existing row (see there)."""
    model = type(row)
    row.updated_at = now()
    if only is not None:
        only = [*only, model.updated_at, model.row_version]
    expected = row.__data__.get("row_version")
    if expected is None:  # fetched without the column: moved on, unchecked
        row.__data__["row_version"] = model.row_version + 1
        try:
            return save(only=only)
        finally:
            row.__data__.pop("row_version", None)
    row.row_version = expected + 1
    row._expected_version = expected
    try:
        rows = save(only=only)
    except BaseException:
        row.row_version = expected
        raise
    finally:
        row._expected_version = None
    loaded = row.__dict__.pop("_loaded", None)
    if rows == 0:
        row.row_version = expected
        raise stale(model, row._pk, loaded or Loaded(model._meta.table_name, row._pk, expected))
    return rows


def bumped(model, values: Mapping[str, Any] | None = None) -> dict:
    """``values`` for a query ``model.update(**…)`` that also moves the version on and stamps the time."""
    return {**(values or {}), "updated_at": now(), "row_version": model.row_version + 1}


def update(model, row_id: int, values: Mapping[str, Any], loaded: Loaded | None) -> int:
    """``UPDATE model SET values WHERE id = row_id [AND row_version = loaded.version]``,
    moving the version on; ``StaleRecord`` if the row is not (or no longer) as loaded."""
    where = model._meta.primary_key == row_id
    if loaded is not None:
        _check_target(model, row_id, loaded)
        where &= model.row_version == loaded.version
    rows = model.update(**bumped(model, values)).where(where).execute()
    if rows == 0:
        raise stale(model, row_id, loaded or Loaded(model._meta.table_name, row_id, -1))
    return rows


def claim(model, row_id: int, loaded: Loaded | None) -> None:
    """Take the row for a write of several statements (a delete, a save that
    also writes related rows): moves the version on if it is still as
    ``loaded``, else ``StaleRecord``. Call inside the write's transaction,
    first. With ``loaded`` None only a missing row is refused."""
    update(model, row_id, {}, loaded)


# ---------------------------------------------------------------- the message


def _shown(model, name: str, value) -> str:
    if value is None or value == "":
        return _EMPTY
    column = model._meta.fields.get(name)
    if isinstance(column, models.ForeignKeyField):
        target = column.rel_model
        label = _NAME_FIELD.get(target._meta.table_name, "name")
        shown = target.select(getattr(target, label)).where(target._meta.primary_key == value).scalar() \
            if label in target._meta.fields else None
        return shown or f"（编号 {value}）"
    if isinstance(value, bool) or isinstance(column, models.BooleanField):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return f"{value:%Y-%m-%d %H:%M:%S}"
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m-%d}"
    if name == "tenths" and isinstance(value, int):
        return f"{value / 10:g} 分"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "……"


def describe(model, values: Mapping[str, Any]) -> str:
    """A record in words: 党员“张三”, 走访记录“2026-11-02 张三 李四”."""
    kind, naming = KINDS.get(model._meta.table_name, ("记录", ()))
    parts = [_shown(model, name, values.get(name)) for name in naming if values.get(name) not in (None, "")]
    return f"{kind}“{' '.join(parts)}”" if parts else kind


def _field_changes(model, before: Mapping[str, Any], after: Mapping[str, Any]) -> list[tuple[str, str, str]]:
    """(label, value after, value before) of the labelled fields that differ."""
    return [(label, _shown(model, name, after.get(name)), _shown(model, name, before.get(name)))
            for name, label in LABELS.get(model._meta.table_name, ())
            if name in before and before.get(name) != after.get(name)]


def _joined(part: tuple[str, tuple, tuple]) -> tuple[str, str, str]:
    """A part's change as a field's is given: (label, entries after, entries before), "、"-joined."""
    label, theirs, mine = part
    return label, "、".join(theirs) or _EMPTY, "、".join(mine) or _EMPTY


def _part_changes(table: str, before: Mapping[str, Any], after: Mapping[str, Any]):
    """(label, entries after, entries before) of the parts that differ."""
    for name, label, _reader in PARTS.get(table, ()):
        if name in before and tuple(before[name]) != tuple(after.get(name, ())):
            yield label, tuple(after.get(name, ())), tuple(before[name])


def _part_line(label: str, theirs: tuple, mine: tuple) -> str:
    """A part's change in words: the entries the other clerk added and removed (or reordered)."""
    added, removed = [e for e in theirs if e not in mine], [e for e in mine if e not in theirs]
    said = []
    if added:
        said.append(f"加上“{_clipped('、'.join(added))}”")
    if removed:
        said.append(f"去掉“{_clipped('、'.join(removed))}”")
    return f"  {label}：对方" + ("，".join(said) if said else "调整了顺序")


def _clipped(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "……"


def _who_when(model, row_id: int, loaded: Loaded, current: Mapping[str, Any]) -> str:
    line = (ChangeLog.select(ChangeLog.operator, ChangeLog.at)
            .where((ChangeLog.table == model._meta.table_name) & (ChangeLog.row_id == row_id)
                   & (ChangeLog.id > loaded.log_mark))
            .order_by(ChangeLog.id.desc()).first()) if loaded.values else None  # else: not loaded by a dialog
    if line is not None:
        who = f"操作人“{line.operator}”，" if line.operator else ""
        return f"（{who}{_shown(model, 'at', line.at)}）"
    when = current.get("updated_at")
    return f"（{_shown(model, 'updated_at', when)}）" if when else ""


def stale(model, row_id: int, loaded: Loaded) -> StaleRecord:
    """The refusal of a write against ``loaded``: the record deleted, or what changed."""
    row = model.get_or_none(model._meta.primary_key == row_id)
    if row is None:
        what = describe(model, loaded.values) if loaded.values else f"该{KINDS.get(loaded.table, ('记录',))[0]}"
        return StaleRecord(f"{what}已被其他用户删除，刚才的修改没有保存。", deleted=True)
    current = _values(row)
    what = describe(model, loaded.values or current)
    field_changes = _field_changes(model, loaded.values, current) if loaded.values else []
    parts = list(_part_changes(model._meta.table_name, loaded.values, current)) if loaded.values else []
    changes = field_changes + [_joined(part) for part in parts]
    lines = [f"{what}在您打开之后已被其他用户修改{_who_when(model, row_id, loaded, current)}，"
             "为免覆盖对方的修改，刚才的保存没有进行。"]
    if changes:
        lines.append("对方修改了：")
        lines += [f"  {label}：对方改为“{theirs}”，您打开时为“{mine}”" for label, theirs, mine in field_changes]
        lines += [_part_line(*part) for part in parts]
    elif loaded.values:
        lines.append("对方保存了这条记录，但看不出改动了哪些内容（可能只是重新保存），请重新载入后查看。")
    lines.append("您在窗口中的输入仍然保留。请重新载入最新内容，再把您的修改填上后保存。")
    return StaleRecord("\n".join(lines), changes=changes)


def refuse_changed(subject: str, fields) -> None:
    """Refuse a save of some of a record's fields that someone else changed since the form showed them.

    For forms that edit a few fields of a shared row (a year's thresholds, its
    meeting figures, its counting rules) and should not be stopped by a change
    to the row's other fields: ``fields`` are (label, value now, value shown)
    as text; call inside the write's transaction, before writing. Raises
    ``StaleRecord`` listing the fields changed, nothing written."""
    changes = [(label, now_text, shown_text) for label, now_text, shown_text in fields if now_text != shown_text]
    if not changes:
        return
    lines = [f"{subject}在您打开之后已被其他用户修改，为免覆盖对方的修改，刚才的保存没有进行。", "对方修改了："]
    lines += [f"  {label}：对方改为“{theirs}”，您打开时为“{mine}”" for label, theirs, mine in changes]
    lines.append("您在窗口中的输入仍然保留。请重新载入最新内容，再把您的修改填上后保存。")
    raise StaleRecord("\n".join(lines), changes=changes)
