"""Schema 16: two household indexes that no query could use are dropped.

The search matches a head's pinyin with ``LIKE '%…%'`` and the initials with a
prefix ``LIKE`` on a column of the default (case-sensitive) collation, which
SQLite's LIKE (case-insensitive) cannot look up in an index, and PostgreSQL's
ILIKE cannot either; the query plans show the search reading the village's
rows by (village, archived, sort key) instead. The two indexes were only kept
up to date: every household written paid for them. Importing 50,000 households
wrote them in 1.34 s instead of 1.43 s (CPU, medians of 5 alternating runs).
"""

STATEMENTS = [
    'DROP INDEX IF EXISTS "household_head_pinyin"',
    'DROP INDEX IF EXISTS "household_head_initials"',
]


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
