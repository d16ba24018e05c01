"""Schema 6: the change log, written by triggers on members, households and links.

Also gives the existing audit lines an operator, and makes both logs refuse
deletion, so that no command (``demo --force`` included) can erase them.
The audited fields are listed here, frozen as they are at schema 6; a later
table is audited by calling ``changelog.create_triggers`` in its own step.
"""

from lianhu_desktop.store.changelog import AuditedTable, Field, create_triggers, flag, name_of

STATEMENTS = [
    (
        'CREATE TABLE "change_log" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "at" DATETIME NOT NULL, '
        '"operator" VARCHAR(255) NOT NULL, "action" VARCHAR(255) NOT NULL, "table" VARCHAR(255) NOT NULL, '
        '"row_id" INTEGER NOT NULL, "row_uuid" VARCHAR(255) NOT NULL, "object" VARCHAR(255) NOT NULL, '
        '"field" VARCHAR(255) NOT NULL, "old" TEXT, "new" TEXT)'
    ),
    'CREATE UNIQUE INDEX "change_log_uuid" ON "change_log" ("uuid")',
    'CREATE INDEX "change_log_at" ON "change_log" ("at")',
    'CREATE INDEX "change_log_table_row_id" ON "change_log" ("table", "row_id")',
    'CREATE TABLE "audit_context" ("id" INTEGER NOT NULL PRIMARY KEY, "operator" VARCHAR(255) NOT NULL)',
    "INSERT INTO \"audit_context\" VALUES (1, '')",
    "ALTER TABLE \"audit_log\" ADD COLUMN \"operator\" VARCHAR(255) NOT NULL DEFAULT ''",
]

for _log in ("change_log", "audit_log"):
    STATEMENTS += [
        f'CREATE TRIGGER "{_log}_keep_delete" BEFORE DELETE ON "{_log}" '
        "BEGIN SELECT RAISE(ABORT, '操作记录不能删除'); END",
        f'CREATE TRIGGER "{_log}_keep_update" BEFORE UPDATE ON "{_log}" '
        "BEGIN SELECT RAISE(ABORT, '操作记录不能修改'); END",
    ]

VILLAGE = name_of("village_id", "村", "village")

MEMBER = AuditedTable("member", "'党员 ' || {row}.\"name\"", (
    VILLAGE,
    Field("name", "姓名"), Field("gender", "性别"), Field("ethnicity", "民族"),
    Field("birth_date", "出生日期"), Field("id_number", "身份证号码"), Field("phone", "联系电话"),
    Field("education", "文化程度"), Field("join_date", "入党时间"), Field("membership", "党员身份"),
    Field("residence", "居住情况"), Field("migrant_place", "外出地点"),
    name_of("party_group_id", "党小组", "party_group"), name_of("post_id", "岗位", "post"),
    Field("tier", "考核类别"), Field("skills", "特长"), name_of("home_grid_id", "所在网格", "grid"),
    name_of("household_id", "所在农户", "household", "head_name"), Field("address", "家庭住址"),
    flag("is_committee", "是否支委"), flag("link_exempt", "免于联户"), Field("notes", "备注"),
    flag("archived", "已归档"), Field("archived_on", "归档日期"), Field("archive_reason", "归档原因"),
))

HOUSEHOLD = AuditedTable(
    "household",
    "'农户 ' || {row}.\"head_name\" || CASE WHEN {row}.\"door_number\" <> '' "
    "THEN '（' || {row}.\"door_number\" || '）' ELSE '' END",
    (
        VILLAGE, name_of("grid_id", "所在网格", "grid"), Field("door_number", "门牌号"),
        Field("head_name", "户主姓名"), Field("head_id_number", "户主身份证号码"),
        Field("phone", "联系电话"), Field("address", "家庭住址"), Field("size", "家庭人口"),
        Field("work_place", "务工地点"), Field("industry_association", "产业协会"), Field("notes", "备注"),
        flag("archived", "已归档"), Field("archived_on", "归档日期"), Field("archive_reason", "归档原因"),
    ),
)

LINK = AuditedTable(
    "link",
    "'联户 ' || COALESCE((SELECT \"name\" FROM \"member\" WHERE \"id\" = {row}.\"member_id\"), '') "
    "|| ' — ' || COALESCE((SELECT \"head_name\" FROM \"household\" WHERE \"id\" = {row}.\"household_id\"), '')",
    (
        name_of("member_id", "联户党员", "member"), name_of("household_id", "农户", "household", "head_name"),
        Field("mode", "联户模式"), Field("start_date", "开始日期"), Field("end_date", "结束日期"),
        Field("end_reason", "结束原因"),
    ),
)


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for table in (MEMBER, HOUSEHOLD, LINK):
        create_triggers(db, table)
