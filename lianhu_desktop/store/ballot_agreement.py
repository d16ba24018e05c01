"""Whether the two entries of a paper ballot agree, kept on the ballot rows.

A ballot (民主测评票) is entered twice; it counts only when both entries
agree on the rater kind, the spoiled mark and every grade. Comparing them
means reading every grade row of both entries: on the township demo's year
with every ballot entered twice (475,962 grade rows), ``ballots.count`` for the
20 villages took 530 of the 1,200 ms of CPU of ``township_results`` (medians
of 7 runs each) before the answer was stored. So the answer is stored on both rows of a serial in ``ballot.agrees``:

* NULL: the other entry (1 or 2) is not made, or the answer is not known;
* true: entries 1 and 2 agree;
* false: they differ.

It is derived data: every write of ballots in the program refreshes the
serials it touched (``refresh``), a merged village package refreshes its
village's appraisals (``refresh_village``), and the migration that added the
column computed it for the rows there were. Storing it changes neither
``updated_at`` nor the change log (it is not an edit anybody made). Counting
trusts it; the seal's check compares the entries afresh, so a row edited by
hand behind the program's back is still caught there.

Portable SQL (SQLite and PostgreSQL), with bound parameters throughout.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from peewee import chunked

from lianhu_desktop.store.models import database

CHUNK = 500


def _marks(count: int) -> str:
    return ", ".join([database.param] * count)


def _entries(appraisal_id: int, serials: list[int] | None) -> tuple[dict, dict]:
    """(serial → entry → (ballot id, kind, valid, stored agrees), ballot id → {member id: grade})."""
    p = database.param
    rows, grades = [], defaultdict(dict)
    parts = [None] if serials is None else list(chunked(serials, CHUNK))
    for part in parts:
        where, params = f'b."appraisal_id" = {p}', [appraisal_id]
        if part is not None:
            where += f' AND b."serial" IN ({_marks(len(part))})'
            params += list(part)
        rows += database.execute_sql(
            f'SELECT b."id", b."serial", b."entry", b."voter_kind", b."valid", b."agrees" FROM "ballot" b '
            f'WHERE {where}', params).fetchall()
        for ballot_id, member_id, grade in database.execute_sql(
                f'SELECT g."ballot_id", g."member_id", g."grade" FROM "ballot_grade" g '
                f'JOIN "ballot" b ON b."id" = g."ballot_id" WHERE {where}', params):
            grades[ballot_id][member_id] = grade
    found: dict[int, dict[int, tuple]] = defaultdict(dict)
    for ballot_id, serial, entry, kind, valid, agrees in rows:
        found[serial][entry] = (ballot_id, kind, bool(valid), None if agrees is None else bool(agrees))
    return found, grades


def agreement(by_entry: dict[int, tuple], grades: dict[int, dict[int, str]]) -> bool | None:
    """Whether entries 1 and 2 of one serial agree (None when one of them is missing).

    ``by_entry``: entry → (ballot id, kind, valid, …); ``grades``: ballot id → grades."""
    first, second = by_entry.get(1), by_entry.get(2)
    if first is None or second is None:
        return None
    return (first[1] == second[1] and first[2] == second[2]
            and grades.get(first[0], {}) == grades.get(second[0], {}))


def refresh(appraisal_id: int, serials: Iterable[int] | None = None) -> int:
    """Store the agreement of ``serials`` (None: every serial) of an appraisal; returns the rows changed.

    Call inside the transaction of the write that changed the ballots."""
    serials = None if serials is None else sorted(set(serials))
    if serials == []:
        return 0
    found, grades = _entries(appraisal_id, serials)
    changes = []
    for by_entry in found.values():
        agrees = agreement(by_entry, grades)
        for ballot_id, _kind, _valid, stored in by_entry.values():
            if stored is not agrees:
                changes.append((agrees, ballot_id))
    p = database.param
    for part in chunked(changes, CHUNK):
        database.cursor().executemany(f'UPDATE "ballot" SET "agrees" = {p} WHERE "id" = {p}', part)
    return len(changes)


def refresh_village(village_id: int) -> int:
    """Store the agreement of every ballot of a village's appraisals (after a merge); returns the rows changed."""
    p = database.param
    ids = [row[0] for row in database.execute_sql(
        f'SELECT "id" FROM "appraisal" WHERE "village_id" = {p} ORDER BY "id"', [village_id])]
    return sum(refresh(appraisal_id) for appraisal_id in ids)


def stale(appraisal_id: int) -> list[int]:
    """The serials whose stored agreement is not what their entries say (empty when all is right)."""
    found, grades = _entries(appraisal_id, None)
    return sorted(serial for serial, by_entry in found.items()
                  if any(stored is not agreement(by_entry, grades) for *_rest, stored in by_entry.values()))
