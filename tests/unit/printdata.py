"""Small print fixtures: a village with grids, members, links, commitments, a scheme.

``long_values=True`` fills in the longest values a clerk could type, to prove
that nothing overflows its box.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from lianhu_desktop.domain import linking
from lianhu_desktop.store.models import (Commitment, Grid, Household, HouseholdTag, Item, Member,
                                         PartyGroup, Post, Scheme)

NAMES = ("王建国", "李秀英", "欧阳司马", "爱新觉罗·启星", "张伟", "诸葛明亮", "刘芳", "赵")
HEADS = ("陈大山", "杨桂兰", "周德胜", "吴小红", "郑国强", "孙丽", "上官婉儿", "马")
LONG_ADDRESS = "城关镇李家庄村第十二村民小组东大街幸福巷一百二十三号"  # 30 characters
LONG_DOOR = "东大街幸福巷一百二十三号附二号楼"


def fill(village, members: int = 4, per_member: int = 6, long_values: bool = False,
         year: int | None = None) -> dict:
    """Fill ``village`` (from the ``village`` fixture) with printable data."""
    year = year or datetime.date.today().year
    village.supervision_phone = "0371-66668888"
    village.branch_name = "中共城关镇李家庄村支部委员会" if long_values else village.branch_name
    village.save()
    grids = list(Grid.select().where(Grid.village == village.id).order_by(Grid.sort_order))
    group = PartyGroup.create(village=village, name="种养业党小组（东片区农业合作社联合）" if long_values
                              else "种养业党小组", kind="种养业")
    post = Post.select().where(Post.village == village.id).first()
    if long_values:
        post = Post.create(village=village, name="技术信息服务与矛盾纠纷调解岗")
    created = {"members": [], "households": []}
    door = 1
    for m in range(members):
        name = NAMES[m % len(NAMES)] + ("" if m < len(NAMES) else str(m))
        member = Member.create(village=village, name=name, phone=f"1390000{m:04d}",
                               party_group=group, post=post, home_grid=grids[m % len(grids)],
                               tier="一般党员" if m % 2 else "党员干部")
        created["members"].append(member)
        ids = []
        for h in range(per_member):
            head = HEADS[(m + h) % len(HEADS)] + (str(door) if h % 3 else "")
            household = Household.create(
                village=village, grid=grids[m % len(grids)], head_name=head,
                door_number=LONG_DOOR if long_values and h == 0 else f"{door}号", door_sort=door,
                phone=f"1380000{door:04d}", address=LONG_ADDRESS, size=1 + door % 6)
            if h % 2 == 0:
                HouseholdTag.create(household=household, tag="困难户")
            if h % 3 == 0:
                HouseholdTag.create(household=household, tag="留守老人户")
            ids.append(household.id)
            created["households"].append(household)
            door += 1
        linking.link_households(member.id, ids, "就近就地")
        for k in range(3 if m % 2 == 0 else 1):
            Commitment.create(member=member, year=year,
                              content=("帮助联系户发展特色种植，引进优质果苗并提供全程技术指导，"
                                       "力争每户年增收两千元以上" if long_values else f"为联系户办实事第{k + 1}件"),
                              deadline=datetime.date(year, 6 + k, 30), quality_standard="群众满意",
                              status="进行中")
    for tier in ("党员干部", "一般党员"):
        scheme = Scheme.create(village=None, tier=tier, year=year, name=f"{tier}百分制考核方案")
        for index, (item, tenths) in enumerate((("联户走访", 300), ("承诺践诺", 200), ("参加组织生活", 200),
                                                ("遵纪守法", 150), ("群众评价", 150))):
            Item.create(scheme=scheme, name=item, max_tenths=tenths, sort_order=index,
                        criteria="每月至少走访联系户一次，缺一次扣 2 分" if index == 0 else "")
    return created


def pdf_text(path) -> str:
    """The extractable text of a PDF, as a viewer's copy and search would see it."""
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def assert_font_embedded(path) -> None:
    """Only bundled fonts are referenced, each embedded (as a subset), the main font among them."""
    import re

    data = Path(path).read_bytes()
    assert b"/FontFile2" in data
    names = set(re.findall(rb"/BaseFont\s*/([A-Za-z0-9+\-]+)", data))
    bundled = (b"WenQuanYiMicroHei-0", b"HanaMinA", b"HanaMinB")
    assert any(name.endswith(bundled[0]) for name in names), names
    assert all(name.endswith(bundled) for name in names), names
    assert referenced_fonts_not_embedded(path) == set()


def referenced_fonts_not_embedded(path) -> set[str]:
    """Names of the fonts any page (or form on it) uses without embedding them."""
    from pypdf import PdfReader

    missing: set[str] = set()
    seen: set[int] = set()

    def visit(resources):
        resources = resources.get_object() if resources is not None else None
        if not resources:
            return
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            for face in ([d.get_object() for d in descendants] if descendants else [font]):
                descriptor = face.get("/FontDescriptor")
                descriptor = descriptor.get_object() if descriptor is not None else {}
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(face.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            ref = getattr(xobject, "idnum", None)
            if ref in seen:
                continue
            seen.add(ref)
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form":
                visit(xobject.get("/Resources"))

    for page in PdfReader(str(path)).pages:
        visit(page.get("/Resources"))
    return missing


def page_count(path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


class BoxRecorder:
    """Records every line drawn through reports.text and whether it stayed in its box."""

    def __init__(self):
        self.lines = []
        self.outside = []

    def __call__(self, line, x, y, size, width, box):
        from lianhu_desktop.reports import text

        self.lines.append(line)
        if line and not text.inside(x, y, size, width, box):
            self.outside.append((line, x, y, size, width, box))
