"""Villages (村 / 党支部): create, edit, list, find by name."""

from __future__ import annotations

from dataclasses import dataclass

from lianhu_desktop.domain import audit
from lianhu_desktop.domain.limits import NAME_MAX, SHORT_TEXT_MAX, quote
from lianhu_desktop.domain.vocab import DEFAULT_LINK_MAX, DEFAULT_LINK_MIN, DEFAULT_POSTS
from lianhu_desktop.errors import NotFoundError, ValidationError
from lianhu_desktop.store import rowversion
from lianhu_desktop.store.rowversion import Loaded
from lianhu_desktop.store.models import Grid, Post, Village, database

GRID_NAMES = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组",
              "十一组", "十二组", "十三组", "十四组", "十五组", "十六组")


@dataclass(frozen=True)
class VillageRow:
    id: int
    name: str
    township: str
    branch_name: str


# A member links 5–10 households (seeds 000, 003); a big village may raise the range.
LINK_RANGE_MAX = 50


@dataclass
class VillageData:
    """Every field of a village the 村 dialog edits."""

    name: str = ""
    township: str = ""
    branch_name: str = ""
    secretary: str = ""
    supervision_phone: str = ""
    link_min: int = DEFAULT_LINK_MIN
    link_max: int = DEFAULT_LINK_MAX


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
    if not 0 <= grids <= len(GRID_NAMES):
        raise ValidationError(f"网格数应在 0–{len(GRID_NAMES)} 之间", field="grids")
    values = clean_village(VillageData(name, township, branch_name, secretary, supervision_phone))
    with database.atomic():
        order = (Village.select().count() or 0) + 1
        village = Village.create(**values, sort_order=order)
        name = village.name
        for index, grid_name in enumerate(GRID_NAMES[:grids]):
            Grid.create(village=village, name=grid_name, sort_order=index)
        if default_posts:
            for post in DEFAULT_POSTS[:4]:
                Post.create(village=village, name=post)
        audit.record("新建村", village, f"新建村“{name}”")
    return village


def _text(value, *, field: str, label: str, limit: int = SHORT_TEXT_MAX) -> str:
    text = "".join(str(value or "").split()) if field in ("name", "secretary") else str(value or "").strip()
    if len(text) > limit:
        raise ValidationError(f"{label}过长（{len(text)} 个字，最多 {limit} 个）：{quote(text)}", field=field)
    return text


def clean_village(data: VillageData, village_id: int | None = None) -> dict:
    """Check a village's fields; return the column values to store (Chinese refusals)."""
    from lianhu_desktop.domain.validation import check_phone

    name = _text(data.name, field="name", label="村名", limit=NAME_MAX)
    if not name:
        raise ValidationError("请填写村名", field="name")
    township = _text(data.township, field="township", label="乡镇名称", limit=NAME_MAX)
    same = Village.select().where((Village.name == name) & (Village.township == township))
    if village_id is not None:
        same = same.where(Village.id != village_id)
    if same.exists():
        where = f"{township}已有" if township else "已有"
        raise ValidationError(f"{where}“{name}”，村名不能重复", field="name")
    branch = _text(data.branch_name, field="branch_name", label="党支部名称", limit=NAME_MAX)
    secretary = _text(data.secretary, field="secretary", label="党支部书记姓名", limit=NAME_MAX)
    try:
        phone = check_phone(data.supervision_phone)
    except ValidationError as error:
        raise ValidationError(f"监督电话：{error}", field="supervision_phone") from None
    try:
        low, high = int(data.link_min), int(data.link_max)
    except (TypeError, ValueError):
        raise ValidationError("联户数应为整数", field="link_min") from None
    if not 1 <= low <= LINK_RANGE_MAX:
        raise ValidationError(f"每名党员最少联户数应在 1–{LINK_RANGE_MAX} 之间", field="link_min")
    if not low <= high <= LINK_RANGE_MAX:
        raise ValidationError(f"每名党员最多联户数应在 {low}–{LINK_RANGE_MAX} 之间（不少于最少联户数）",
                              field="link_max")
    return {"name": name, "township": township, "branch_name": branch or f"{name}党支部",
            "secretary": secretary, "supervision_phone": phone, "link_min": low, "link_max": high}


def village_data(village_id: int) -> VillageData:
    """The village's editable fields."""
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise NotFoundError("找不到该村，可能已被删除")
    return VillageData(village.name, village.township, village.branch_name, village.secretary,
                       village.supervision_phone, village.link_min, village.link_max)


def load_village(village_id: int) -> Loaded:
    """The village's version and values now, for a dialog to save against."""
    return rowversion.load(Village, village_id, "找不到该村，可能已被删除")


def update_village(village_id: int, data: VillageData, loaded: Loaded | None = None) -> Village:
    """Save the village's name, township, branch, secretary, supervision phone and link range.

    The door plates, handbooks and cards print these when next printed.
    Refused with ``StaleRecord`` if someone else saved the village since ``loaded``.
    """
    village = Village.get_or_none(Village.id == village_id)
    if village is None:
        raise NotFoundError("找不到该村，可能已被删除")
    values = clean_village(data, village_id)
    changed = [key for key, value in values.items() if getattr(village, key) != value]
    if not changed:
        return village
    labels = {"name": "村名", "township": "乡镇", "branch_name": "党支部名称", "secretary": "党支部书记",
              "supervision_phone": "监督电话", "link_min": "最少联户数", "link_max": "最多联户数"}
    summary = "；".join(f"{labels[key]}：{getattr(village, key)} → {values[key]}" for key in changed)
    with database.atomic():
        rowversion.update(Village, village_id, values, loaded)
        village = Village.get_by_id(village_id)
        audit.record("修改村信息", village, f"修改“{village.name}”：{summary}")
    return village
