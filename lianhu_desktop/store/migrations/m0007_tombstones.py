"""Schema 7: tombstones of deleted rows and the record of merged village packages.

``tombstone`` is filled by delete triggers (``store.tombstones``) on every
table a village package carries, so that a row deleted at the village is
deleted at the township too. ``package_merge`` records, at the township,
each package merged (village, the village's time of the package, ours).
"""

from lianhu_desktop.store import tombstones

STATEMENTS = [
    (
        'CREATE TABLE "tombstone" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, "table" VARCHAR(255) NOT NULL, '
        '"row_uuid" VARCHAR(32) NOT NULL, "deleted_at" DATETIME NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "tombstone_uuid" ON "tombstone" ("uuid")',
    'CREATE INDEX "tombstone_table_row_uuid" ON "tombstone" ("table", "row_uuid")',
    (
        'CREATE TABLE "package_merge" ("id" INTEGER NOT NULL PRIMARY KEY, "uuid" VARCHAR(32) NOT NULL, '
        '"created_at" DATETIME NOT NULL, "updated_at" DATETIME NOT NULL, '
        '"village_uuid" VARCHAR(32) NOT NULL, "village_name" VARCHAR(255) NOT NULL, '
        '"package_uuid" VARCHAR(32) NOT NULL, "package_created_at" VARCHAR(255) NOT NULL, '
        '"merged_at" DATETIME NOT NULL, "schema_version" INTEGER NOT NULL, '
        '"program_version" VARCHAR(255) NOT NULL, "summary" TEXT NOT NULL)'
    ),
    'CREATE UNIQUE INDEX "package_merge_uuid" ON "package_merge" ("uuid")',
    'CREATE INDEX "package_merge_village_uuid_package_created_at" '
    'ON "package_merge" ("village_uuid", "package_created_at")',
    'CREATE INDEX "package_merge_package_uuid" ON "package_merge" ("package_uuid")',
]


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    tombstones.ensure_triggers(db)
