"""Schema 2: remember what was printed, so plates can be reprinted for changes only."""

STATEMENTS = [
    (
        'CREATE TABLE "print_log" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) '
        'NOT NULL, "created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"kind" VARCHAR(255) NOT NULL, "target_uuid" VARCHAR(255) NOT NULL, '
        '"fingerprint" VARCHAR(255) NOT NULL, "printed_at" DATETIME NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "print_log_uuid" ON "print_log" ("uuid")',
    'CREATE UNIQUE INDEX "print_log_kind_target_uuid" ON "print_log" ("kind", "target_uuid")',
]


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
