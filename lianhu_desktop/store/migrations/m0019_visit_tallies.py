"""Schema 19: the visit tallies (``store.visit_tally``), kept by triggers on ``visit``.

The year's 一次 and visit figures read them instead of every visit of the
year. The step counts the visits already there.
"""

from lianhu_desktop.store import visit_tally


def apply(db):
    visit_tally.create(db)
