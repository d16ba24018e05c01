"""Schema 18: on a server, ``ballot.agrees`` is a BOOLEAN column, as the program writes it.

Schema 13 added the column as SQLite's INTEGER, and until this schema the
server's DDL translation left it an integer (only ``ballot.valid`` was
listed as a boolean), so PostgreSQL refused the program's true/false on
every ballot write. Databases created since get BOOLEAN from the
translation; one migrated before is converted here (1 true, 0 false, NULL
kept). A SQLite database gets nothing: it has no boolean type.
"""

from lianhu_desktop.store import backend


def apply(db):
    if not backend.is_server(db):
        return
    server = getattr(db, "target", db)  # the statements as written, not translated from SQLite's
    found = server.execute_sql(
        "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() "
        "AND table_name = 'ballot' AND column_name = 'agrees'").fetchone()
    if found is not None and found[0] != "boolean":
        server.execute_sql('ALTER TABLE "ballot" ALTER COLUMN "agrees" TYPE BOOLEAN USING "agrees" <> 0')
