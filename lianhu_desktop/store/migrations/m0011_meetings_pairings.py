"""Schema 11: the problems a meeting studied, 结对帮扶 pairings; change log on
commitments, meetings, meeting problems and pairings.

The audited fields are frozen here as they are at schema 11.
"""

from lianhu_desktop.store.changelog import AuditedTable, Field, create_triggers, name_of

STATEMENTS = [
    'CREATE TABLE "meeting_problem" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "meeting_id" INTEGER NOT NULL, '
    '"content" TEXT NOT NULL, "follow_up_id" INTEGER, "sort_order" INTEGER NOT NULL, '
    'FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("follow_up_id") REFERENCES "member" ("id") ON DELETE SET NULL)',
    'CREATE UNIQUE INDEX "meeting_problem_uuid" ON "meeting_problem" ("uuid")',
    'CREATE INDEX "meeting_problem_follow_up_id" ON "meeting_problem" ("follow_up_id")',
    'CREATE INDEX "meeting_problem_meeting_id_sort_order" ON "meeting_problem" ("meeting_id", "sort_order")',
    'CREATE TABLE "pairing" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "member_id" INTEGER NOT NULL, '
    '"household_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "goals" TEXT NOT NULL, '
    '"measures" TEXT NOT NULL, "due_date" DATE, "review_note" TEXT NOT NULL, "outcome" VARCHAR(255) NOT NULL, '
    'FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "pairing_uuid" ON "pairing" ("uuid")',
    'CREATE INDEX "pairing_member_id_year" ON "pairing" ("member_id", "year")',
    'CREATE INDEX "pairing_household_id_year" ON "pairing" ("household_id", "year")',
    'CREATE UNIQUE INDEX "pairing_member_id_household_id_year" ON "pairing" ("member_id", "household_id", "year")',
]

_MEMBER_NAME = "COALESCE((SELECT \"name\" FROM \"member\" WHERE \"id\" = {row}.\"member_id\"), '')"

COMMITMENT = AuditedTable(
    "commitment", "'承诺 ' || " + _MEMBER_NAME + " || ' ' || CAST({row}.\"year\" AS TEXT) || '年'",
    (name_of("member_id", "党员", "member"), Field("year", "年度"), Field("content", "承诺内容"),
     Field("deadline", "完成时限"), Field("quality_standard", "质量标准"), Field("status", "进展情况"),
     Field("result", "完成情况")),
)

MEETING = AuditedTable(
    "meeting", "'会议 ' || CAST({row}.\"date\" AS TEXT) || ' ' || {row}.\"kind\"",
    (name_of("village_id", "村", "village"), Field("date", "日期"), Field("kind", "会议类型"),
     Field("topic", "主题"), Field("notes", "会议记录")),
)

MEETING_PROBLEM = AuditedTable(
    "meeting_problem",
    "'会议研究问题 ' || COALESCE((SELECT CAST(\"date\" AS TEXT) FROM \"meeting\" "
    "WHERE \"id\" = {row}.\"meeting_id\"), '')",
    (Field("content", "问题"), name_of("follow_up_id", "落实人", "member")),
)

PAIRING = AuditedTable(
    "pairing",
    "'结对帮扶 ' || " + _MEMBER_NAME + " || ' — ' || COALESCE((SELECT \"head_name\" FROM \"household\" "
    "WHERE \"id\" = {row}.\"household_id\"), '')",
    (name_of("member_id", "帮扶党员", "member"), name_of("household_id", "帮扶农户", "household", "head_name"),
     Field("year", "年度"), Field("goals", "帮扶目标"), Field("measures", "帮扶措施"),
     Field("due_date", "完成时限"), Field("review_note", "年终评议"), Field("outcome", "帮扶成效")),
)


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for table in (COMMITMENT, MEETING, MEETING_PROBLEM, PAIRING):
        create_triggers(db, table)
