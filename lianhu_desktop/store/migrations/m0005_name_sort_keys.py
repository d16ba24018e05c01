"""Schema 5: names sort syllable by syllable, so one surname stays together.

Members and household heads get a sort key (``pinyin.sort_key``: 李建军 →
``li0李jian0建jun0军``) beside the search keys, and the index the roster is
listed through sorts by it. Every stored row's keys are recomputed, search
keys included, so that all rows carry keys of the same rules.
"""

from peewee import chunked

from lianhu_desktop import pinyin

STATEMENTS = [
    'ALTER TABLE "member" ADD COLUMN "name_sort" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'ALTER TABLE "household" ADD COLUMN "head_sort" VARCHAR(255) NOT NULL DEFAULT \'\'',
    'DROP INDEX "member_village_id_archived_name_pinyin"',
    'CREATE INDEX "member_village_id_archived_name_sort" ON "member" ("village_id", "archived", "name_sort")',
    'CREATE INDEX "household_village_id_archived_head_sort" ON "household" '
    '("village_id", "archived", "head_sort")',
]

# (table, name column, pinyin column, initials column, sort column)
_KEYED = (
    ("member", "name", "name_pinyin", "name_initials", "name_sort"),
    ("household", "head_name", "head_pinyin", "head_initials", "head_sort"),
)


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    cursor = db.cursor()
    for table, name, full, initials, order in _KEYED:
        rows = db.execute_sql(f'SELECT "id", "{name}" FROM "{table}"').fetchall()
        update = f'UPDATE "{table}" SET "{full}" = ?, "{initials}" = ?, "{order}" = ? WHERE "id" = ?'
        for chunk in chunked(rows, 1000):
            cursor.executemany(update, [(*pinyin.name_keys(text), row_id) for row_id, text in chunk])
