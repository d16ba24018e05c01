"""Schema 12: the year-end appraisal (一评) made recordable.

* schemes get a version and the moment they were frozen (scoring began);
* the appraisal gets its attendance (应到 / 实到), the ballots issued and its
  rules (JSON: grade thresholds live in ``thresholds`` already; ballot
  weights, validity rules and single-entry counting in ``rules``);
* a score keeps the computation an automatic item was given with;
* a ballot row is one *entry* of a paper ballot (1 or 2: double entry), so
  the serial is unique per appraisal and entry;
* tally sheets: counts per grade per member per rater kind, when the count
  was done by hand, also entered twice.

Scheme, item, appraisal, score, ballot, ballot grade and tally rows are
audited by trigger (fields frozen here as they are at schema 12).
"""

from lianhu_desktop.store.changelog import AuditedTable, Field, create_triggers, flag, name_of

STATEMENTS = [
    'ALTER TABLE "scheme" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 1',
    'ALTER TABLE "scheme" ADD COLUMN "frozen_at" DATETIME',
    'ALTER TABLE "appraisal" ADD COLUMN "expected" INTEGER',
    'ALTER TABLE "appraisal" ADD COLUMN "present" INTEGER',
    'ALTER TABLE "appraisal" ADD COLUMN "ballots_issued" INTEGER',
    'ALTER TABLE "appraisal" ADD COLUMN "rules" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "score" ADD COLUMN "computation" TEXT NOT NULL DEFAULT \'\'',
    'ALTER TABLE "ballot" ADD COLUMN "entry" INTEGER NOT NULL DEFAULT 1',
    'ALTER TABLE "ballot" ADD COLUMN "note" TEXT NOT NULL DEFAULT \'\'',
    'DROP INDEX "ballot_appraisal_id_serial"',
    'CREATE UNIQUE INDEX "ballot_appraisal_id_serial_entry" ON "ballot" ("appraisal_id", "serial", "entry")',
    'CREATE TABLE "tally_sheet" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "appraisal_id" INTEGER NOT NULL, '
    '"voter_kind" VARCHAR(255) NOT NULL, "entry" INTEGER NOT NULL, "returned" INTEGER NOT NULL, '
    '"invalid" INTEGER NOT NULL, '
    'FOREIGN KEY ("appraisal_id") REFERENCES "appraisal" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "tally_sheet_uuid" ON "tally_sheet" ("uuid")',
    'CREATE UNIQUE INDEX "tally_sheet_appraisal_id_voter_kind_entry" ON "tally_sheet" '
    '("appraisal_id", "voter_kind", "entry")',
    'CREATE TABLE "tally_row" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
    '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "sheet_id" INTEGER NOT NULL, '
    '"member_id" INTEGER NOT NULL, "excellent" INTEGER NOT NULL, "qualified" INTEGER NOT NULL, '
    '"basic" INTEGER NOT NULL, "unqualified" INTEGER NOT NULL, '
    'FOREIGN KEY ("sheet_id") REFERENCES "tally_sheet" ("id") ON DELETE CASCADE, '
    'FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "tally_row_uuid" ON "tally_row" ("uuid")',
    'CREATE INDEX "tally_row_member_id" ON "tally_row" ("member_id")',
    'CREATE UNIQUE INDEX "tally_row_sheet_id_member_id" ON "tally_row" ("sheet_id", "member_id")',
]

_APPRAISAL = ("COALESCE((SELECT \"name\" FROM \"village\" WHERE \"id\" = (SELECT \"village_id\" FROM \"appraisal\" "
              "WHERE \"id\" = {row}.\"appraisal_id\")), '') || ' ' || COALESCE((SELECT CAST(\"year\" AS TEXT) "
              "FROM \"appraisal\" WHERE \"id\" = {row}.\"appraisal_id\"), '') || '年'")
_MEMBER = "COALESCE((SELECT \"name\" FROM \"member\" WHERE \"id\" = {row}.\"member_id\"), '')"

SCHEME = AuditedTable(
    "scheme", "'考核方案 ' || {row}.\"name\" || ' 第' || CAST({row}.\"version\" AS TEXT) || '版'",
    (name_of("village_id", "村", "village"), Field("tier", "考核类别"), Field("year", "年度"),
     Field("name", "方案名称"), Field("version", "版本"), Field("frozen_at", "冻结时间")),
)

ITEM = AuditedTable(
    "item", "'考核项目 ' || {row}.\"name\"",
    (name_of("scheme_id", "考核方案", "scheme"), Field("name", "项目名称"), Field("max_tenths", "满分（0.1分）"),
     Field("criteria", "评分标准"), Field("source", "来源"), Field("rule", "计分规则"), Field("sort_order", "顺序")),
)

APPRAISAL = AuditedTable(
    "appraisal",
    "'民主评议 ' || COALESCE((SELECT \"name\" FROM \"village\" WHERE \"id\" = {row}.\"village_id\"), '') "
    "|| ' ' || CAST({row}.\"year\" AS TEXT) || '年'",
    (name_of("village_id", "村", "village"), Field("year", "年度"), Field("date", "评议日期"),
     Field("status", "状态"), Field("thresholds", "等次分数线"), Field("expected", "应到人数"),
     Field("present", "实到人数"), Field("ballots_issued", "发出票数"), Field("rules", "计票规则"),
     Field("sealed_at", "封存时间"), Field("seal", "封存码")),
)

SCORE = AuditedTable(
    "score", "'考核评分 ' || " + _MEMBER + " || ' ' || COALESCE((SELECT \"name\" FROM \"item\" "
    "WHERE \"id\" = {row}.\"item_id\"), '')",
    (name_of("member_id", "党员", "member"), name_of("item_id", "考核项目", "item"),
     Field("tenths", "得分（0.1分）"), Field("note", "理由"), Field("computation", "计算过程")),
)

BALLOT = AuditedTable(
    "ballot", "'测评票 ' || " + _APPRAISAL + " || ' 第' || CAST({row}.\"serial\" AS TEXT) || '号（第' "
    "|| CAST({row}.\"entry\" AS TEXT) || '次录入）'",
    (Field("serial", "票号"), Field("entry", "录入次"), Field("voter_kind", "评议人类别"),
     flag("valid", "有效"), Field("note", "备注")),
)

BALLOT_GRADE = AuditedTable(
    "ballot_grade",
    "'测评票等次 ' || COALESCE((SELECT '第' || CAST(\"serial\" AS TEXT) || '号第' || CAST(\"entry\" AS TEXT) "
    "|| '次' FROM \"ballot\" WHERE \"id\" = {row}.\"ballot_id\"), '') || ' ' || " + _MEMBER,
    (name_of("member_id", "党员", "member"), Field("grade", "等次")),
)

TALLY_SHEET = AuditedTable(
    "tally_sheet", "'计票汇总 ' || " + _APPRAISAL + " || ' ' || {row}.\"voter_kind\" || ' 第' "
    "|| CAST({row}.\"entry\" AS TEXT) || '次录入'",
    (Field("voter_kind", "评议人类别"), Field("entry", "录入次"), Field("returned", "收回票数"),
     Field("invalid", "无效票数")),
)

TALLY_ROW = AuditedTable(
    "tally_row", "'计票汇总 ' || " + _MEMBER,
    (name_of("member_id", "党员", "member"), Field("excellent", "优秀"), Field("qualified", "合格"),
     Field("basic", "基本合格"), Field("unqualified", "不合格")),
)


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for table in (SCHEME, ITEM, APPRAISAL, SCORE, BALLOT, BALLOT_GRADE, TALLY_SHEET, TALLY_ROW):
        create_triggers(db, table)
