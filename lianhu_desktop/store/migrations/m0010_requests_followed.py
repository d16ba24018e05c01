"""Schema 10: requests followed to the end, and visits and requests in the change log.

A request gains the day it was raised, the department it was handed to and
the household's satisfaction. The words of its handling, status and
category become those of the visit diary (seed 004): 即知即办 → 当场办结,
限期办理 and 上报党委 → 上报支部, 待办理 → 待办; the older categories fold
into the six offered now. A request raised in a visit was raised that day;
any other on the day it was entered. A request already fed back counts as
satisfied (nothing else was recorded).
"""

from lianhu_desktop.store.changelog import AuditedTable, Field, create_triggers, name_of

STATEMENTS = [
    'ALTER TABLE "request" ADD COLUMN "raised_on" DATE',
    'ALTER TABLE "request" ADD COLUMN "department" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "request" ADD COLUMN "satisfaction" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'UPDATE "request" SET "raised_on" = COALESCE((SELECT "date" FROM "visit" WHERE "visit"."id" = '
    '"request"."visit_id"), substr("created_at", 1, 10))',
    "UPDATE \"request\" SET \"handling\" = CASE \"handling\" WHEN '即知即办' THEN '当场办结' "
    "WHEN '限期办理' THEN '上报支部' WHEN '上报党委' THEN '上报支部' ELSE \"handling\" END",
    "UPDATE \"request\" SET \"status\" = '待办' WHERE \"status\" = '待办理'",
    "UPDATE \"request\" SET \"satisfaction\" = '满意' WHERE \"status\" = '已反馈'",
    # Solved on the spot is solved and fed back at once, with no deadline.
    "UPDATE \"request\" SET \"status\" = '已反馈', \"done_on\" = COALESCE(\"done_on\", \"raised_on\"), "
    "\"feedback_on\" = COALESCE(\"feedback_on\", \"done_on\", \"raised_on\"), \"satisfaction\" = '满意', "
    "\"deadline\" = NULL WHERE \"handling\" = '当场办结'",
    # Any other has a deadline: a month from when it was raised, where none was set.
    "UPDATE \"request\" SET \"deadline\" = date(\"raised_on\", '+30 days') "
    "WHERE \"handling\" <> '当场办结' AND \"deadline\" IS NULL",
    "UPDATE \"request\" SET \"category\" = CASE \"category\" WHEN '生产发展' THEN '生产生活' "
    "WHEN '就业增收' THEN '生产生活' WHEN '医疗救助' THEN '生产生活' WHEN '基础设施' THEN '安全隐患' "
    "ELSE \"category\" END",
    'CREATE INDEX "request_village_id_raised_on" ON "request" ("village_id", "raised_on")',
]
# PostgreSQL: dates are DATE there, and a day is added with +.
SERVER_STATEMENTS = {
    STATEMENTS[3]: 'UPDATE "request" SET "raised_on" = COALESCE((SELECT "date" FROM "visit" WHERE "visit"."id" = '
                   '"request"."visit_id"), CAST("created_at" AS DATE))',
    STATEMENTS[8]: "UPDATE \"request\" SET \"deadline\" = \"raised_on\" + 30 "
                   "WHERE \"handling\" <> '当场办结' AND \"deadline\" IS NULL",
}

# The duties as words (frozen here as at schema 10; bit n is vocab.DUTIES[n]).
_DUTY_WORDS = ("宣传政策", "民意收集", "隐患排查", "化解矛盾", "卫生监督", "促进增收", "文明引导", "应急救援")
_DUTIES_SHOWN = "rtrim(" + " || ".join(
    f"CASE WHEN ({{row}}.\"duties\" & {1 << bit}) <> 0 THEN '{word} ' ELSE '' END"
    for bit, word in enumerate(_DUTY_WORDS)) + ")"

_MEMBER = name_of("member_id", "党员", "member")
_HOUSEHOLD = name_of("household_id", "农户", "household", "head_name")

VISIT = AuditedTable(
    "visit",
    "'走访 ' || {row}.\"date\" || ' ' || COALESCE((SELECT \"name\" FROM \"member\" WHERE \"id\" = "
    "{row}.\"member_id\"), '') || ' — ' || COALESCE((SELECT \"head_name\" FROM \"household\" "
    "WHERE \"id\" = {row}.\"household_id\"), '')",
    (
        _MEMBER, _HOUSEHOLD, Field("date", "日期"), Field("form", "形式"),
        Field("duties", "职责（八个到位）", _DUTIES_SHOWN), Field("content", "内容"),
    ),
)

REQUEST = AuditedTable(
    "request",
    "'诉求 ' || COALESCE((SELECT \"head_name\" FROM \"household\" WHERE \"id\" = {row}.\"household_id\"), '')"
    " || '：' || substr({row}.\"content\", 1, 20)",
    (
        _HOUSEHOLD, _MEMBER, Field("category", "类别"), Field("content", "内容"),
        Field("raised_on", "提出日期"), Field("handling", "办理方式"), Field("department", "承办部门"),
        Field("deadline", "办理时限"), Field("status", "状态"), Field("result", "办理结果"),
        Field("done_on", "办结日期"), Field("feedback_on", "反馈日期"), Field("satisfaction", "满意度"),
    ),
)


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for table in (VISIT, REQUEST):
        create_triggers(db, table)
