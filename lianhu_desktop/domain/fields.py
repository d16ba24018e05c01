"""One registry of fields per entity: what a member, a household or a link has.

Each ``Field`` says once what the program otherwise repeats in many places:
its key, Chinese label, the Excel header synonyms, its kind (which picks the
normaliser and validator), its length limit (``domain.limits``), the model
columns it sets, how it is exported, its list column and the dialog widget
that edits it. Derived from it: the entity's data class (``MemberData``),
``clean_*``'s per-field checks, ``member_data``, the import columns, the
templates, the exports, the list columns (``domain.listing``) and the
dialog bindings. Adding a field is an entry here, a migration and the form.

Entities still to come (visits, requests, commitments, scores, ballots)
are one ``Entity`` each.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from lianhu_desktop.domain import idnumber, limits, normalise, probation, vocab
from lianhu_desktop.domain.normalise import MonthDate, text
from lianhu_desktop.domain.validation import check_name, check_phone
from lianhu_desktop.errors import ValidationError

# Field kinds. Sheet-only kinds: ``link`` (a member named in a household row).
TEXT, NAME, NOTES, ID, PHONE, DATE, CHOICE, FLAG, SIZE, TAGS, REF, LINK = (
    "text", "name", "notes", "id", "phone", "date", "choice", "flag", "size", "tags", "ref", "link")
# Kinds written as text cells (number_format '@') so Excel keeps every digit.
TEXT_CELL_KINDS = frozenset({ID, PHONE})


@dataclass(frozen=True)
class ListColumn:
    """How a field shows in a list (``domain.listing``): SQL display and sort
    expressions over the list's alias (``{a}``), the joins they need."""

    header: str = ""  # default: the field's label
    select: str = ""  # default: {a}.<column>
    sort: tuple[str, ...] | None = ()  # () : the select expression; None: not sortable
    needs: tuple[str, ...] = ()
    width: int = 100
    key: str = ""  # default: the field's key
    # A second expression passed to the formatter (a date's precision).
    detail: str = ""
    format: Callable[..., Any] | None = None


@dataclass(frozen=True)
class Field:
    key: str  # the column key of sheets and lists: "party_group"
    label: str  # the Excel header, the list header, the name in messages
    kind: str = TEXT
    synonyms: tuple[str, ...] = ()
    required: bool = False
    choices: tuple[str, ...] = ()
    choice_synonyms: Mapping[str, str] = field(default_factory=dict, hash=False, compare=False)
    # Value of an empty choice; a callable gets the values cleaned so far.
    default: Any = ""
    comment: str = ""  # the template's note on the header
    width: int = 12  # Excel column width
    example: str = ""
    max_length: int | None = None
    # The model column the field is stored in ("" for sheet-only fields).
    column: str | None = None
    # Model columns an import of this column sets (default: the column).
    stored: tuple[str, ...] | None = None
    # The key in the entity's data class (refs: "party_group_id").
    data_key: str | None = None
    sheet: bool = True  # a column of the import template and the export
    importable: bool = True  # False: written by the export, ignored by the import
    list: ListColumn | None = None
    widget: str = ""  # objectName of the dialog widget that edits it
    ref: str = ""  # for refs: the model named ("Grid", "PartyGroup", …)
    precision_column: str = ""  # dates: where month-only precision is stored
    # Overrides of the kind's normaliser (value → stored value) and exporter.
    normaliser: Callable[..., Any] | None = field(default=None, hash=False, compare=False)
    exporter: Callable[..., Any] | None = field(default=None, hash=False, compare=False)

    def __post_init__(self):
        # value → cleaned value, for ``clean_fields`` (not a dataclass field: no part of eq or hash).
        object.__setattr__(self, "_memo", {})
        if self.column is None:
            object.__setattr__(self, "column", "" if self.kind == LINK else self.key)
        if self.data_key is None:
            key = f"{self.key}_id" if self.kind == REF else ("" if self.kind == LINK else self.key)
            object.__setattr__(self, "data_key", key)
        if self.stored is None:
            stored = (self.column, self.precision_column) if self.precision_column else (self.column,)
            object.__setattr__(self, "stored", tuple(c for c in stored if c))

    @property
    def header(self) -> str:
        """The Excel header (the label)."""
        return self.label

    def empty(self):
        """The value of the field in an empty data class."""
        if self.kind in (DATE, REF):
            return None
        if self.kind == FLAG:
            return False
        if self.kind == SIZE:
            return None
        return ""

    def clean(self, value, cleaned: dict):
        """The value to store, or a ValidationError naming ``data_key``."""
        if self.normaliser is not None:
            return self.normaliser(value, self)
        kind = self.kind
        if kind in (TEXT, NAME, NOTES):
            if kind == NOTES:
                word = "" if value is None else str(value).strip()
            elif kind == NAME:
                word = "".join(text(value).split())
            else:
                word = text(value)
            if self.required and not word:
                raise ValidationError(f"请填写{self.label}", field=self.data_key)
            word = normalise.check_length(word, self.max_length, field=self.data_key, label=self.label)
            if kind == NAME and word:
                check_name(word, label=self.label, field=self.data_key)
            return word
        if kind == CHOICE:
            default = self.default(cleaned) if callable(self.default) else self.default
            return normalise.normalize_choice(value, self.choices, field=self.data_key, label=self.label,
                                              synonyms=self.choice_synonyms, default=default)
        if kind == FLAG:
            return normalise.parse_flag(value, field=self.data_key, label=self.label)
        if kind == PHONE:
            return check_phone(normalise.check_length(
                text(value), self.max_length, field=self.data_key, label=self.label))
        if kind == ID:
            word = text(value)
            if not word:
                return None
            try:
                return idnumber.parse(word)[0]
            except ValidationError as error:
                raise ValidationError(error.message, field=self.data_key) from None
        if kind == SIZE:
            return normalise.parse_size(value, field=self.data_key)
        if kind == TAGS:
            return normalise.parse_tags(value, field=self.data_key)
        if kind == DATE:
            if value is not None and not isinstance(value, datetime.date):
                raise ValidationError(f"{self.label}不是日期：{limits.quote(value)}", field=self.data_key)
            return value
        return value  # refs: an id checked against the database by the caller

    @property
    def exports_as_stored(self) -> bool:
        """Whether ``export`` gives every stored value back unchanged (so a long export may skip it):
        no exporter, no masking, flag words or tag joining, and no month-precision dates."""
        return self.exporter is None and self.kind not in (ID, FLAG, TAGS) and not self.precision_column

    def export(self, value, *, full_id: bool = False):
        """The value as the export writes it."""
        if self.exporter is not None:
            return self.exporter(value)
        if value is None:
            return None
        if self.kind == ID:
            return value if full_id else idnumber.mask(value)
        if self.kind == FLAG:
            return "是" if value else "否"
        if self.kind == TAGS:
            return "、".join(value)
        if isinstance(value, MonthDate):
            return value.chinese()  # text, so that the month survives a round trip
        return value


@dataclass(frozen=True)
class Entity:
    key: str
    label: str
    fields: tuple[Field, ...]
    # The list's columns in order: field keys (or their list keys) and the
    # list's computed columns (``domain.listing`` supplies those).
    list_order: tuple[str, ...] = ()

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    def by_data_key(self, data_key: str) -> Field | None:
        return next((f for f in self.fields if f.data_key == data_key), None)

    @property
    def sheet_fields(self) -> tuple[Field, ...]:
        """The columns of the import template and the export, in their order."""
        return tuple(f for f in self.fields if f.sheet)

    @functools.cached_property
    def data_fields(self) -> tuple[Field, ...]:
        """The fields of the data class (what a dialog edits)."""
        return tuple(f for f in self.fields if f.data_key)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """Every model column the fields set, once each, in field order."""
        return tuple(dict.fromkeys(c for f in self.fields for c in f.stored))

    def widgets(self) -> dict[str, str]:
        """data_key → objectName of the widget that edits it."""
        return {f.data_key: f.widget for f in self.fields if f.widget}


def data_class(entity: Entity, name: str, doc: str):
    """The data class of ``entity``: ``village_id`` and every data field, empty by default."""
    specs = [("village_id", int | None, None)]
    for f in entity.data_fields:
        default = f.empty()
        if isinstance(default, list):
            specs.append((f.data_key, list, dataclasses.field(default_factory=list)))
        else:
            specs.append((f.data_key, Any, default))
    cls = dataclasses.make_dataclass(name, [(k, t, d if isinstance(d, dataclasses.Field)
                                             else dataclasses.field(default=d)) for k, t, d in specs])
    cls.__doc__ = doc
    cls.__module__ = "lianhu_desktop.domain.fields"
    return cls


# Kinds whose cleaning depends on the value alone (a blank choice's default
# may depend on other fields: never taken from the memo). A township's sheet
# repeats its grids, sizes, tags, places and many names: each distinct value
# is cleaned once per field. Successes only; a refusal is worked out again.
_MEMO_KINDS = frozenset({TEXT, NAME, PHONE, CHOICE, FLAG, SIZE, TAGS})
_MEMO_TYPES = frozenset({str, int, float, bool, type(None)})
_MEMO_SIZE = 20_000


_NONE = object()


def _clean_steps(entity: Entity) -> tuple:
    """(field, data key, column, memo or None, is tags, is choice, precision column) of each
    stored data field of ``entity``, worked out once (``clean_fields`` runs once per row)."""
    steps = _STEPS.get(entity.key)
    if steps is None or steps[0] is not entity:
        fields_ = tuple((f, f.data_key, f.column, f._memo if f.kind in _MEMO_KINDS else None, f.kind == TAGS,
                         f.kind == CHOICE, f.precision_column) for f in entity.data_fields if f.column)
        steps = _STEPS[entity.key] = (entity, fields_)
    return steps[1]


_STEPS: dict[str, tuple] = {}


def clean_fields(entity: Entity, values: dict, errors: list, *, skip=()) -> dict:
    """Clean every data field of ``values`` (keyed by data_key) on its own;
    return model column → value and append each refusal to ``errors``.

    A field that fails is left out of the result; cross-field rules (an ID
    number against the birth date …) are the entity's, after this."""
    cleaned: dict = {}
    get = values.get
    for f, data_key, column, memo, tags, choice, precision in _clean_steps(entity):
        if data_key in skip:
            continue
        raw = get(data_key)
        key = _NONE
        if memo is not None:
            kind = raw.__class__
            # A text is its own key; another value goes with its type (1, 1.0 and True are equal).
            key = raw if kind is str else ((kind, raw) if kind in _MEMO_TYPES else _NONE)
            if key is not _NONE and not (choice and (raw is None or raw == "")):
                value = memo.get(key, _NONE)
                if value is not _NONE:
                    cleaned[column] = list(value) if tags else value
                    continue
        try:
            value = f.clean(raw, cleaned)
        except ValidationError as error:
            errors.append(error if error.field else ValidationError(error.message, field=data_key))
            continue
        if key is not _NONE and len(memo) < _MEMO_SIZE:
            memo[key] = tuple(value) if tags else value
        cleaned[column] = value
        if precision:
            cleaned[precision] = normalise.precision_of(value)
    return cleaned


def storable(cleaned: dict) -> dict:
    """``cleaned`` with month-only dates as the plain dates SQLite stores
    (their precision is in its own column)."""
    for key, value in cleaned.items():
        if isinstance(value, MonthDate):
            cleaned[key] = datetime.date(value.year, value.month, 1)
    return cleaned


def stored_value(f: Field, raw: dict):
    """A field's value from a model row's ``__data__`` (or ``.dicts()`` row)."""
    value = raw.get(f.column)
    if f.precision_column:
        return normalise.with_precision(value, raw.get(f.precision_column))
    return value


# ---------------------------------------------------------------- shared pieces

_PHONE = ("联系电话", "手机", "手机号", "手机号码", "电话", "电话号码", "联系方式", "联系号码")
_GRID = ("所在网格", "网格", "组别", "村民小组", "所在组", "小组", "所在村民小组", "网格名称")
_ADDRESS = ("家庭住址", "住址", "现住址", "家庭地址", "地址", "居住地址", "现居住地", "现居住地址")
_ID_COMMENT = "18 位，末位可为 X。本列须为“文本”格式，否则 Excel 会丢掉后几位。"
_PHONE_COMMENT = "手机 11 位；座机带区号，如 0931-8123456。"
_NOTES_COMMENT = "其他说明。表中本程序不认识的列也会记入备注。"
_DATE_LIST = dict(width=100, format=lambda value, precision=None: normalise.date_text(
    normalise.with_precision(value if not isinstance(value, str) else _iso(value), precision)))


def _iso(value: str):
    try:
        return datetime.date.fromisoformat(value[:10])
    except ValueError:
        return value


EDUCATION_SYNONYMS = {
    "大学本科": "本科", "大学": "本科", "学士": "本科", "大学专科": "大专", "专科": "大专",
    "高职": "大专", "研究生": "硕士研究生", "硕士": "硕士研究生", "博士": "博士研究生",
    "中技": "中专", "技校": "中专", "职高": "中专", "中等专科": "中专", "中师": "中专",
    "高小": "小学", "初小": "小学", "初级中学": "初中", "高级中学": "高中",
}
GENDER_SYNONYMS = {"男性": "男", "女性": "女"}
MEMBERSHIP_SYNONYMS = {"正式": "正式党员", "预备": "预备党员"}
RESIDENCE_SYNONYMS = {"在村": "在家", "本地": "在家", "在家党员": "在家", "流动": "外出",
                      "外出务工": "外出", "外出党员": "外出", "流动党员": "外出"}


def _ethnicity(value, f: Field) -> str:
    return normalise.normalize_ethnicity(value, field=f.data_key, label=f.label, choices=f.choices,
                                         default=f.default)


def _membership_default(cleaned: dict) -> str:
    # A blank 党员身份: full with a 转正日期; probationary within a year of joining.
    if cleaned.get("confirm_date"):
        return "正式党员"
    join = cleaned.get("join_date")
    if join is not None and probation.probation_end(join) > datetime.date.today():
        return "预备党员"
    return "正式党员"


def _tier_default(cleaned: dict) -> str:
    return "外出党员" if cleaned.get("residence") == "外出" else "一般党员"


# ---------------------------------------------------------------- members

MEMBER = Entity("member", "党员", (
    Field("name", "姓名", NAME, ("党员姓名", "名字", "姓 名"), required=True, comment="必填。党员姓名。",
          width=10, example="张建国", max_length=limits.NAME_MAX,
          stored=("name", "name_pinyin", "name_initials", "name_sort"),
          list=ListColumn(sort=("{a}.name_sort",), width=90), widget="name"),
    Field("gender", "性别", CHOICE, choices=vocab.GENDERS, choice_synonyms=GENDER_SYNONYMS,
          comment="男 或 女；填写身份证号码后可不填。", width=6, example="男",
          list=ListColumn(width=50), widget="gender"),
    Field("ethnicity", "民族", CHOICE, ("族别",), choices=vocab.ETHNICITIES,
          default=vocab.MAJORITY_ETHNICITY, comment="如 汉族、回族；不填按汉族。", width=8, example="汉族",
          normaliser=_ethnicity, widget="ethnicity"),
    Field("id_number", "身份证号码", ID, ("身份证号", "公民身份号码", "身份证", "身份号码", "身份证件号码"),
          comment=_ID_COMMENT, width=21, example="110101196503051235", widget="idNumber"),
    Field("birth_date", "出生日期", DATE, ("出生年月", "出生时间", "生日", "出生年月日"),
          comment="如 1965-03-05、1965/3/5、1965年3月、1965.03；填写身份证号码后可不填。",
          width=12, example="1965-03-05", precision_column="birth_date_precision",
          list=ListColumn(detail="{a}.birth_date_precision", **_DATE_LIST), widget="birthDate"),
    Field("phone", "联系电话", PHONE, _PHONE, comment=_PHONE_COMMENT, width=14, example="13912345678",
          max_length=limits.SHORT_TEXT_MAX, list=ListColumn(width=120), widget="phone"),
    Field("education", "文化程度", CHOICE, ("学历", "最高学历", "文化"), choices=vocab.EDUCATIONS,
          choice_synonyms=EDUCATION_SYNONYMS,
          comment="小学、初中、高中、中专、大专、本科、硕士研究生、博士研究生。", width=10, example="高中",
          list=ListColumn(width=80), widget="education"),
    Field("join_date", "入党时间", DATE, ("入党日期", "入党年月", "入党时间（年月）", "加入党组织日期",
                                        "加入中国共产党日期", "入党时间（预备党员）"),
          comment="可只写到月份，如 1990年7月；不能早于年满 18 周岁，也不能晚于今天。", width=12,
          example="1990-07-01", precision_column="join_date_precision",
          list=ListColumn(header="入党日期", detail="{a}.join_date_precision", **_DATE_LIST),
          widget="joinDate"),
    # The national forms' 转正日期; before 党员身份, whose default follows from it.
    Field("confirm_date", "转正日期", DATE, ("转正时间", "转正年月", "转为正式党员日期", "预备党员转正日期"),
          comment="预备党员转为正式党员的日期，可只写到月份；不能早于入党满一年，预备党员不填。", width=12,
          example="1991-07-01", precision_column="confirm_date_precision",
          list=ListColumn(detail="{a}.confirm_date_precision", **_DATE_LIST), widget="confirmDate"),
    Field("membership", "党员身份", CHOICE, ("党员类别", "人员类别", "党籍状态", "正式/预备", "正式或预备",
                                         "党员身份（正式/预备）"),
          choices=vocab.MEMBERSHIPS, choice_synonyms=MEMBERSHIP_SYNONYMS, default=_membership_default,
          comment="正式党员 或 预备党员；不填时，填了转正日期或入党满一年的按正式党员，入党不满一年的按预备党员。",
          width=10, example="正式党员", widget="membership"),
    Field("residence", "居住情况", CHOICE, ("在家/外出", "在家或外出", "流动情况", "是否在家"),
          choices=vocab.RESIDENCES, choice_synonyms=RESIDENCE_SYNONYMS, default="在家",
          comment="在家 或 外出；不填按在家。", width=8, example="在家",
          list=ListColumn(select="CASE WHEN {a}.migrant_place <> '' THEN {a}.residence || '（' || "
                                 "{a}.migrant_place || '）' ELSE {a}.residence END",
                          sort=("{a}.residence", "{a}.migrant_place"), width=120),
          widget="residence"),
    Field("migrant_place", "外出地点", TEXT, ("外出务工地点", "务工地点", "流入地", "外出去向", "外出地"),
          comment="外出党员的务工城市。", width=12, max_length=limits.SHORT_TEXT_MAX, widget="migrantPlace"),
    Field("party_group", "党小组", REF, ("所在党小组", "党小组名称"), ref="PartyGroup",
          comment="本村没有的党小组会在导入时新建。", width=12, example="第一党小组",
          list=ListColumn(select="pg.name", sort=("pg.name",), needs=("pg",), width=110),
          widget="partyGroup"),
    Field("post", "岗位", REF, ("设岗定责", "党员岗位", "所在岗位", "认领岗位", "设岗"), ref="Post",
          comment="如 宣传教育、民主监督；本村没有的岗位会在导入时新建。", width=12, example="宣传教育",
          list=ListColumn(select="ps.name", sort=("ps.name",), needs=("ps",), width=110), widget="post"),
    Field("tier", "考核类别", CHOICE, ("评议类别", "党员分类", "考核分类"), choices=vocab.TIERS,
          default=_tier_default,
          comment="党员干部、一般党员、外出党员、老病残党员；不填按一般党员（外出的按外出党员）。",
          width=10, example="一般党员", list=ListColumn(width=90), widget="tier"),
    Field("skills", "特长", TEXT, ("技能", "专长", "特长技能", "技术特长"), comment="如 种植技术、法律政策。",
          width=12, max_length=limits.SHORT_TEXT_MAX, widget="otherSkills"),
    Field("home_grid", "所在网格", REF, _GRID, ref="Grid", comment="本村没有的网格会在导入时新建。",
          width=10, example="一组",
          list=ListColumn(key="grid", header="网格", select="gr.name", sort=("gr.sort_order",),
                          needs=("gr",), width=70),
          widget="homeGrid"),
    Field("household", "本人所在户", REF, sheet=False, ref="Household", widget="household"),
    Field("address", "家庭住址", TEXT, _ADDRESS, width=20, max_length=limits.ADDRESS_MAX, widget="address"),
    Field("is_committee", "是否支委", FLAG, ("支委", "支委成员", "是否支委成员"), comment="是 或 否。",
          width=8, example="否", widget="isCommittee"),
    Field("link_exempt", "免于联户", FLAG, ("是否免于联户", "不参加联户"),
          comment="年老体弱等不参加联户的填“是”。", width=8, example="否", widget="linkExempt"),
    Field("notes", "备注", NOTES, ("说明",), comment=_NOTES_COMMENT, width=16, max_length=limits.NOTES_MAX,
          widget="notes"),
), list_order=("name", "gender", "birth_date", "phone", "party_group", "post", "tier", "residence",
               "grid", "links", "join_date", "confirm_date", "probation", "education", "status", "village"))


# ---------------------------------------------------------------- households

HOUSEHOLD = Entity("household", "农户", (
    Field("head_name", "户主姓名", NAME, ("户主", "户主名", "姓名"), required=True, comment="必填。",
          width=10, example="李德福", max_length=limits.NAME_MAX,
          stored=("head_name", "head_pinyin", "head_initials", "head_sort"),
          list=ListColumn(header="户主", sort=("{a}.head_sort",), width=90), widget="headName"),
    Field("head_id_number", "户主身份证号码", ID,
          ("身份证号码", "身份证号", "公民身份号码", "户主身份证号", "户主身份证", "身份证"),
          comment=_ID_COMMENT, width=21, example="110101195806120010", widget="headIdNumber"),
    Field("door_number", "门牌号", TEXT, ("门牌", "门牌号码", "门牌编号"), comment="如 15号、3组15号。",
          width=10, example="15号", max_length=limits.SHORT_TEXT_MAX, stored=("door_number", "door_sort"),
          list=ListColumn(sort=("{a}.door_sort", "{a}.door_number"), width=80), widget="doorNumber"),
    Field("grid", "所在网格", REF, _GRID, ref="Grid", comment="本村没有的网格会在导入时新建。", width=10,
          example="一组",
          list=ListColumn(header="网格", select="gr.name", sort=("gr.sort_order", "{a}.door_sort"),
                          needs=("gr",), width=70),
          widget="grid"),
    Field("phone", "联系电话", PHONE, _PHONE, comment=_PHONE_COMMENT, width=14, example="13812345678",
          max_length=limits.SHORT_TEXT_MAX, list=ListColumn(width=120), widget="phone"),
    Field("address", "家庭住址", TEXT, _ADDRESS, width=20, max_length=limits.ADDRESS_MAX,
          list=ListColumn(header="住址", width=200), widget="address"),
    Field("size", "家庭人口", SIZE, ("人口数", "人口", "家庭人口数", "户籍人口", "家庭成员数"),
          comment="1–50 的整数；不填按 1。", width=8, example="4",
          list=ListColumn(header="人口", width=50), widget="size"),
    Field("tags", "户类别", TAGS, ("标签", "户类型", "农户类别", "类别", "户别"), column="", stored=(),
          comment="可填多个，用顿号分隔，如 困难户、低保户；常用：" + "、".join(vocab.HOUSEHOLD_TAGS),
          width=16, example="种养大户",
          list=ListColumn(header="类别", select="(SELECT group_concat(t.tag, '、') FROM household_tag t"
                                               " WHERE t.household_id = {a}.id)",
                          sort=None, width=160, format=lambda value: "" if value is None else str(value)),
          widget="customTags"),
    Field("work_place", "务工地点", TEXT, ("外出务工地点", "外出地点", "工作地点", "务工城市"),
          comment="外出户的务工城市。", width=12, max_length=limits.SHORT_TEXT_MAX, widget="workPlace"),
    Field("industry_association", "产业协会", TEXT, ("所在协会", "协会", "专业合作社"), width=12,
          max_length=limits.SHORT_TEXT_MAX, widget="industryAssociation"),
    Field("link_member", "联户党员", LINK, ("联系党员", "包联党员", "联户党员姓名", "结对党员"),
          comment="本村党员姓名；同名时填其身份证号码。", width=10, example="张建国",
          list=ListColumn(key="member", select="lm.name", sort=("lm.name_sort",), needs=("lk", "lm"),
                          width=90)),
    Field("notes", "备注", NOTES, ("说明",), comment=_NOTES_COMMENT, width=16, max_length=limits.NOTES_MAX,
          widget="notes"),
), list_order=("grid", "door_number", "head_name", "phone", "size", "tags", "member", "mode", "address",
               "status", "village"))


# ---------------------------------------------------------------- links (联户关系表)

LINK_ENTITY = Entity("link", "联户关系", (
    Field("village", "村名", TEXT, ("村", "村庄", "所在村"), column="", importable=False, width=12),
    Field("grid", "所在网格", TEXT, _GRID, column="", width=10, example="一组"),
    Field("door_number", "门牌号", TEXT, ("门牌", "门牌号码", "门牌编号"), column="", width=12, example="15号"),
    Field("head_name", "户主姓名", NAME, ("户主", "户主名", "姓名"), required=True, column="", width=12,
          example="李德福", comment="必填。与农户台账中的户主姓名一致。"),
    Field("link_member", "联户党员", LINK, ("联系党员", "包联党员", "联户党员姓名", "结对党员"),
          required=True, width=20, example="张建国", comment="必填。本村党员姓名；同名时填其身份证号码。"),
    Field("member_phone", "党员电话", PHONE, ("联户党员电话",), column="", importable=False, width=14),
    Field("mode", "联户模式", CHOICE, ("联系方式", "包联模式"), choices=vocab.LINK_MODES,
          default=vocab.LINK_MODES[0], width=10, example=vocab.LINK_MODES[0],
          comment="就近就地、双向选择、能力分类 或 产业协会；不填按就近就地。"),
    Field("start_date", "开始日期", DATE, ("联户日期", "开始时间"), width=12, example="2025-01-01",
          comment="不填按导入当天。"),
))

ENTITIES = {e.key: e for e in (MEMBER, HOUSEHOLD, LINK_ENTITY)}


# ---------------------------------------------------------------- commitments (承诺)

def _year(value, f: Field):
    """A year between 2000 and 2100 (an Excel number, text like 2025 or 2025年)."""
    if value is None or text(value) == "":
        raise ValidationError(f"请填写{f.label}", field=f.data_key)
    word = text(value).removesuffix("年").removesuffix(".0")
    if not word.isdigit() or not 2000 <= int(word) <= 2100:
        raise ValidationError(f"{f.label}应为 2000–2100 之间的年份：{limits.quote(value)}", field=f.data_key)
    return int(word)


COMMITMENT = Entity("commitment", "承诺", (
    Field("member", "党员", LINK, ("党员姓名", "承诺人", "承诺党员", "姓名"), required=True, column="member",
          data_key="member_id", stored=("member",), width=12, example="张建国",
          comment="必填。本村在册党员姓名；同名时填其身份证号码。"),
    Field("year", "年度", TEXT, ("承诺年度", "年份"), required=True, width=8, example="2025",
          comment="必填。如 2025。", normaliser=_year),
    Field("content", "承诺内容", NOTES, ("承诺事项", "内容", "承诺"), required=True, width=40,
          example="帮助联系户发展庭院种植", comment="必填。一行一项承诺。", max_length=limits.NOTES_MAX,
          widget="content"),
    Field("deadline", "完成时限", DATE, ("时限", "完成时间", "完成期限", "截止日期"), width=12,
          example="2025-10-31", comment="如 2025-10-31；不能早于承诺年度。", widget="deadline"),
    Field("quality_standard", "质量标准", NOTES, ("标准", "质量要求", "完成标准"), width=30,
          example="联系户每户增收 2000 元以上", max_length=limits.NOTES_MAX, widget="qualityStandard"),
    Field("status", "进展情况", CHOICE, ("状态", "完成状态", "进度"), choices=vocab.COMMITMENT_STATUSES,
          default=vocab.COMMITMENT_STATUSES[0], width=10, example="进行中",
          comment="未开始、进行中、已完成 或 未完成；不填按未开始。", widget="status"),
    Field("result", "完成情况", NOTES, ("结果", "完成结果", "备注", "说明"), width=30,
          max_length=limits.NOTES_MAX, widget="result"),
))

ENTITIES[COMMITMENT.key] = COMMITMENT


# ---------------------------------------------------------------- visits (民情日记)

def _duties(value, f: Field) -> int:
    return normalise.parse_duties(value, field=f.data_key, label=f.label)


def _duty_names(mask) -> str:
    return "、".join(vocab.mask_to_duties(mask or 0))


FORM_SYNONYMS = {"入户": "入户走访", "走访": "入户走访", "上门": "入户走访", "上门走访": "入户走访",
                 "走访入户": "入户走访", "电话": "电话联系", "打电话": "电话联系", "电话走访": "电话联系",
                 "谈心": "谈心谈话", "谈话": "谈心谈话", "座谈": "座谈会", "问卷": "问卷调查", "调查": "问卷调查"}

VISIT = Entity("visit", "走访记录", (
    Field("date", "走访日期", DATE, ("日期", "走访时间", "联系日期", "时间"), required=True, width=12,
          example="2026-03-05", comment="必填。写到哪一天，如 2026-03-05、2026/3/5、2026年3月5日；不能晚于今天。"),
    Field("member", "走访党员", LINK, ("党员", "党员姓名", "走访人"), required=True, column="member",
          data_key="member_id", stored=("member",), width=12, example="张建国",
          comment="必填。本村党员姓名；同名时填其身份证号码。"),
    Field("grid", "所在网格", TEXT, _GRID, column="", width=10, example="一组",
          comment="农户所在网格；门牌号在各网格重新编号时必填。"),
    Field("door_number", "门牌号", TEXT, ("门牌", "门牌号码", "门牌编号"), column="", width=10, example="15号",
          comment="与所在网格一起找到农户；填了门牌号时，户主姓名只用来核对。"),
    Field("head_name", "户主姓名", NAME, ("户主", "户主名", "被走访户", "走访农户"), column="", width=10,
          example="李德福", comment="未填门牌号时按户主姓名找农户（同名户须填网格和门牌号）。"),
    Field("form", "走访形式", CHOICE, ("形式", "走访方式", "联系形式"), choices=vocab.VISIT_FORMS,
          choice_synonyms=FORM_SYNONYMS, default=vocab.VISIT_FORMS[0], width=10, example=vocab.VISIT_FORMS[0],
          comment="、".join(vocab.VISIT_FORMS) + "；不填按入户走访。"),
    Field("duties", "履行职责", TEXT, ("职责", "八个到位", "履职情况", "履职内容"), width=24,
          example="民意收集、宣传政策", normaliser=_duties, exporter=_duty_names,
          comment="八个到位中的一项或几项，用顿号、逗号或空格分开：" + "、".join(vocab.DUTIES) + "。"),
    Field("content", "走访内容", NOTES, ("内容", "民情记录", "走访情况", "记录内容", "民情日记"), width=40,
          example="了解春耕备耕情况，宣传惠农补贴政策", max_length=limits.NOTES_MAX,
          comment="走访了解的情况、做了什么。表中本程序不认识的列也会记入走访内容。"),
    Field("outside_links", "联户以外", FLAG, ("非联系户", "是否联户以外"), width=8, example="否",
          comment="走访的不是该党员当时联系的农户时填“是”；不填按否。"),
))

ENTITIES[VISIT.key] = VISIT


# ---------------------------------------------------------------- requests (诉求), export only

def _request_field(key: str, label: str, width: int, kind: str = TEXT) -> Field:
    return Field(key, label, kind, column="", width=width, importable=False)


REQUEST = Entity("request", "诉求", (
    _request_field("raised_on", "提出日期", 12, DATE),
    _request_field("grid", "所在网格", 10),
    _request_field("door_number", "门牌号", 10),
    _request_field("head_name", "户主姓名", 10),
    _request_field("member", "联户党员", 12),
    _request_field("visit_date", "走访日期", 12, DATE),
    _request_field("category", "诉求类别", 10),
    _request_field("content", "诉求内容", 40, NOTES),
    _request_field("handling", "办理方式", 10),
    _request_field("department", "承办部门", 14),
    _request_field("deadline", "办理时限", 12, DATE),
    _request_field("status", "办理状态", 10),
    _request_field("overdue", "是否超期", 8),
    _request_field("result", "办理结果", 30, NOTES),
    _request_field("done_on", "办结日期", 12, DATE),
    _request_field("feedback_on", "反馈日期", 12, DATE),
    _request_field("satisfaction", "群众满意度", 10),
))

ENTITIES[REQUEST.key] = REQUEST
