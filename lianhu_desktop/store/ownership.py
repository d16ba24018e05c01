"""Which rows belong to a village: the ownership rules packages and merges share.

Derived from ``models.ALL_MODELS`` and their foreign keys, never listed table
by table, so that a table added later travels in packages without code here:

* a table is *carried* (a package holds its rows) when one of its foreign keys
  leads to ``Village``, or when a carried table points to it;
* the tables in ``LOCAL_MODELS`` stay in their own database, each for the
  reason given; every other table must be carried (a test checks that each
  model is one or the other).

A row's owner is the village its foreign-key path leads to (``owner_sql``);
a row reached only because an owned row points to it (the default appraisal
scheme, ``village`` NULL, behind a village's scores) travels with it.
"""

from __future__ import annotations

from peewee import ForeignKeyField

from lianhu_desktop.store import models
from lianhu_desktop.store.models import ALL_MODELS, Village

# Tables that never travel, and why.
LOCAL_MODELS = {
    models.Setting: "本机的设置（文件夹、操作人、密码）只属于这台电脑",
    models.AuditLog: "每个数据库保留自己的操作记录；合并本身记入乡镇的操作记录",
    models.ChangeLog: "每个数据库保留自己的修改记录；合并本身记入乡镇的修改记录",
    models.PrintLog: "打印记录只属于打印它的那台电脑",
    models.Tombstone: "删除记录只以行的编号随数据包传递，不作为数据行",
    models.PackageMerge: "乡镇自己的合并记录",
}


def foreign_keys(model) -> list[ForeignKeyField]:
    return [f for f in model._meta.sorted_fields if isinstance(f, ForeignKeyField)]


def _owner_paths(all_models) -> dict:
    """model → the foreign key leading towards ``Village`` (None for Village itself)."""
    paths: dict = {Village: None}
    changed = True
    while changed:
        changed = False
        for model in all_models:
            if model in paths or model in LOCAL_MODELS:
                continue
            candidates = [f for f in foreign_keys(model) if f.rel_model in paths and f.rel_model is not model]
            if not candidates:
                continue
            # The village column if there is one, else a required key, else any.
            candidates.sort(key=lambda f: (f.rel_model is not Village, f.null))
            paths[model] = candidates[0]
            changed = True
    return paths


def carried_models(all_models=None) -> list:
    """The tables a package carries, in ``ALL_MODELS`` order (parents first)."""
    all_models = ALL_MODELS if all_models is None else all_models
    carried = set(_owner_paths(all_models))
    changed = True
    while changed:
        changed = False
        for model in list(carried):
            for f in foreign_keys(model):
                if f.rel_model not in carried and f.rel_model not in LOCAL_MODELS:
                    carried.add(f.rel_model)
                    changed = True
    return [m for m in all_models if m in carried]


def owner_field(model):
    """The foreign key of ``model`` that leads to its village (None: Village, or no owner)."""
    return _owner_paths(ALL_MODELS).get(model)


def owner_sql(model, alias: str, depth: int = 0) -> str | None:
    """SQL giving the id of the village that owns the row ``alias`` of ``model``.

    Portable SQL (correlated sub-selects). None when the table has no path
    to a village (it is carried only when an owned row points to it).
    """
    if model is Village:
        return f'{alias}."id"'
    paths = _owner_paths(ALL_MODELS)
    if model not in paths:
        return None
    f = paths[model]
    if f.rel_model is Village:
        return f'{alias}."{f.column_name}"'
    inner = f"o{depth}"
    value = owner_sql(f.rel_model, inner, depth + 1)
    return (f'(SELECT {value} FROM "{f.rel_model._meta.table_name}" {inner} '
            f'WHERE {inner}."id" = {alias}."{f.column_name}")')


def deferred_keys(model, order: list) -> list[ForeignKeyField]:
    """Foreign keys of ``model`` pointing to a table later in ``order`` (or to itself):
    set after every table is in place (a party group's leader is a member)."""
    position = {m: i for i, m in enumerate(order)}
    here = position[model]
    return [f for f in foreign_keys(model) if position.get(f.rel_model, -1) >= here]
