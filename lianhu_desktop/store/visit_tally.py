"""Visit tallies: the visits counted ahead, kept by triggers on ``visit``.

The year's figures (一次 per village and per member, visits by form and duty)
used to count the year's visits row by row: about 600,000 in a township, a
second of SQL for every statistics window and appraisal. Two tables hold the
counts instead, brought up to date by the database itself whenever a visit is
inserted, changed or deleted, whoever writes it (the program, a merge, a
restore of an older step):

* ``visit_tally``: per member, household and calendar year, the visits of
  each month (``m1`` … ``m12``): about one row per link and year.
* ``visit_kind_tally``: per village, year, form and duties mask, the visits.

A row whose counts all fall to zero is deleted. Neither table is a data row of
its own (no uuid): packages do not carry them, and a database that receives
visits (a merge, a snapshot) counts them itself; ``rebuild`` recounts from the
visits (the migration that creates the tables, a package's snapshot, the demo's
bulk load). ``mismatches`` compares the tallies with a recount (the tests).
On PostgreSQL one PL/pgSQL function serves the three triggers.
"""

from __future__ import annotations

import contextlib

from lianhu_desktop.store import backend

MONTHS = 12
MONTH_COLUMNS = tuple(f"m{month}" for month in range(1, MONTHS + 1))
TRIGGERS = ("visit_tally_insert", "visit_tally_update", "visit_tally_delete")
# The visit's columns a tally reads: an update of any other leaves the tallies alone.
COUNTED = ("village_id", "member_id", "household_id", "date", "form", "duties")

TABLES = [
    'CREATE TABLE "visit_tally" ("member_id" INTEGER NOT NULL, "household_id" INTEGER NOT NULL, '
    '"year" INTEGER NOT NULL, '
    + ", ".join(f'"{c}" INTEGER NOT NULL DEFAULT 0' for c in MONTH_COLUMNS)
    + ', PRIMARY KEY ("member_id", "household_id", "year"))',
    'CREATE TABLE "visit_kind_tally" ("village_id" INTEGER NOT NULL, "year" INTEGER NOT NULL, '
    '"form" VARCHAR(255) NOT NULL, "duties" INTEGER NOT NULL, "visits" INTEGER NOT NULL DEFAULT 0, '
    'PRIMARY KEY ("village_id", "year", "form", "duties"))',
    # The statistics sum a village's visits of every year.
    'CREATE INDEX "visit_kind_tally_year" ON "visit_kind_tally" ("year", "village_id")',
]


def _year(row: str, server: bool) -> str:
    if server:
        return f'CAST(EXTRACT(YEAR FROM {row}."date") AS INTEGER)'
    return f'CAST(substr({row}."date", 1, 4) AS INTEGER)'


def _in_month(row: str, month: int, server: bool) -> str:
    """1 when the visit row ``row`` falls in ``month`` (1–12), else 0."""
    if server:
        return f'CASE WHEN EXTRACT(MONTH FROM {row}."date") = {month} THEN 1 ELSE 0 END'
    return f"(substr({row}.\"date\", 6, 2) = '{month:02d}')"


def _count_in(row: str, server: bool) -> list[str]:
    months = ", ".join(_in_month(row, m, server) for m in range(1, MONTHS + 1))
    added = ", ".join(f'"{c}" = "visit_tally"."{c}" + excluded."{c}"' for c in MONTH_COLUMNS)
    return [
        f'INSERT INTO "visit_tally" ("member_id", "household_id", "year", {", ".join(MONTH_COLUMNS)}) '
        f'VALUES ({row}."member_id", {row}."household_id", {_year(row, server)}, {months}) '
        f'ON CONFLICT ("member_id", "household_id", "year") DO UPDATE SET {added}',
        'INSERT INTO "visit_kind_tally" ("village_id", "year", "form", "duties", "visits") '
        f'VALUES ({row}."village_id", {_year(row, server)}, {row}."form", {row}."duties", 1) '
        'ON CONFLICT ("village_id", "year", "form", "duties") '
        'DO UPDATE SET "visits" = "visit_kind_tally"."visits" + 1',
    ]


def _count_out(row: str, server: bool) -> list[str]:
    pair = (f'"member_id" = {row}."member_id" AND "household_id" = {row}."household_id" '
            f'AND "year" = {_year(row, server)}')
    kind = (f'"village_id" = {row}."village_id" AND "year" = {_year(row, server)} '
            f'AND "form" = {row}."form" AND "duties" = {row}."duties"')
    taken = ", ".join(f'"{c}" = "{c}" - {_in_month(row, m, server)}' for m, c in enumerate(MONTH_COLUMNS, 1))
    return [
        f'UPDATE "visit_tally" SET {taken} WHERE {pair}',
        f'DELETE FROM "visit_tally" WHERE {pair} AND {" + ".join(chr(34) + c + chr(34) for c in MONTH_COLUMNS)} = 0',
        f'UPDATE "visit_kind_tally" SET "visits" = "visits" - 1 WHERE {kind}',
        f'DELETE FROM "visit_kind_tally" WHERE {kind} AND "visits" <= 0',
    ]


def _body(statements: list[str], indent: str) -> str:
    return "".join(f"{indent}{s};\n" for s in statements)


def trigger_statements() -> list[str]:
    """SQLite's three triggers."""
    counted = ", ".join(f'"{c}"' for c in COUNTED)
    return [
        f'CREATE TRIGGER "visit_tally_insert" AFTER INSERT ON "visit" BEGIN\n'
        f'{_body(_count_in("NEW", False), "  ")}END',
        f'CREATE TRIGGER "visit_tally_update" AFTER UPDATE OF {counted} ON "visit" BEGIN\n'
        f'{_body(_count_out("OLD", False) + _count_in("NEW", False), "  ")}END',
        f'CREATE TRIGGER "visit_tally_delete" AFTER DELETE ON "visit" BEGIN\n'
        f'{_body(_count_out("OLD", False), "  ")}END',
    ]


def server_trigger_statements() -> list[str]:
    """PostgreSQL's function and its three triggers."""
    counted = ", ".join(f'"{c}"' for c in COUNTED)
    function = (
        'CREATE OR REPLACE FUNCTION "visit_tally_count"() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n'
        "  IF TG_OP IN ('UPDATE', 'DELETE') THEN\n" + _body(_count_out("OLD", True), "    ") + "  END IF;\n"
        "  IF TG_OP IN ('INSERT', 'UPDATE') THEN\n" + _body(_count_in("NEW", True), "    ") + "  END IF;\n"
        "  RETURN NULL;\nEND $$"
    )
    return [
        function,
        'CREATE OR REPLACE TRIGGER "visit_tally_insert" AFTER INSERT ON "visit" '
        'FOR EACH ROW EXECUTE FUNCTION "visit_tally_count"()',
        f'CREATE OR REPLACE TRIGGER "visit_tally_update" AFTER UPDATE OF {counted} ON "visit" '
        'FOR EACH ROW EXECUTE FUNCTION "visit_tally_count"()',
        'CREATE OR REPLACE TRIGGER "visit_tally_delete" AFTER DELETE ON "visit" '
        'FOR EACH ROW EXECUTE FUNCTION "visit_tally_count"()',
    ]


def create(db) -> None:
    """Create the tables and triggers and count the visits there are (call from a migration)."""
    for statement in TABLES:
        db.execute_sql(statement)
    for statement in server_trigger_statements() if backend.is_server(db) else trigger_statements():
        db.execute_sql(statement)
    rebuild(db)


def _month_sum(month_of: str, month: int) -> str:
    return f"SUM(CASE WHEN {month_of} = {month} THEN 1 ELSE 0 END)"


# The recount, on both engines: a date's text is 'YYYY-MM-DD' on both.
_YEAR = 'CAST(SUBSTR(CAST("date" AS TEXT), 1, 4) AS INTEGER)'
_MONTH = 'CAST(SUBSTR(CAST("date" AS TEXT), 6, 2) AS INTEGER)'
RECOUNT_PAIRS = (
    f'SELECT "member_id", "household_id", {_YEAR}, '
    + ", ".join(_month_sum(_MONTH, m) for m in range(1, MONTHS + 1))
    + f' FROM "visit" GROUP BY "household_id", "member_id", {_YEAR}'
)
RECOUNT_KINDS = (f'SELECT "village_id", {_YEAR}, "form", "duties", COUNT(*) FROM "visit" '
                 f'GROUP BY "village_id", {_YEAR}, "form", "duties"')


REBUILD = (
    'DELETE FROM "visit_tally"',
    'DELETE FROM "visit_kind_tally"',
    f'INSERT INTO "visit_tally" ("member_id", "household_id", "year", {", ".join(MONTH_COLUMNS)}) {RECOUNT_PAIRS}',
    f'INSERT INTO "visit_kind_tally" ("village_id", "year", "form", "duties", "visits") {RECOUNT_KINDS}',
)


def rebuild(db) -> None:
    """Count every visit again (inside the caller's transaction)."""
    for statement in REBUILD:
        db.execute_sql(statement)


def mismatches(db) -> int:
    """How many tally rows differ from a recount of the visits (0 when all agree)."""
    pairs = f'SELECT "member_id", "household_id", "year", {", ".join(MONTH_COLUMNS)} FROM "visit_tally"'
    kinds = 'SELECT "village_id", "year", "form", "duties", "visits" FROM "visit_kind_tally"'
    found = 0
    for stored, counted in ((pairs, RECOUNT_PAIRS), (kinds, RECOUNT_KINDS)):
        for first, second in ((stored, counted), (counted, stored)):
            found += db.execute_sql(f"SELECT COUNT(*) FROM ({first} EXCEPT {second}) d").fetchone()[0]
    return found


@contextlib.contextmanager
def paused(db):
    """Bulk-load visits without a trigger run per row, then count them all at once
    (inside the caller's transaction; the DDL is part of it, so a rollback restores
    the triggers as well)."""
    if backend.is_server(db):
        for name in TRIGGERS:
            db.execute_sql(f'ALTER TABLE "visit" DISABLE TRIGGER "{name}"')
        yield
        for name in TRIGGERS:
            db.execute_sql(f'ALTER TABLE "visit" ENABLE TRIGGER "{name}"')
    else:
        kept = db.execute_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?, ?)", TRIGGERS).fetchall()
        for name, _ in kept:
            db.execute_sql(f'DROP TRIGGER "{name}"')
        yield
        for _, sql in kept:
            db.execute_sql(sql)
    rebuild(db)
