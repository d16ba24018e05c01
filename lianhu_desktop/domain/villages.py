"""Villages (村 / 党支部): create, list, find by name."""

from __future__ import annotations

from dataclasses import dataclass

from lianhu_desktop.domain import audit
from lianhu_desktop.domain.vocab import DEFAULT_LINK_MAX, DEFAULT_LINK_MIN, DEFAULT_POSTS
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store.models import Grid, Post, Village, database

GRID_NAMES = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组",
              "十一组", "十二组", "十三组", "十四组", "十五组", "十六组")


@dataclass(frozen=True)
class VillageRow:
    id: int
    name: str
    township: str
    branch_name: str


def list_villages() -> list[VillageRow]:
    """All villages, in their display order."""
    query = (Village.select(Village.id, Village.name, Village.township, Village.branch_name)
             .order_by(Village.sort_order, Village.id).tuples())
    return [VillageRow(*row) for row in query]


def find_village(name: str) -> Village:
    """The village called ``name``; a clear error when there is none or several."""
    matches = list(Village.select().where(Village.name == name.strip()))
    if not matches:
        known = "、".join(v.name for v in list_villages()) or "（尚无村）"
        raise NotFoundError(f"没有名为“{name}”的村。现有：{known}")
    if len(matches) > 1:
        raise ValidationError(f"有 {len(matches)} 个村都叫“{name}”（分属不同乡镇），请在界面中选择")
    return matches[0]


def create_village(name: str, *, township: str = "", branch_name: str = "", secretary: str = "",
                   supervision_phone: str = "", grids: int = 0, default_posts: bool = True) -> Village:
    """Create a village with its branch, optionally ``grids`` numbered grids and the default posts."""
    from lianhu_desktop.domain.validation import check_phone

    name = name.strip()
    if not name:
        raise ValidationError("请填写村名", field="name")
    if Village.select().where((Village.name == name) & (Village.township == township.strip())).exists():
        raise ValidationError(f"“{name}”已存在，不能重复创建", field="name")
    if not 0 <= grids <= len(GRID_NAMES):
        raise ValidationError(f"网格数应在 0–{len(GRID_NAMES)} 之间", field="grids")
    phone = check_phone(supervision_phone)
    with database.atomic():
        order = (Village.select().count() or 0) + 1
        village = Village.create(
            name=name, township=township.strip(), branch_name=branch_name.strip() or f"{name}党支部",
            secretary=secretary.strip(), supervision_phone=phone, sort_order=order,
            link_min=DEFAULT_LINK_MIN, link_max=DEFAULT_LINK_MAX,
        )
        for index, grid_name in enumerate(GRID_NAMES[:grids]):
            Grid.create(village=village, name=grid_name, sort_order=index)
        if default_posts:
            for post in DEFAULT_POSTS[:4]:
                Post.create(village=village, name=post)
        audit.record("新建村", village, f"新建村“{name}”")
    return village
