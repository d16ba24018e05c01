"""Schema 4: a member's birth and join dates remember whether the day is known.

A roster's 入党时间 is often "1990年7月": stored as 1990-07-01 with precision
``month`` and shown as a month, not as a day nobody typed.
"""

STATEMENTS = [
    """ALTER TABLE "member" ADD COLUMN "birth_date_precision" VARCHAR(255) NOT NULL DEFAULT 'day'""",
    """ALTER TABLE "member" ADD COLUMN "join_date_precision" VARCHAR(255) NOT NULL DEFAULT 'day'""",
]


def apply(db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
