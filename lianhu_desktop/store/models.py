"""The peewee tables. One class per glossary entry of the design guide.

Every row carries a stable ``uuid`` (villages' databases are merged at the
township later) and created/updated timestamps. Points are stored as integers
of tenths, never floats. Enumerations are stored as the Chinese words of
``domain.vocab``. The tables are created by the numbered migrations in
``store/migrations``, never by ``create_tables``; a test checks that the two
agree.
"""

from __future__ import annotations

import datetime
import uuid as uuid_module

from peewee import (
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    Model,
    SmallIntegerField,
    TextField,
)

database = DatabaseProxy()


def new_uuid() -> str:
    return uuid_module.uuid4().hex


def now() -> datetime.datetime:
    return datetime.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    uuid = CharField(max_length=32, unique=True, default=new_uuid)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    # Counts the saves of an existing row: a save checks it is still the
    # version loaded and moves it on in the same UPDATE (``store.rowversion``).
    row_version = IntegerField(default=0)

    class Meta:
        database = database
        legacy_table_names = False

    def save(self, force_insert=False, only=None):
        """Insert, or update only when the row is still at the version this
        instance holds (``WHERE id = ? AND row_version = ?``), moving it on by
        one; a row changed or deleted meanwhile raises ``StaleRecord`` and
        nothing is written."""
        if self._pk is None or force_insert:
            return super().save(force_insert=force_insert, only=only)
        from lianhu_desktop.store import rowversion

        return rowversion.guarded_save(self, super().save, only)

    def _pk_expr(self):
        expression = super()._pk_expr()
        expected = self.__dict__.get("_expected_version")
        if expected is not None:
            expression &= type(self).row_version == expected
        return expression


class Village(BaseModel):
    """A village and its party branch (村 / 党支部)."""

    name = CharField()
    branch_name = CharField(default="")
    township = CharField(default="")
    secretary = CharField(default="")
    supervision_phone = CharField(default="")
    link_min = SmallIntegerField(default=5)
    link_max = SmallIntegerField(default=10)
    sort_order = IntegerField(default=0)
    notes = TextField(default="")

    class Meta:
        indexes = ((("township", "name"), True),)


class Grid(BaseModel):
    """An area of households (网格 / 村民小组)."""

    village = ForeignKeyField(Village, backref="grids", on_delete="CASCADE", index=False)
    name = CharField()
    sort_order = IntegerField(default=0)
    notes = TextField(default="")

    class Meta:
        indexes = ((("village", "name"), True),)


class PartyGroup(BaseModel):
    """A party small group (党小组) with its leader (组长)."""

    village = ForeignKeyField(Village, backref="party_groups", on_delete="CASCADE", index=False)
    name = CharField()
    kind = CharField(default="其他")
    leader = DeferredForeignKey("Member", null=True, on_delete="SET NULL")
    notes = TextField(default="")

    class Meta:
        indexes = ((("village", "name"), True),)


class Post(BaseModel):
    """A post of 设岗定责 with its duties."""

    village = ForeignKeyField(Village, backref="posts", on_delete="CASCADE", index=False)
    name = CharField()
    duties = TextField(default="")
    notes = TextField(default="")

    class Meta:
        indexes = ((("village", "name"), True),)


class Household(BaseModel):
    """A household (农户) with its head (户主)."""

    village = ForeignKeyField(Village, backref="households", on_delete="CASCADE", index=False)
    grid = ForeignKeyField(Grid, backref="households", null=True, on_delete="SET NULL", index=False)
    door_number = CharField(default="")
    # Numeric part of the door number, for proximity and natural sorting.
    door_sort = IntegerField(default=0)
    head_name = CharField()
    head_pinyin = CharField(default="")
    head_initials = CharField(default="")
    # pinyin.sort_key(head_name): what lists sort the head's name by.
    head_sort = CharField(default="")
    head_id_number = CharField(null=True)
    phone = CharField(default="")
    address = CharField(default="")
    size = SmallIntegerField(default=1)
    # Where the household's people work, for 外出户 linked by migrant members.
    work_place = CharField(default="")
    industry_association = CharField(default="")
    notes = TextField(default="")
    archived = BooleanField(default=False)
    archived_on = DateField(null=True)
    archive_reason = CharField(default="")

    class Meta:
        indexes = (
            (("village", "archived", "door_sort"), False),
            (("grid", "door_sort"), False),
            # (head_pinyin) and (head_initials) were dropped in schema 16: no search could use them.
            (("village", "archived", "head_sort"), False),
            (("head_id_number",), False),
        )


class HouseholdTag(BaseModel):
    """One tag of a household (困难户, 低保户 …); a household has any number."""

    household = ForeignKeyField(Household, backref="tags", on_delete="CASCADE", index=False)
    tag = CharField()

    class Meta:
        indexes = ((("household", "tag"), True), (("tag",), False))


class Member(BaseModel):
    """A party member on the roster (党员花名册)."""

    village = ForeignKeyField(Village, backref="members", on_delete="CASCADE", index=False)
    name = CharField()
    name_pinyin = CharField(default="")
    name_initials = CharField(default="")
    # pinyin.sort_key(name): what lists sort the name by.
    name_sort = CharField(default="")
    gender = CharField(default="男")
    ethnicity = CharField(default="汉族")
    birth_date = DateField(null=True)
    # "month" when only year and month are known (出生年月 1965.03): shown so.
    birth_date_precision = CharField(default="day")
    id_number = CharField(null=True)
    phone = CharField(default="")
    education = CharField(default="")
    join_date = DateField(null=True)
    join_date_precision = CharField(default="day")
    # 转正日期: when a probationary member (预备党员) became a full member.
    confirm_date = DateField(null=True)
    confirm_date_precision = CharField(default="day")
    membership = CharField(default="正式党员")
    residence = CharField(default="在家")
    migrant_place = CharField(default="")
    party_group = ForeignKeyField(PartyGroup, backref="members", null=True, on_delete="SET NULL")
    post = ForeignKeyField(Post, backref="members", null=True, on_delete="SET NULL")
    tier = CharField(default="一般党员")
    skills = CharField(default="")
    home_grid = ForeignKeyField(Grid, backref="members", null=True, on_delete="SET NULL")
    # The member's own household (流动党员户 when the member is a migrant).
    household = ForeignKeyField(Household, backref="members", null=True, on_delete="SET NULL")
    address = CharField(default="")
    is_committee = BooleanField(default=False)
    # Old, sick or disabled members may be exempt from the linking range.
    link_exempt = BooleanField(default=False)
    notes = TextField(default="")
    archived = BooleanField(default=False)
    archived_on = DateField(null=True)
    archive_reason = CharField(default="")

    class Meta:
        indexes = (
            (("village", "archived", "name_sort"), False),
            (("name_pinyin",), False),
            (("name_initials",), False),
            (("id_number",), False),
            (("phone",), False),
        )


class Link(BaseModel):
    """Member ↔ household (联户关系). History is kept: an ended link has end_date."""

    member = ForeignKeyField(Member, backref="links", on_delete="CASCADE", index=False)
    household = ForeignKeyField(Household, backref="links", on_delete="CASCADE", index=False)
    mode = CharField(default="就近就地")
    start_date = DateField()
    end_date = DateField(null=True)
    end_reason = CharField(default="")

    class Meta:
        indexes = ((("member", "end_date"), False), (("household", "end_date"), False))


class Visit(BaseModel):
    """One contact with a household (走访 / 民情日记)."""

    # Denormalised so that township lists filter by village without a join.
    village = ForeignKeyField(Village, backref="visits", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="visits", on_delete="CASCADE", index=False)
    household = ForeignKeyField(Household, backref="visits", on_delete="CASCADE", index=False)
    date = DateField()
    form = CharField(default="入户走访")
    # Bit mask over vocab.DUTIES (八个到位).
    duties = SmallIntegerField(default=0)
    content = TextField(default="")

    class Meta:
        indexes = (
            (("village", "date"), False),
            # The year's visits by form and duty counted from the index alone (schema 15).
            (("date", "form", "duties"), False),
            (("member", "date"), False),
            (("household", "date"), False),
            # The month's 一次 asks, per link, whether its member visited its household.
            (("household", "member", "date"), False),
        )


class Request(BaseModel):
    """A wish or problem raised by the masses (诉求), followed to its end."""

    village = ForeignKeyField(Village, backref="requests", on_delete="CASCADE", index=False)
    household = ForeignKeyField(Household, backref="requests", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="requests", null=True, on_delete="SET NULL")
    visit = ForeignKeyField(Visit, backref="requests", null=True, on_delete="SET NULL")
    category = CharField(default="其他")
    content = TextField()
    raised_on = DateField(null=True)
    handling = CharField(default="当场办结")
    # The department a request was handed to (handling 转交部门).
    department = CharField(default="")
    deadline = DateField(null=True)
    status = CharField(default="待办")
    result = TextField(default="")
    done_on = DateField(null=True)
    feedback_on = DateField(null=True)
    satisfaction = CharField(default="")

    class Meta:
        indexes = ((("village", "status"), False), (("village", "raised_on"), False))


class ContactPoint(BaseModel):
    """A cadre's contact point (联系点): a grid they visit twice a month (seed 004)."""

    village = ForeignKeyField(Village, backref="contact_points", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="contact_points", on_delete="CASCADE", index=False)
    grid = ForeignKeyField(Grid, backref="contact_points", on_delete="CASCADE")
    start_date = DateField()
    notes = TextField(default="")

    class Meta:
        indexes = ((("member", "grid"), True), (("village",), False))


class Commitment(BaseModel):
    """A member's public pledge for the year (承诺)."""

    member = ForeignKeyField(Member, backref="commitments", on_delete="CASCADE", index=False)
    year = SmallIntegerField()
    content = TextField()
    deadline = DateField(null=True)
    quality_standard = TextField(default="")
    status = CharField(default="未开始")
    result = TextField(default="")

    class Meta:
        indexes = ((("member", "year"), False), (("year",), False))


class Meeting(BaseModel):
    """The monthly theme party day (一会) and other meetings."""

    village = ForeignKeyField(Village, backref="meetings", on_delete="CASCADE", index=False)
    date = DateField()
    kind = CharField(default="主题党日")
    topic = CharField(default="")
    notes = TextField(default="")

    class Meta:
        indexes = ((("village", "date"), False),)


class Attendance(BaseModel):
    """Whether one member attended one meeting."""

    meeting = ForeignKeyField(Meeting, backref="attendance", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="attendance", on_delete="CASCADE")
    status = CharField(default="出席")

    class Meta:
        indexes = ((("meeting", "member"), True),)


class MeetingProblem(BaseModel):
    """A problem a meeting studied (研究的问题) and who follows it up."""

    meeting = ForeignKeyField(Meeting, backref="problems", on_delete="CASCADE", index=False)
    content = TextField()
    # The member who follows it up (落实人); NULL when the branch as a whole does.
    follow_up = ForeignKeyField(Member, backref="follow_ups", null=True, on_delete="SET NULL")
    sort_order = IntegerField(default=0)

    class Meta:
        indexes = ((("meeting", "sort_order"), False),)


class Pairing(BaseModel):
    """结对帮扶: a member paired for a year with a household in difficulty, with the help plan."""

    member = ForeignKeyField(Member, backref="pairings", on_delete="CASCADE", index=False)
    household = ForeignKeyField(Household, backref="pairings", on_delete="CASCADE", index=False)
    year = SmallIntegerField()
    goals = TextField(default="")  # 帮扶目标
    measures = TextField(default="")  # 帮扶措施
    due_date = DateField(null=True)  # 完成时限
    # The year-end review (年终评议).
    review_note = TextField(default="")
    outcome = CharField(default="")

    class Meta:
        indexes = ((("member", "year"), False), (("household", "year"), False),
                   (("member", "household", "year"), True))


class Scheme(BaseModel):
    """A tier's 100-point appraisal scheme (考核方案) for a year.

    ``village`` is NULL for the township-wide default scheme.
    """

    village = ForeignKeyField(Village, backref="schemes", null=True, on_delete="CASCADE", index=False)
    tier = CharField()
    year = SmallIntegerField()
    name = CharField(default="")
    # A frozen scheme (scoring has begun) is never edited: a change makes the
    # next version, and scores keep the items they were given under.
    version = IntegerField(default=1)
    frozen_at = DateTimeField(null=True)

    class Meta:
        indexes = ((("village", "tier", "year"), False),)


class Item(BaseModel):
    """One item of a scheme (考核项目), worth ``max_tenths`` / 10 points."""

    scheme = ForeignKeyField(Scheme, backref="items", on_delete="CASCADE")
    name = CharField()
    max_tenths = IntegerField()
    criteria = TextField(default="")
    source = CharField(default="手工")
    # For automatic items: which computed figure scores them (visits, meetings …).
    rule = CharField(default="")
    sort_order = IntegerField(default=0)


class Appraisal(BaseModel):
    """The year-end democratic appraisal of a village (民主评议)."""

    village = ForeignKeyField(Village, backref="appraisals", on_delete="CASCADE", index=False)
    year = SmallIntegerField()
    date = DateField(null=True)
    status = CharField(default="准备中")
    # JSON: the lowest total (in tenths) for each grade, e.g. {"优秀": 900}.
    thresholds = TextField(default="")
    sealed_at = DateTimeField(null=True)
    # SHA-256 over the scores and ballots at sealing; a later change shows.
    seal = CharField(default="")
    expected = IntegerField(null=True)  # 应到人数
    present = IntegerField(null=True)  # 实到人数
    ballots_issued = IntegerField(null=True)  # 发出票数
    # JSON: ballot weights per grade and rater kind, validity rules, single-entry counting.
    rules = TextField(default="")

    class Meta:
        indexes = ((("village", "year"), True),)


class Score(BaseModel):
    """One member's points on one item of an appraisal."""

    appraisal = ForeignKeyField(Appraisal, backref="scores", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="scores", on_delete="CASCADE")
    item = ForeignKeyField(Item, backref="scores", on_delete="CASCADE")
    tenths = IntegerField(default=0)
    note = CharField(default="")  # the committee's reason (manual items)
    computation = TextField(default="")  # how an automatic item was computed

    class Meta:
        indexes = ((("appraisal", "member", "item"), True),)


class Ballot(BaseModel):
    """One entry of a participant's paper ballot (测评票) at the appraisal meeting.

    Each paper ballot is entered twice (``entry`` 1 and 2, the second blind);
    it counts only when both entries agree. ``valid`` False: marked 作废.
    ``agrees`` (derived, kept by ``store.ballot_agreement``): whether entries 1
    and 2 of the serial agree; None while one of them is missing.
    """

    appraisal = ForeignKeyField(Appraisal, backref="ballots", on_delete="CASCADE", index=False)
    serial = IntegerField()
    entry = IntegerField(default=1)
    voter_kind = CharField(default="党员")
    valid = BooleanField(default=True)
    note = TextField(default="")
    agrees = BooleanField(null=True)

    class Meta:
        indexes = ((("appraisal", "serial", "entry"), True),)


class BallotGrade(BaseModel):
    """The grade one ballot gives one member."""

    ballot = ForeignKeyField(Ballot, backref="grades", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="ballot_grades", on_delete="CASCADE")
    grade = CharField()

    class Meta:
        # The second one holds everything counting reads (``domain.ballots.count`` sums the grades
        # of the agreed ballots from it alone, without the table's rows).
        indexes = ((("ballot", "member"), True), (("ballot", "member", "grade"), False))


class TallySheet(BaseModel):
    """A hand count's sums for one rater kind, one entry of two (计票汇总)."""

    appraisal = ForeignKeyField(Appraisal, backref="tally_sheets", on_delete="CASCADE", index=False)
    voter_kind = CharField()
    entry = IntegerField()
    returned = IntegerField()
    invalid = IntegerField()

    class Meta:
        indexes = ((("appraisal", "voter_kind", "entry"), True),)


class TallyRow(BaseModel):
    """A hand count for one member on a tally sheet: ballots per grade."""

    sheet = ForeignKeyField(TallySheet, backref="rows", on_delete="CASCADE", index=False)
    member = ForeignKeyField(Member, backref="tally_rows", on_delete="CASCADE")
    excellent = IntegerField()
    qualified = IntegerField()
    basic = IntegerField()
    unqualified = IntegerField()

    class Meta:
        indexes = ((("sheet", "member"), True),)


class Setting(BaseModel):
    """A setting; ``scope`` is '' for the whole database or a village's uuid."""

    scope = CharField(default="")
    key = CharField()
    value = TextField(default="")

    class Meta:
        indexes = ((("scope", "key"), True),)


class AuditLog(BaseModel):
    """Who changed what, for the clerk's and the township's peace of mind."""

    at = DateTimeField(default=now)
    action = CharField()
    table = CharField(default="")
    row_uuid = CharField(default="")
    summary = TextField(default="")
    operator = CharField(default="")

    class Meta:
        indexes = ((("at",), False),)


class ChangeLog(BaseModel):
    """One changed field of an audited row, written by the triggers of ``store.changelog``.

    Never written by the program directly and never deleted.
    """

    at = DateTimeField(default=now)
    operator = CharField(default="")
    action = CharField()  # 新增, 修改, 删除
    table = CharField()
    row_id = IntegerField()
    row_uuid = CharField()
    object = CharField()
    field = CharField()
    old = TextField(null=True)
    new = TextField(null=True)

    class Meta:
        indexes = ((("at",), False), (("table", "row_id"), False))


class PrintLog(BaseModel):
    """What was last printed for a target, so 'changed since last print' works.

    ``fingerprint`` hashes the content printed (e.g. a door plate's household,
    member and phone); a target whose current fingerprint differs has changed.
    """

    kind = CharField()
    target_uuid = CharField()
    fingerprint = CharField()
    printed_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("kind", "target_uuid"), True),)


class Tombstone(BaseModel):
    """A deleted row, so that its deletion travels in the village's package.

    Written by the delete triggers of ``store.tombstones``, one for every
    table a package carries; holds the row's uuid only, no personal data.
    """

    table = CharField()
    row_uuid = CharField(max_length=32)
    deleted_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("table", "row_uuid"), False),)


class PackageMerge(BaseModel):
    """One village package merged into this (the township's) database.

    ``package_created_at`` is the village's clock when it wrote the package,
    ``merged_at`` this database's clock: a row the township edited after
    ``merged_at`` and the village changed after ``package_created_at`` is a
    conflict.
    """

    village_uuid = CharField(max_length=32)
    village_name = CharField(default="")
    package_uuid = CharField(max_length=32)
    package_created_at = CharField()
    merged_at = DateTimeField(default=now)
    schema_version = IntegerField()
    program_version = CharField(default="")
    summary = TextField(default="")

    class Meta:
        indexes = ((("village_uuid", "package_created_at"), False), (("package_uuid",), False))


# In creation order (parents first); migrations and tests use this list.
ALL_MODELS = [
    Village, Grid, PartyGroup, Post, Household, HouseholdTag, Member, Link, Visit,
    Request, ContactPoint, Commitment, Meeting, Attendance, MeetingProblem, Pairing, Scheme, Item, Appraisal, Score,
    Ballot, BallotGrade, TallySheet, TallyRow, Setting, AuditLog, PrintLog, ChangeLog, Tombstone, PackageMerge,
]
# Rows no command deletes (the database refuses it).
LOG_MODELS = (AuditLog, ChangeLog)
