"""Schema 14: a row version on every table, for optimistic concurrency.

Several clerks may share one database: a save writes only if the row is
still at the version its dialog loaded, and moves it on by one
(``store.rowversion``). Existing rows start at 0. The tables are listed as
they are at schema 13.
"""

TABLES = (
    "village", "grid", "party_group", "post", "household", "household_tag", "member", "link", "visit",
    "request", "contact_point", "commitment", "meeting", "attendance", "meeting_problem", "pairing",
    "scheme", "item", "appraisal", "score", "ballot", "ballot_grade", "tally_sheet", "tally_row",
    "setting", "audit_log", "change_log", "print_log", "tombstone", "package_merge",
)

STATEMENTS = [f'ALTER TABLE "{table}" ADD COLUMN "row_version" INTEGER NOT NULL DEFAULT 0' for table in TABLES]


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
