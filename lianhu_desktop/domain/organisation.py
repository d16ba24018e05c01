"""A village's organisation: grids (网格), party groups (党小组) with leader, posts (设岗定责).

Create, rename/update and delete per village; deleting is refused while the
row is in use, with a message saying by how many.
"""

from __future__ import annotations

from dataclasses import dataclass

from peewee import JOIN, fn

from lianhu_desktop.domain import audit, vocab
from lianhu_desktop.domain.members import normalize_choice, text
from lianhu_desktop.domain.rules import household_is_active, member_is_active
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Grid, Household, Member, PartyGroup, Post, Village, database

LABELS = {Grid: "网格", PartyGroup: "党小组", Post: "岗位"}


@dataclass(frozen=True)
class OrgRow:
    """One grid, party group or post with how many use it."""

    id: int
    name: str
    members: int
    households: int = 0
    kind: str = ""
    leader_id: int | None = None
    leader_name: str = ""
    duties: str = ""


def _clean_name(model, village_id: int, name: str, row_id: int | None = None) -> str:
    label = LABELS[model]
    name = "".join(text(name).split())
    if not name:
        raise ValidationError(f"请填写{label}名称", field="name")
    if len(name) > 30:
        raise ValidationError(f"{label}名称过长：{name}", field="name")
    query = model.select().where((model.village == village_id) & (model.name == name))
    if row_id is not None:
        query = query.where(model.id != row_id)
    if query.exists():
        raise ValidationError(f"本村已有名为“{name}”的{label}", field="name")
    return name


def _village(village_id: int) -> int:
    if not Village.select().where(Village.id == village_id).exists():
        raise NotFoundError("该村不存在")
    return village_id


def _get(model, row_id: int):
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFoundError(f"该{LABELS[model]}不存在或已被删除")
    return row


def _member_counts(column) -> dict[int, int]:
    return dict(Member.select(column, fn.COUNT(Member.id))
                .where(member_is_active()).group_by(column).tuples())


# --- grids -----------------------------------------------------------------

def list_grids(village_id: int) -> list[OrgRow]:
    """The village's grids in display order, with member and household counts."""
    members = _member_counts(Member.home_grid)
    households = dict(Household.select(Household.grid, fn.COUNT(Household.id))
                      .where(household_is_active())
                      .group_by(Household.grid).tuples())
    rows = Grid.select(Grid.id, Grid.name).where(Grid.village == village_id)
    return [OrgRow(g, n, members.get(g, 0), households.get(g, 0))
            for g, n in rows.order_by(Grid.sort_order, Grid.id).tuples()]


def create_grid(village_id: int, name: str) -> Grid:
    name = _clean_name(Grid, _village(village_id), name)
    with database.atomic():
        order = Grid.select(fn.MAX(Grid.sort_order)).where(Grid.village == village_id).scalar()
        grid = Grid.create(village=village_id, name=name, sort_order=(order or 0) + 1)
        audit.record("新增网格", grid, f"新增网格“{name}”")
    return grid


def load_row(model, row_id: int) -> Loaded:
    """A grid's, party group's or post's version and values now, for a dialog to save against."""
    return rowversion.load(model, row_id, f"该{LABELS[model]}不存在或已被删除")


def _deleted(model, row_id: int):
    row = model.get_or_none(model.id == row_id)
    if row is None:
        raise NotFoundError(f"该{LABELS[model]}已被删除（可能是其他用户刚删除的），无需再删")
    return row


def rename_grid(grid_id: int, name: str, loaded: Loaded | None = None) -> Grid:
    grid = _get(Grid, grid_id)
    old, grid.name = grid.name, _clean_name(Grid, grid.__data__["village"], name, grid_id)
    with database.atomic():
        rowversion.expect(grid, loaded).save()
        audit.record("修改网格", grid, f"网格“{old}”改名为“{grid.name}”")
    return grid


def delete_grid(grid_id: int, loaded: Loaded | None = None) -> None:
    grid = _deleted(Grid, grid_id)
    households = Household.select().where(Household.grid == grid_id).count()
    members = Member.select().where(Member.home_grid == grid_id).count()
    if households or members:
        parts = [f"{households} 户农户" if households else "", f"{members} 名党员" if members else ""]
        raise ValidationError(f"网格“{grid.name}”中还有{'、'.join(p for p in parts if p)}，不能删除；"
                              "请先把它们调到其他网格")
    with database.atomic():
        rowversion.claim(Grid, grid_id, loaded or rowversion.of(grid))
        audit.record("删除网格", grid, f"删除网格“{grid.name}”")
        grid.delete_instance()


# --- party groups ----------------------------------------------------------

def _check_leader(village_id: int, leader_id: int | None) -> None:
    if leader_id is None:
        return
    row = Member.select(Member.village, Member.archived).where(Member.id == leader_id).tuples().first()
    if row is None:
        raise ValidationError("所选组长不存在", field="leader_id")
    if row[0] != village_id:
        raise ValidationError("组长必须是本村党员", field="leader_id")
    if row[1]:
        raise ValidationError("组长不能是已归档的党员", field="leader_id")


def list_party_groups(village_id: int) -> list[OrgRow]:
    """The village's party groups with kind, leader and member count."""
    members = _member_counts(Member.party_group)
    leader = Member.alias()
    rows = (PartyGroup.select(PartyGroup.id, PartyGroup.name, PartyGroup.kind, leader.id, leader.name)
            .join(leader, JOIN.LEFT_OUTER, on=(PartyGroup.leader == leader.id))
            .where(PartyGroup.village == village_id).order_by(PartyGroup.id).tuples())
    return [OrgRow(g, n, members.get(g, 0), kind=k, leader_id=lid, leader_name=ln or "")
            for g, n, k, lid, ln in rows]


def _names(model, village_id: int | None) -> list[str]:
    """The names of the village's (None: every village's) rows of ``model``, each once, in the
    lists' order: village by village, then as created. One query for the whole township."""
    query = (model.select(model.name).join(Village, on=(model.village == Village.id))
             .order_by(Village.sort_order, Village.id, model.id).tuples())
    if village_id is not None:
        query = query.where(model.village == village_id)
    return list(dict.fromkeys(name for (name,) in query))


def party_group_names(village_id: int | None) -> list[str]:
    """The party groups' names (the roster's 党小组 filter; "全部村" names each once)."""
    return _names(PartyGroup, village_id)


def post_names(village_id: int | None) -> list[str]:
    """The posts' names (the roster's 岗位 filter; "全部村" names each once)."""
    return _names(Post, village_id)


def create_party_group(village_id: int, name: str, kind: str = "其他",
                       leader_id: int | None = None) -> PartyGroup:
    name = _clean_name(PartyGroup, _village(village_id), name)
    kind = normalize_choice(kind, vocab.PARTY_GROUP_KINDS, field="kind", label="党小组类型",
                            default="其他")
    _check_leader(village_id, leader_id)
    with database.atomic():
        group = PartyGroup.create(village=village_id, name=name, kind=kind, leader=leader_id)
        audit.record("新增党小组", group, f"新增党小组“{name}”")
    return group


_UNCHANGED = object()


def update_party_group(group_id: int, *, name: str | None = None, kind: str | None = None,
                       leader_id=_UNCHANGED, loaded: Loaded | None = None) -> PartyGroup:
    """Rename, change kind or leader (``leader_id=None`` clears the leader);
    refused if someone else saved the group since ``loaded``."""
    group = _get(PartyGroup, group_id)
    village_id = group.__data__["village"]
    if name is not None:
        group.name = _clean_name(PartyGroup, village_id, name, group_id)
    if kind is not None:
        group.kind = normalize_choice(kind, vocab.PARTY_GROUP_KINDS, field="kind",
                                      label="党小组类型", default="其他")
    if leader_id is not _UNCHANGED:
        _check_leader(village_id, leader_id)
        group.leader = leader_id
    with database.atomic():
        rowversion.expect(group, loaded).save()
        audit.record("修改党小组", group, f"修改党小组“{group.name}”")
    return group


def delete_party_group(group_id: int, loaded: Loaded | None = None) -> None:
    group = _deleted(PartyGroup, group_id)
    count = Member.select().where(Member.party_group == group_id).count()
    if count:
        raise ValidationError(f"党小组“{group.name}”还有 {count} 名党员，不能删除；请先把他们调到其他党小组")
    with database.atomic():
        rowversion.claim(PartyGroup, group_id, loaded or rowversion.of(group))
        audit.record("删除党小组", group, f"删除党小组“{group.name}”")
        group.delete_instance()


# --- posts -----------------------------------------------------------------

def list_posts(village_id: int) -> list[OrgRow]:
    """The village's posts with duties and member count."""
    members = _member_counts(Member.post)
    rows = (Post.select(Post.id, Post.name, Post.duties).where(Post.village == village_id)
            .order_by(Post.id).tuples())
    return [OrgRow(p, n, members.get(p, 0), duties=d) for p, n, d in rows]


def create_post(village_id: int, name: str, duties: str = "") -> Post:
    name = _clean_name(Post, _village(village_id), name)
    with database.atomic():
        post = Post.create(village=village_id, name=name, duties=(duties or "").strip())
        audit.record("新增岗位", post, f"新增岗位“{name}”")
    return post


def update_post(post_id: int, *, name: str | None = None, duties: str | None = None,
                loaded: Loaded | None = None) -> Post:
    post = _get(Post, post_id)
    if name is not None:
        post.name = _clean_name(Post, post.__data__["village"], name, post_id)
    if duties is not None:
        post.duties = duties.strip()
    with database.atomic():
        rowversion.expect(post, loaded).save()
        audit.record("修改岗位", post, f"修改岗位“{post.name}”")
    return post


def delete_post(post_id: int, loaded: Loaded | None = None) -> None:
    post = _deleted(Post, post_id)
    count = Member.select().where(Member.post == post_id).count()
    if count:
        raise ValidationError(f"岗位“{post.name}”还有 {count} 名党员在岗，不能删除；请先调整他们的岗位")
    with database.atomic():
        rowversion.claim(Post, post_id, loaded or rowversion.of(post))
        audit.record("删除岗位", post, f"删除岗位“{post.name}”")
        post.delete_instance()


# --- for importers ---------------------------------------------------------

def name_ids(model, village_id: int) -> dict[str, int]:
    """Name → id of a village's grids, party groups or posts."""
    return dict(model.select(model.name, model.id).where(model.village == village_id).tuples())


def create_missing(model, village_id: int, names) -> dict[str, int]:
    """Create the named grids/groups/posts the village lacks (inside the caller's
    transaction); return name → id for all of ``names``."""
    known = name_ids(model, village_id)
    order = None
    for name in names:
        if name in known:
            continue
        extra = {}
        if model is Grid:
            if order is None:
                order = Grid.select(fn.MAX(Grid.sort_order)).where(Grid.village == village_id).scalar() or 0
            order += 1
            extra["sort_order"] = order
        row = model.create(village=village_id, name=name, **extra)
        audit.record(f"导入时新增{LABELS[model]}", row, f"导入时新增{LABELS[model]}“{name}”")
        known[name] = row.id
    return known
