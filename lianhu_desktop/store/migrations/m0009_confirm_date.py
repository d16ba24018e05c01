"""Schema 9: a member's 转正日期 (the day a probationary member became a full member).

The national 《党员基本信息采集表》 and the national system's rosters carry it
beside 入党日期; like that date it may be known to the month only. The
member's change-log update trigger is made again with the new field, so
that a change of 转正日期 is logged like every other field.
"""

import dataclasses

from lianhu_desktop.store import backend
from lianhu_desktop.store.changelog import Field, create_triggers
from lianhu_desktop.store.migrations import m0006_change_log

STATEMENTS = [
    'ALTER TABLE "member" ADD COLUMN "confirm_date" DATE',
    """ALTER TABLE "member" ADD COLUMN "confirm_date_precision" VARCHAR(255) NOT NULL DEFAULT 'day'""",
]

# The member's audited fields at schema 9: schema 6's and 转正日期 after 党员身份.
_FIELDS = list(m0006_change_log.MEMBER.fields)
_FIELDS.insert(next(i for i, f in enumerate(_FIELDS) if getattr(f, "column", "") == "membership") + 1,
               Field("confirm_date", "转正日期"))
MEMBER = dataclasses.replace(m0006_change_log.MEMBER, fields=tuple(_FIELDS))


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
    for trigger in ("insert", "update", "delete"):
        # (On PostgreSQL create_triggers replaces them in place.)
        if not backend.is_server(db):
            db.execute_sql(f'DROP TRIGGER IF EXISTS "change_log_member_{trigger}"')
    create_triggers(db, MEMBER)
