"""Schema 13: whether a ballot's two entries agree, stored on its rows.

``ballot.agrees`` is NULL while entry 1 or 2 of the serial is missing, else
whether the two agree on the rater kind, the spoiled mark and every grade
(``store.ballot_agreement`` keeps it from now on). Counting then sums the
grades of agreed ballots only instead of comparing every pair again, from an
index on (ballot, member, grade) that holds all it reads.

The data step computes it for the ballots there are, with the comparison
frozen here as it is at schema 13.
"""

from collections import defaultdict

STATEMENTS = [
    'ALTER TABLE "ballot" ADD COLUMN "agrees" INTEGER',
    'CREATE INDEX "ballot_grade_ballot_id_member_id_grade" ON "ballot_grade" ("ballot_id", "member_id", "grade")',
]

CHUNK = 500


def _agreement(by_entry, grades):
    first, second = by_entry.get(1), by_entry.get(2)
    if first is None or second is None:
        return None
    return int(first[1] == second[1] and bool(first[2]) == bool(second[2])
               and grades.get(first[0], {}) == grades.get(second[0], {}))


def _fill(db):
    p = db.param
    appraisals = [row[0] for row in db.execute_sql('SELECT DISTINCT "appraisal_id" FROM "ballot"').fetchall()]
    for appraisal_id in appraisals:
        found = defaultdict(dict)
        for ballot_id, serial, entry, kind, valid in db.execute_sql(
                f'SELECT "id", "serial", "entry", "voter_kind", "valid" FROM "ballot" WHERE "appraisal_id" = {p}',
                [appraisal_id]).fetchall():
            found[serial][entry] = (ballot_id, kind, valid)
        grades = defaultdict(dict)
        for ballot_id, member_id, grade in db.execute_sql(
                f'SELECT g."ballot_id", g."member_id", g."grade" FROM "ballot_grade" g JOIN "ballot" b '
                f'ON b."id" = g."ballot_id" WHERE b."appraisal_id" = {p}', [appraisal_id]).fetchall():
            grades[ballot_id][member_id] = grade
        changes = []
        for by_entry in found.values():
            agrees = _agreement(by_entry, grades)
            if agrees is not None:
                changes += [(agrees, ballot_id) for ballot_id, _kind, _valid in by_entry.values()]
        for start in range(0, len(changes), CHUNK):
            db.cursor().executemany(f'UPDATE "ballot" SET "agrees" = {p} WHERE "id" = {p}',
                                    changes[start:start + CHUNK])


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    _fill(db)
