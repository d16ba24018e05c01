"""The columns of the roster and household sheets: headers, synonyms, kinds.

Templates, the tolerant reader, importers and exporters all use these specs,
so a header the template writes is always one the reader recognises.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from lianhu_desktop.domain import vocab

ROSTER, HOUSEHOLDS = "roster", "households"
KINDS = (ROSTER, HOUSEHOLDS)
KIND_LABELS = {ROSTER: "党员花名册", HOUSEHOLDS: "农户台账"}


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    synonyms: tuple[str, ...] = ()
    required: bool = False
    # text, id, phone, date, choice, flag, size, tags, ref (a named grid/group/post), link
    kind: str = "text"
    choices: tuple[str, ...] = ()
    comment: str = ""
    width: int = 12
    example: str = ""


_PHONE = ("联系电话", "手机", "手机号", "手机号码", "电话", "电话号码", "联系方式", "联系号码")
_GRID = ("所在网格", "网格", "组别", "村民小组", "所在组", "小组", "所在村民小组", "网格名称")
_ADDRESS = ("家庭住址", "住址", "现住址", "家庭地址", "地址", "居住地址")

ROSTER_COLUMNS = (
    Column("name", "姓名", ("党员姓名", "名字", "姓 名"), True, comment="必填。党员姓名。",
           width=10, example="张建国"),
    Column("gender", "性别", (), kind="choice", choices=vocab.GENDERS,
           comment="男 或 女；填写身份证号码后可不填。", width=6, example="男"),
    Column("ethnicity", "民族", ("族别",), kind="choice", choices=vocab.ETHNICITIES,
           comment="如 汉族、回族；不填按汉族。", width=8, example="汉族"),
    Column("id_number", "身份证号码", ("身份证号", "公民身份号码", "身份证", "身份号码", "身份证件号码"),
           kind="id", comment="18 位，末位可为 X。本列须为“文本”格式，否则 Excel 会丢掉后几位。",
           width=21, example="110101196503051235"),
    Column("birth_date", "出生日期", ("出生年月", "出生时间", "生日", "出生年月日"), kind="date",
           comment="如 1965-03-05、1965/3/5、1965年3月、1965.03；填写身份证号码后可不填。",
           width=12, example="1965-03-05"),
    Column("phone", "联系电话", _PHONE, kind="phone",
           comment="手机 11 位；座机带区号，如 0931-8123456。", width=14, example="13912345678"),
    Column("education", "文化程度", ("学历", "最高学历", "文化"), kind="choice",
           choices=vocab.EDUCATIONS, comment="小学、初中、高中、中专、大专、本科、硕士研究生、博士研究生。",
           width=10, example="高中"),
    Column("join_date", "入党时间", ("入党日期", "入党年月", "入党时间（年月）"), kind="date",
           comment="不能早于年满 18 周岁，也不能晚于今天。", width=12, example="1990-07-01"),
    Column("membership", "党员身份", ("党员类别", "党籍状态", "正式/预备", "正式或预备"), kind="choice",
           choices=vocab.MEMBERSHIPS, comment="正式党员 或 预备党员；不填按正式党员。", width=10,
           example="正式党员"),
    Column("residence", "居住情况", ("在家/外出", "在家或外出", "流动情况", "是否在家"), kind="choice",
           choices=vocab.RESIDENCES, comment="在家 或 外出；不填按在家。", width=8, example="在家"),
    Column("migrant_place", "外出地点", ("外出务工地点", "务工地点", "流入地", "外出去向", "外出地"),
           comment="外出党员的务工城市。", width=12),
    Column("party_group", "党小组", ("所在党小组", "党小组名称"), kind="ref",
           comment="本村没有的党小组会在导入时新建。", width=12, example="第一党小组"),
    Column("post", "岗位", ("设岗定责", "党员岗位", "所在岗位", "认领岗位", "设岗"), kind="ref",
           comment="如 宣传教育、民主监督；本村没有的岗位会在导入时新建。", width=12, example="宣传教育"),
    Column("tier", "考核类别", ("评议类别", "党员分类", "考核分类"), kind="choice", choices=vocab.TIERS,
           comment="党员干部、一般党员、外出党员、老病残党员；不填按一般党员（外出的按外出党员）。",
           width=10, example="一般党员"),
    Column("skills", "特长", ("技能", "专长", "特长技能", "技术特长"), comment="如 种植技术、法律政策。",
           width=12),
    Column("home_grid", "所在网格", _GRID, kind="ref", comment="本村没有的网格会在导入时新建。",
           width=10, example="一组"),
    Column("address", "家庭住址", _ADDRESS, width=20),
    Column("is_committee", "是否支委", ("支委", "支委成员", "是否支委成员"), kind="flag",
           comment="是 或 否。", width=8, example="否"),
    Column("link_exempt", "免于联户", ("是否免于联户", "不参加联户"), kind="flag",
           comment="年老体弱等不参加联户的填“是”。", width=8, example="否"),
    Column("notes", "备注", ("说明",), comment="其他说明。表中本程序不认识的列也会记入备注。", width=16),
)

HOUSEHOLD_COLUMNS = (
    Column("head_name", "户主姓名", ("户主", "户主名", "姓名"), True, comment="必填。", width=10,
           example="李德福"),
    Column("head_id_number", "户主身份证号码",
           ("身份证号码", "身份证号", "公民身份号码", "户主身份证号", "户主身份证", "身份证"), kind="id",
           comment="18 位，末位可为 X。本列须为“文本”格式，否则 Excel 会丢掉后几位。", width=21,
           example="110101195806120010"),
    Column("door_number", "门牌号", ("门牌", "门牌号码", "门牌编号"), comment="如 15号、3组15号。",
           width=10, example="15号"),
    Column("grid", "所在网格", _GRID, kind="ref", comment="本村没有的网格会在导入时新建。", width=10,
           example="一组"),
    Column("phone", "联系电话", _PHONE, kind="phone",
           comment="手机 11 位；座机带区号，如 0931-8123456。", width=14, example="13812345678"),
    Column("address", "家庭住址", _ADDRESS, width=20),
    Column("size", "家庭人口", ("人口数", "人口", "家庭人口数", "户籍人口", "家庭成员数"), kind="size",
           comment="1–50 的整数；不填按 1。", width=8, example="4"),
    Column("tags", "户类别", ("标签", "户类型", "农户类别", "类别", "户别"), kind="tags",
           comment="可填多个，用顿号分隔，如 困难户、低保户；常用：" + "、".join(vocab.HOUSEHOLD_TAGS),
           width=16, example="种养大户"),
    Column("work_place", "务工地点", ("外出务工地点", "外出地点", "工作地点", "务工城市"),
           comment="外出户的务工城市。", width=12),
    Column("industry_association", "产业协会", ("所在协会", "协会", "专业合作社"), width=12),
    Column("link_member", "联户党员", ("联系党员", "包联党员", "联户党员姓名", "结对党员"), kind="link",
           comment="本村党员姓名；同名时填其身份证号码。", width=10, example="张建国"),
    Column("notes", "备注", ("说明",), comment="其他说明。表中本程序不认识的列也会记入备注。", width=16),
)

COLUMNS = {ROSTER: ROSTER_COLUMNS, HOUSEHOLDS: HOUSEHOLD_COLUMNS}
# Columns the reader recognises but never imports.
IGNORED_HEADERS = frozenset({"序号", "编号", "行号", "错误原因", "NO", "NO."})
EXAMPLE_MARKERS = frozenset({"示例", "例", "样例", "填写示例"})
_BRACKETS = re.compile(r"[(\[【（][^)\]】）]*[)\]】）]")


def normalize_header(value) -> str:
    """A header as compared: NFKC, no spaces, no '*', no bracketed hints like （必填）."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", str(value))
    text = "".join(text.split()).replace("*", "").replace("※", "")
    stripped = _BRACKETS.sub("", text)
    return (stripped or text).upper()


def header_index(kind: str) -> dict[str, str]:
    """Normalised header or synonym → column key, for one kind of sheet."""
    index = {}
    for column in COLUMNS[kind]:
        for name in (column.header, *column.synonyms):
            index.setdefault(normalize_header(name), column.key)
    return index


def column(kind: str, key: str) -> Column:
    return next(c for c in COLUMNS[kind] if c.key == key)
