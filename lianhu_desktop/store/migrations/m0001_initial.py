"""Schema 1: every table of the first release.

Frozen DDL, never generated from the models at run time: later model changes
must come as new numbered steps, and a database at schema 1 must upgrade
through them exactly as a clerk's file would.
"""

STATEMENTS = [
    (
        'CREATE TABLE "village" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "name"'
        ' VARCHAR(255) NOT NULL, "branch_name" VARCHAR(255) NOT NULL, "township" '
        'VARCHAR(255) NOT NULL, "secretary" VARCHAR(255) NOT NULL, "supervision_phone" '
        'VARCHAR(255) NOT NULL, "link_min" INTEGER NOT NULL, "link_max" INTEGER NOT NULL,'
        ' "sort_order" INTEGER NOT NULL, "notes" TEXT NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "village_uuid" ON "village" ("uuid")',
    'CREATE UNIQUE INDEX "village_township_name" ON "village" ("township", "name")',
    (
        'CREATE TABLE "grid" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "sort_order" '
        'INTEGER NOT NULL, "notes" TEXT NOT NULL, FOREIGN KEY ("village_id") REFERENCES '
        '"village" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "grid_uuid" ON "grid" ("uuid")',
    'CREATE UNIQUE INDEX "grid_village_id_name" ON "grid" ("village_id", "name")',
    (
        'CREATE TABLE "party_group" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT '
        'NULL, "village_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "kind" '
        'VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, "leader_id" INTEGER, FOREIGN KEY '
        '("village_id") REFERENCES "village" ("id") ON DELETE CASCADE, FOREIGN KEY '
        '("leader_id") REFERENCES "member" ("id") ON DELETE SET NULL)'
    ),
    'CREATE UNIQUE INDEX "party_group_uuid" ON "party_group" ("uuid")',
    'CREATE INDEX "party_group_leader_id" ON "party_group" ("leader_id")',
    'CREATE UNIQUE INDEX "party_group_village_id_name" ON "party_group" ("village_id", "name")',
    (
        'CREATE TABLE "post" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "duties" TEXT NOT '
        'NULL, "notes" TEXT NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" '
        '("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "post_uuid" ON "post" ("uuid")',
    'CREATE UNIQUE INDEX "post_village_id_name" ON "post" ("village_id", "name")',
    (
        'CREATE TABLE "household" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "grid_id" INTEGER, "door_number" VARCHAR(255) NOT'
        ' NULL, "door_sort" INTEGER NOT NULL, "head_name" VARCHAR(255) NOT NULL, '
        '"head_pinyin" VARCHAR(255) NOT NULL, "head_initials" VARCHAR(255) NOT NULL, '
        '"head_id_number" VARCHAR(255), "phone" VARCHAR(255) NOT NULL, "address" '
        'VARCHAR(255) NOT NULL, "size" INTEGER NOT NULL, "work_place" VARCHAR(255) NOT '
        'NULL, "industry_association" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, '
        '"archived" INTEGER NOT NULL, "archived_on" DATE, "archive_reason" VARCHAR(255) '
        'NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE '
        'CASCADE, FOREIGN KEY ("grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL)'
    ),
    'CREATE UNIQUE INDEX "household_uuid" ON "household" ("uuid")',
    (
        'CREATE INDEX "household_village_id_archived_door_sort" ON "household" '
        '("village_id", "archived", "door_sort")'
    ),
    'CREATE INDEX "household_grid_id_door_sort" ON "household" ("grid_id", "door_sort")',
    'CREATE INDEX "household_head_pinyin" ON "household" ("head_pinyin")',
    'CREATE INDEX "household_head_initials" ON "household" ("head_initials")',
    'CREATE INDEX "household_head_id_number" ON "household" ("head_id_number")',
    (
        'CREATE TABLE "household_tag" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT '
        'NULL, "household_id" INTEGER NOT NULL, "tag" VARCHAR(255) NOT NULL, FOREIGN KEY '
        '("household_id") REFERENCES "household" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "household_tag_uuid" ON "household_tag" ("uuid")',
    (
        'CREATE UNIQUE INDEX "household_tag_household_id_tag" ON "household_tag" '
        '("household_id", "tag")'
    ),
    'CREATE INDEX "household_tag_tag" ON "household_tag" ("tag")',
    (
        'CREATE TABLE "member" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT'
        ' NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "name_pinyin" '
        'VARCHAR(255) NOT NULL, "name_initials" VARCHAR(255) NOT NULL, "gender" '
        'VARCHAR(255) NOT NULL, "ethnicity" VARCHAR(255) NOT NULL, "birth_date" DATE, '
        '"id_number" VARCHAR(255), "phone" VARCHAR(255) NOT NULL, "education" '
        'VARCHAR(255) NOT NULL, "join_date" DATE, "membership" VARCHAR(255) NOT NULL, '
        '"residence" VARCHAR(255) NOT NULL, "migrant_place" VARCHAR(255) NOT NULL, '
        '"party_group_id" INTEGER, "post_id" INTEGER, "tier" VARCHAR(255) NOT NULL, '
        '"skills" VARCHAR(255) NOT NULL, "home_grid_id" INTEGER, "household_id" INTEGER, '
        '"address" VARCHAR(255) NOT NULL, "is_committee" INTEGER NOT NULL, "link_exempt" '
        'INTEGER NOT NULL, "notes" TEXT NOT NULL, "archived" INTEGER NOT NULL, '
        '"archived_on" DATE, "archive_reason" VARCHAR(255) NOT NULL, FOREIGN KEY '
        '("village_id") REFERENCES "village" ("id") ON DELETE CASCADE, FOREIGN KEY '
        '("party_group_id") REFERENCES "party_group" ("id") ON DELETE SET NULL, FOREIGN '
        'KEY ("post_id") REFERENCES "post" ("id") ON DELETE SET NULL, FOREIGN KEY '
        '("home_grid_id") REFERENCES "grid" ("id") ON DELETE SET NULL, FOREIGN KEY '
        '("household_id") REFERENCES "household" ("id") ON DELETE SET NULL)'
    ),
    'CREATE UNIQUE INDEX "member_uuid" ON "member" ("uuid")',
    'CREATE INDEX "member_party_group_id" ON "member" ("party_group_id")',
    'CREATE INDEX "member_post_id" ON "member" ("post_id")',
    'CREATE INDEX "member_home_grid_id" ON "member" ("home_grid_id")',
    'CREATE INDEX "member_household_id" ON "member" ("household_id")',
    (
        'CREATE INDEX "member_village_id_archived_name_pinyin" ON "member" ("village_id",'
        ' "archived", "name_pinyin")'
    ),
    'CREATE INDEX "member_name_pinyin" ON "member" ("name_pinyin")',
    'CREATE INDEX "member_name_initials" ON "member" ("name_initials")',
    'CREATE INDEX "member_id_number" ON "member" ("id_number")',
    'CREATE INDEX "member_phone" ON "member" ("phone")',
    (
        'CREATE TABLE "link" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"member_id" INTEGER NOT NULL, "household_id" INTEGER NOT NULL, "mode" '
        'VARCHAR(255) NOT NULL, "start_date" DATE NOT NULL, "end_date" DATE, "end_reason"'
        ' VARCHAR(255) NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON '
        'DELETE CASCADE, FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON '
        'DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "link_uuid" ON "link" ("uuid")',
    'CREATE INDEX "link_member_id_end_date" ON "link" ("member_id", "end_date")',
    'CREATE INDEX "link_household_id_end_date" ON "link" ("household_id", "end_date")',
    (
        'CREATE TABLE "visit" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "household_id" '
        'INTEGER NOT NULL, "date" DATE NOT NULL, "form" VARCHAR(255) NOT NULL, "duties" '
        'INTEGER NOT NULL, "content" TEXT NOT NULL, FOREIGN KEY ("village_id") REFERENCES'
        ' "village" ("id") ON DELETE CASCADE, FOREIGN KEY ("member_id") REFERENCES '
        '"member" ("id") ON DELETE CASCADE, FOREIGN KEY ("household_id") REFERENCES '
        '"household" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "visit_uuid" ON "visit" ("uuid")',
    'CREATE INDEX "visit_village_id_date" ON "visit" ("village_id", "date")',
    'CREATE INDEX "visit_date" ON "visit" ("date")',
    'CREATE INDEX "visit_member_id_date" ON "visit" ("member_id", "date")',
    'CREATE INDEX "visit_household_id_date" ON "visit" ("household_id", "date")',
    (
        'CREATE TABLE "request" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "household_id" INTEGER NOT NULL, "member_id" '
        'INTEGER, "visit_id" INTEGER, "category" VARCHAR(255) NOT NULL, "content" TEXT '
        'NOT NULL, "handling" VARCHAR(255) NOT NULL, "deadline" DATE, "status" '
        'VARCHAR(255) NOT NULL, "result" TEXT NOT NULL, "done_on" DATE, "feedback_on" '
        'DATE, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("household_id") REFERENCES "household" ("id") ON DELETE CASCADE, '
        'FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE SET NULL, FOREIGN'
        ' KEY ("visit_id") REFERENCES "visit" ("id") ON DELETE SET NULL)'
    ),
    'CREATE UNIQUE INDEX "request_uuid" ON "request" ("uuid")',
    'CREATE INDEX "request_household_id" ON "request" ("household_id")',
    'CREATE INDEX "request_member_id" ON "request" ("member_id")',
    'CREATE INDEX "request_visit_id" ON "request" ("visit_id")',
    'CREATE INDEX "request_village_id_status" ON "request" ("village_id", "status")',
    (
        'CREATE TABLE "commitment" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32)'
        ' NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"member_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "content" TEXT NOT NULL, '
        '"deadline" DATE, "quality_standard" TEXT NOT NULL, "status" VARCHAR(255) NOT '
        'NULL, "result" TEXT NOT NULL, FOREIGN KEY ("member_id") REFERENCES "member" '
        '("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "commitment_uuid" ON "commitment" ("uuid")',
    'CREATE INDEX "commitment_member_id_year" ON "commitment" ("member_id", "year")',
    'CREATE INDEX "commitment_year" ON "commitment" ("year")',
    (
        'CREATE TABLE "meeting" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "date" DATE NOT NULL, "kind" VARCHAR(255) NOT '
        'NULL, "topic" VARCHAR(255) NOT NULL, "notes" TEXT NOT NULL, FOREIGN KEY '
        '("village_id") REFERENCES "village" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "meeting_uuid" ON "meeting" ("uuid")',
    'CREATE INDEX "meeting_village_id_date" ON "meeting" ("village_id", "date")',
    (
        'CREATE TABLE "attendance" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32)'
        ' NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"meeting_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "status" '
        'VARCHAR(255) NOT NULL, FOREIGN KEY ("meeting_id") REFERENCES "meeting" ("id") ON'
        ' DELETE CASCADE, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE '
        'CASCADE)'
    ),
    'CREATE UNIQUE INDEX "attendance_uuid" ON "attendance" ("uuid")',
    'CREATE INDEX "attendance_member_id" ON "attendance" ("member_id")',
    (
        'CREATE UNIQUE INDEX "attendance_meeting_id_member_id" ON "attendance" '
        '("meeting_id", "member_id")'
    ),
    (
        'CREATE TABLE "scheme" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT'
        ' NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER, "tier" VARCHAR(255) NOT NULL, "year" INTEGER NOT NULL, '
        '"name" VARCHAR(255) NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" '
        '("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "scheme_uuid" ON "scheme" ("uuid")',
    'CREATE INDEX "scheme_village_id_tier_year" ON "scheme" ("village_id", "tier", "year")',
    (
        'CREATE TABLE "item" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"scheme_id" INTEGER NOT NULL, "name" VARCHAR(255) NOT NULL, "max_tenths" INTEGER'
        ' NOT NULL, "criteria" TEXT NOT NULL, "source" VARCHAR(255) NOT NULL, "rule" '
        'VARCHAR(255) NOT NULL, "sort_order" INTEGER NOT NULL, FOREIGN KEY ("scheme_id") '
        'REFERENCES "scheme" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "item_uuid" ON "item" ("uuid")',
    'CREATE INDEX "item_scheme_id" ON "item" ("scheme_id")',
    (
        'CREATE TABLE "appraisal" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, "date" DATE, "status" '
        'VARCHAR(255) NOT NULL, "thresholds" TEXT NOT NULL, "sealed_at" DATETIME, "seal" '
        'VARCHAR(255) NOT NULL, FOREIGN KEY ("village_id") REFERENCES "village" ("id") ON'
        ' DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "appraisal_uuid" ON "appraisal" ("uuid")',
    'CREATE UNIQUE INDEX "appraisal_village_id_year" ON "appraisal" ("village_id", "year")',
    (
        'CREATE TABLE "score" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT '
        'NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"appraisal_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "item_id" INTEGER'
        ' NOT NULL, "tenths" INTEGER NOT NULL, "note" VARCHAR(255) NOT NULL, FOREIGN KEY '
        '("appraisal_id") REFERENCES "appraisal" ("id") ON DELETE CASCADE, FOREIGN KEY '
        '("member_id") REFERENCES "member" ("id") ON DELETE CASCADE, FOREIGN KEY '
        '("item_id") REFERENCES "item" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "score_uuid" ON "score" ("uuid")',
    'CREATE INDEX "score_member_id" ON "score" ("member_id")',
    'CREATE INDEX "score_item_id" ON "score" ("item_id")',
    (
        'CREATE UNIQUE INDEX "score_appraisal_id_member_id_item_id" ON "score" '
        '("appraisal_id", "member_id", "item_id")'
    ),
    (
        'CREATE TABLE "ballot" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT'
        ' NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"appraisal_id" INTEGER NOT NULL, "serial" INTEGER NOT NULL, "voter_kind" '
        'VARCHAR(255) NOT NULL, "valid" INTEGER NOT NULL, FOREIGN KEY ("appraisal_id") '
        'REFERENCES "appraisal" ("id") ON DELETE CASCADE)'
    ),
    'CREATE UNIQUE INDEX "ballot_uuid" ON "ballot" ("uuid")',
    'CREATE UNIQUE INDEX "ballot_appraisal_id_serial" ON "ballot" ("appraisal_id", "serial")',
    (
        'CREATE TABLE "ballot_grade" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" '
        'VARCHAR(32) NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT '
        'NULL, "ballot_id" INTEGER NOT NULL, "member_id" INTEGER NOT NULL, "grade" '
        'VARCHAR(255) NOT NULL, FOREIGN KEY ("ballot_id") REFERENCES "ballot" ("id") ON '
        'DELETE CASCADE, FOREIGN KEY ("member_id") REFERENCES "member" ("id") ON DELETE '
        'CASCADE)'
    ),
    'CREATE UNIQUE INDEX "ballot_grade_uuid" ON "ballot_grade" ("uuid")',
    'CREATE INDEX "ballot_grade_member_id" ON "ballot_grade" ("member_id")',
    (
        'CREATE UNIQUE INDEX "ballot_grade_ballot_id_member_id" ON "ballot_grade" '
        '("ballot_id", "member_id")'
    ),
    (
        'CREATE TABLE "setting" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"scope" VARCHAR(255) NOT NULL, "key" VARCHAR(255) NOT NULL, "value" TEXT NOT '
        'NULL)'
    ),
    'CREATE UNIQUE INDEX "setting_uuid" ON "setting" ("uuid")',
    'CREATE UNIQUE INDEX "setting_scope_key" ON "setting" ("scope", "key")',
    (
        'CREATE TABLE "audit_log" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "at" '
        'DATETIME NOT NULL, "action" VARCHAR(255) NOT NULL, "table" VARCHAR(255) NOT '
        'NULL, "row_uuid" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "audit_log_uuid" ON "audit_log" ("uuid")',
    'CREATE INDEX "audit_log_at" ON "audit_log" ("at")',
    (
        'CREATE UNIQUE INDEX "link_one_active_per_household" ON "link" ("household_id") '
        'WHERE "end_date" IS NULL'
    ),
    (
        'CREATE UNIQUE INDEX "member_id_number_active" ON "member" ("id_number") WHERE '
        '"id_number" IS NOT NULL AND "archived" = 0'
    ),
]

_GROUP = next(s for s in STATEMENTS if s.startswith('CREATE TABLE "party_group"'))
_LEADER = ', FOREIGN KEY ("leader_id") REFERENCES "member" ("id") ON DELETE SET NULL'
_MEMBER = next(s for s in STATEMENTS if s.startswith('CREATE TABLE "member"'))

# PostgreSQL: the 0/1 column is BOOLEAN there; a foreign key may name only a
# table that exists, so the group's leader is tied to member once it does.
SERVER_STATEMENTS = {
    STATEMENTS[-1]: STATEMENTS[-1].replace('"archived" = 0', '"archived" = FALSE'),
    _GROUP: _GROUP.replace(_LEADER, ""),
    _MEMBER: (_MEMBER, 'ALTER TABLE "party_group" ADD' + _LEADER[1:]),
}


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
