"""The two database backends: a village's SQLite file and the township's PostgreSQL server.

Everything that differs between them is here (and in the PostgreSQL branches
of ``changelog``, ``tombstones`` and ``migrations``), so that the rest of the
program writes one SQL:

* Statements are written with ``?`` (and ``:name``) parameters, as for
  SQLite; on PostgreSQL the cursor rewrites them to psycopg's ``%s`` /
  ``%(name)s`` outside string literals and quoted names, doubles a literal
  ``%``, and makes ``LIKE`` the case-insensitive ``ILIKE`` (SQLite's LIKE
  ignores the case of Latin letters: a search for "zhang" finds "Zhang")
  and SQLite's ``CROSS JOIN t ON`` (a join order fixed for SQLite's
  planner) a plain ``JOIN``.
  peewee's own queries are built with ``?`` too and pass the same way.
  Parameters are bound on the client (``psycopg.ClientCursor``), so an
  untyped parameter reads like a literal in SQLite's SQL.
* The migrations keep their frozen SQLite DDL; ``translate_ddl`` maps it to
  PostgreSQL's types: dates and times as DATE and TIMESTAMP, the 0/1 columns
  of peewee's BooleanField as BOOLEAN (so a flag compared with FALSE and
  ``CASE WHEN h.archived`` read the same on both), ids as identity columns.
* A few SQLite functions the domain's SQL uses are given to PostgreSQL as
  SQL functions of the same name and meaning (``SHIMS``): ``group_concat``
  and ``json_each`` over an array. They are made by the migrations' setup,
  not by hand.

A server URL is ``postgresql://user@host:port/dbname``; the password comes
from ``PGPASSWORD`` or ``~/.pgpass`` (libpq's usual places), never from the
command line. Any URL shown to a user or written to a log goes through
``redact``.
"""

from __future__ import annotations

import datetime
import functools
import re
import urllib.parse

from peewee import PostgresqlDatabase

URL_SCHEMES = ("postgresql://", "postgres://")

# The SQLite INTEGER columns that are peewee BooleanFields (0/1): BOOLEAN on
# PostgreSQL. Frozen with the migrations that made them.
BOOLEAN_COLUMNS = {
    "household": {"archived"},
    "member": {"archived", "is_committee", "link_exempt"},
    "ballot": {"valid", "agrees"},
}


def is_url(target) -> bool:
    """True when ``target`` names a PostgreSQL server database rather than a file."""
    return isinstance(target, str) and target.lower().startswith(URL_SCHEMES)


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***`` (for messages and logs)."""
    try:
        parts = urllib.parse.urlsplit(url)
    except ValueError:
        return "postgresql://***"
    if parts.password is None and "password" not in parts.query.lower():
        return url
    netloc = parts.netloc
    if parts.password is not None:
        userinfo, _, hostinfo = netloc.rpartition("@")
        user = userinfo.split(":", 1)[0]
        netloc = f"{user}:***@{hostinfo}"
    query = re.sub(r"(?i)(password=)[^&]*", r"\1***", parts.query)
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def has_password(url: str) -> bool:
    """True when ``url`` carries a password (refused: it would show in process lists and logs)."""
    parts = urllib.parse.urlsplit(url)
    return parts.password is not None or bool(re.search(r"(?i)(^|&)password=", parts.query))


def describe(url: str) -> str:
    """A short Chinese name of the server database: 数据库 NAME（服务器 HOST:PORT）."""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qs(parts.query)
    host = parts.hostname or (query.get("host") or ["本机"])[0]
    port = parts.port or (query.get("port") or ["5432"])[0]
    name = urllib.parse.unquote(parts.path.lstrip("/")) or (parts.username or "")
    return f"服务器数据库 {name}（{host}:{port}）"


# --- SQL translation -------------------------------------------------------

# One token at a time: a string literal, a quoted name, a dollar-quoted body,
# a parameter, a percent sign, the word LIKE, or anything else.
_TOKENS = re.compile(
    r"""('(?:[^']|'')*')"""
    r'''|("(?:[^"]|"")*")'''
    r"|(\$\$.*?\$\$)"
    r"|(\?)"
    r"|(?<![:\w]):([A-Za-z_]\w*)"
    r"|(%s|%\(\w+\)s)"
    r"|(%)"
    r'|\bCROSS JOIN\s+("?\w+"?(?:\s+(?:AS\s+)?\w+)?)\s+ON\b'
    r"|\b(LIKE)\b",
    re.DOTALL | re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def translate_sql(sql: str) -> str:
    """SQLite-style SQL (``?``, ``:name``, case-blind LIKE) as psycopg wants it."""
    low = sql.lower()
    if "?" not in sql and ":" not in sql and "%" not in sql and "like" not in low and "cross" not in low:
        return sql

    def replace(match: re.Match) -> str:
        literal, quoted, dollar, mark, name, native, percent, cross, like = match.groups()
        if literal is not None:
            return literal.replace("%", "%%")
        if quoted is not None:
            return quoted.replace("%", "%%")
        if dollar is not None:
            return dollar.replace("%", "%%")
        if mark is not None:
            return "%s"
        if name is not None:
            return f"%({name})s"
        if native is not None:  # peewee's own PostgreSQL queries (introspection) use %s
            return native
        if percent is not None:
            return "%%"
        if cross is not None:  # SQLite's CROSS JOIN ... ON fixes the join order; PostgreSQL's has no ON
            return f"JOIN {cross} ON"
        return "ILIKE"

    return _TOKENS.sub(replace, sql)


_CREATE_TABLE = re.compile(r'^\s*CREATE TABLE (?:IF NOT EXISTS )?"(\w+)"', re.IGNORECASE)
_ALTER_ADD = re.compile(r'^\s*ALTER TABLE "(\w+)" ADD COLUMN', re.IGNORECASE)
_COLUMN = re.compile(r'"(\w+)" (INTEGER|DATETIME|DATE|BLOB|REAL)\b')
_REFUSE = re.compile(
    r'^CREATE TRIGGER "(\w+)" BEFORE (DELETE|UPDATE) ON "(\w+)" '
    r"BEGIN SELECT RAISE\(ABORT, '([^']*)'\); END$")

# What the SQLite types of the frozen DDL become (booleans apart).
_TYPES = {"DATETIME": "TIMESTAMP", "DATE": "DATE", "BLOB": "BYTEA", "REAL": "DOUBLE PRECISION",
          "INTEGER": "INTEGER"}


def translate_ddl(sql: str) -> str:
    """One statement of a migration's frozen SQLite DDL, as PostgreSQL runs it."""
    refuse = _REFUSE.match(sql.strip())
    if refuse:
        name, event, table, message = refuse.groups()
        return (f'CREATE TRIGGER "{name}" BEFORE {event} ON "{table}" FOR EACH ROW '
                f"EXECUTE FUNCTION lianhu_refuse('{message}')")
    match = _CREATE_TABLE.match(sql) or _ALTER_ADD.match(sql)
    if not match:
        return sql
    table = match.group(1)
    booleans = BOOLEAN_COLUMNS.get(table, set())
    sql = sql.replace('"id" INTEGER NOT NULL PRIMARY KEY',
                      '"id" INTEGER GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY')

    def column(found: re.Match) -> str:
        name, kind = found.groups()
        if kind == "INTEGER" and name in booleans:
            return f'"{name}" BOOLEAN'
        return f'"{name}" {_TYPES[kind]}'

    return _COLUMN.sub(column, sql)


# SQLite's functions that the domain's SQL uses, made on PostgreSQL with the
# same name and meaning. Idempotent: run before every upgrade.
SHIMS = [
    # group_concat(value, separator): the non-NULL values joined, NULL when none
    # (order unspecified, as in SQLite).
    "CREATE OR REPLACE FUNCTION lianhu_concat_step(acc text, value text, sep text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT CASE WHEN value IS NULL THEN acc WHEN acc IS NULL THEN value "
    "ELSE acc || sep || value END $$",
    "CREATE OR REPLACE FUNCTION lianhu_concat_step(acc text, value text) RETURNS text "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT lianhu_concat_step(acc, value, ',') $$",
    "CREATE OR REPLACE AGGREGATE group_concat(text, text) (SFUNC = lianhu_concat_step, STYPE = text)",
    "CREATE OR REPLACE AGGREGATE group_concat(text) (SFUNC = lianhu_concat_step, STYPE = text)",
    # json_each(array): one row per element, its position and its value as text.
    "CREATE OR REPLACE FUNCTION json_each(doc text) RETURNS TABLE (\"key\" integer, \"value\" text) "
    "LANGUAGE sql IMMUTABLE AS $$ SELECT CAST(ordinality - 1 AS integer), element "
    "FROM json_array_elements_text(CAST(doc AS json)) WITH ORDINALITY AS e(element, ordinality) $$",
    # The trigger of change_log and audit_log that refuses a change with its
    # message, as an integrity error (SQLite's RAISE(ABORT) is one too).
    "CREATE OR REPLACE FUNCTION lianhu_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation'; END $$",
]


_INSERT = re.compile(r'^\s*INSERT INTO "?(\w+)"? \(([^)]*)\) VALUES \(([?, ]+)\)', re.IGNORECASE)
_UPDATE = re.compile(r'^\s*UPDATE "?(\w+)"? SET ', re.IGNORECASE)
_MARK_AFTER = re.compile(r'(?:"(\w+)"|\b(\w+))\s*=\s*$')


@functools.lru_cache(maxsize=1024)
def boolean_positions(sql: str) -> tuple[int, ...]:
    """Which ``?`` of an INSERT or UPDATE of a table with 0/1 columns fill a BOOLEAN.

    The program binds 0 and 1 there in bulk writes (SQLite stores them so);
    PostgreSQL takes no integer into a BOOLEAN, so the cursor binds them as
    False and True."""
    insert = _INSERT.match(sql)
    if insert and insert.group(1) in BOOLEAN_COLUMNS:
        booleans = BOOLEAN_COLUMNS[insert.group(1)]
        columns = [c.strip().strip('"') for c in insert.group(2).split(",")]
        return tuple(i for i, c in enumerate(columns) if c in booleans)
    update = _UPDATE.match(sql)
    if update and update.group(1) in BOOLEAN_COLUMNS:
        booleans = BOOLEAN_COLUMNS[update.group(1)]
        found, position = [], 0
        for match in _TOKENS.finditer(sql):
            if match.group(4) is None:
                continue
            before = _MARK_AFTER.search(sql, 0, match.start())
            if before and (before.group(1) or before.group(2)) in booleans:
                found.append(position)
            position += 1
        return tuple(found)
    return ()


_PLAIN_INSERT = re.compile(r'^\s*INSERT INTO ("?\w+"?) \(([^)]*)\) VALUES \(\s*\?(?:\s*,\s*\?)*\s*\)\s*;?\s*$',
                           re.IGNORECASE)


@functools.lru_cache(maxsize=256)
def copy_statement(sql: str) -> str | None:
    """``COPY t (columns) FROM STDIN`` for a plain ``INSERT INTO t (columns) VALUES (?, ...)``."""
    match = _PLAIN_INSERT.match(sql)
    return f"COPY {match.group(1)} ({match.group(2)}) FROM STDIN" if match else None


def _as_booleans(params, positions: tuple[int, ...]):
    row = list(params)
    for i in positions:
        if isinstance(row[i], int) and not isinstance(row[i], bool):
            row[i] = bool(row[i])
    return row


# --- the PostgreSQL database -------------------------------------------------


def _cursor_class():
    import psycopg

    class TranslatingCursor(psycopg.ClientCursor):
        """A client-side-binding cursor that takes SQLite-style SQL (``translate_sql``)."""

        def execute(self, query, params=None, **kwargs):
            if params and isinstance(params, (list, tuple)):
                positions = boolean_positions(query)
                if positions:
                    params = _as_booleans(params, positions)
            return super().execute(translate_sql(query), params if params is not None else (), **kwargs)

        def executemany(self, query, params_seq, **kwargs):
            positions = boolean_positions(query)
            if positions:
                params_seq = [_as_booleans(params, positions) for params in params_seq]
            copy = copy_statement(query)
            if copy and not kwargs:
                # A bulk INSERT (the demo, imports, merges) as one COPY: the same
                # rows and the same row triggers, without a statement per row.
                with self.copy(copy) as stream:
                    for params in params_seq:
                        stream.write_row(params)
                return None
            return super().executemany(translate_sql(query), params_seq, **kwargs)

    return TranslatingCursor


def _loaders():
    from psycopg.adapt import Loader

    class NumberLoader(Loader):
        def load(self, data):
            text = bytes(data).decode()
            return float(text) if "." in text or "e" in text.lower() or text.endswith("NaN") else int(text)

    class TextLoader(Loader):
        def load(self, data):
            return bytes(data).decode()

    class FlagLoader(Loader):
        def load(self, data):
            return 1 if bytes(data) == b"t" else 0

    return NumberLoader, TextLoader, FlagLoader


def _utc_offset() -> str:
    """This PC's UTC offset as ``+08:00``: the server's LOCALTIMESTAMP then reads
    the clerk's local time, as SQLite's ``'now', 'localtime'`` does."""
    offset = datetime.datetime.now().astimezone().utcoffset() or datetime.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def load_server_driver() -> None:
    """Give peewee PostgreSQL's driver, which ``lianhu_desktop`` kept from it at import
    (see ``_import_peewee_without_the_server_driver``): the module globals and the
    adapter's constants that peewee's import sets when psycopg is there (peewee 4.5.3,
    pinned; the whole test suite runs on a server and fails here first if they move)."""
    import peewee

    if peewee.psycopg is not None:
        return
    import psycopg
    from psycopg.pq import TransactionStatus
    from psycopg.types.json import Json, Jsonb

    peewee.TransactionStatus, peewee.Json_pg3, peewee.Jsonb_pg3 = TransactionStatus, Json, Jsonb
    adapter = peewee.Psycopg3Adapter
    adapter.txn_idle = TransactionStatus.IDLE
    adapter.txn_inerror = TransactionStatus.INERROR
    adapter.txn_unknown = TransactionStatus.UNKNOWN
    peewee.psycopg = psycopg


class ServerDatabase(PostgresqlDatabase):
    """peewee's PostgreSQL database (psycopg 3) taking the program's SQLite-style SQL."""

    param = "?"

    def __init__(self, url: str, **kwargs):
        load_server_driver()
        kwargs.setdefault("prefer_psycopg3", True)
        # Each connection sets the clerk's operator again (``set_operator``).
        self.operator = ""
        super().__init__(url, **kwargs)

    def _connect(self):
        conn = super()._connect()
        conn.cursor_factory = _cursor_class()
        # Results read as SQLite gives them, which the program's raw SQL expects
        # (peewee's fields convert them as they do SQLite's): a NUMERIC (the sum
        # of a count, a rounded share) as an int when whole-numbered, else a
        # float; a DATE or TIMESTAMP as its ISO text; a BOOLEAN as 0 or 1.
        number, text, flag = _loaders()
        conn.adapters.register_loader("numeric", number)
        for name in ("date", "timestamp"):
            conn.adapters.register_loader(name, text)
        conn.adapters.register_loader("bool", flag)
        with conn.cursor() as cursor:
            cursor.execute("SELECT set_config('TimeZone', ?, false), set_config('DateStyle', 'ISO, YMD', false), "
                           "set_config('lianhu.operator', ?, false)", (_utc_offset(), self.operator))
        return conn

    @property
    def url(self) -> str:
        return self.database

    def __repr__(self) -> str:
        return f"<ServerDatabase {redact(self.database)}>"


def is_server(db) -> bool:
    """True when ``db`` (a database, the models' proxy, or a migration's view of one) is PostgreSQL."""
    target = getattr(db, "obj", db)
    target = getattr(target, "target", target)
    return isinstance(target, PostgresqlDatabase)


def after_bulk_insert(db, tables) -> None:
    """After a bulk load with ids chosen here (the demo): on a server, move each
    table's id sequence past them (SQLite picks max(id) + 1 itself) and
    refresh the planner's statistics, which would otherwise still describe
    the tables as empty (a query after the township demo took minutes)."""
    if not is_server(db):
        return
    for table in tables:
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'COALESCE((SELECT MAX("id") FROM "{table}"), 0) + 1, false)')
        db.execute_sql(f'ANALYZE "{table}"')


def index_definitions(db, table: str) -> list[tuple[str, str]]:
    """(name, CREATE INDEX statement) of the indexes made on ``table`` (not its primary key)."""
    if is_server(db):
        return db.execute_sql(
            "SELECT indexname, indexdef FROM pg_catalog.pg_indexes WHERE schemaname = current_schema() "
            "AND tablename = ? AND indexname <> ?", (table, f"{table}_pkey")).fetchall()
    return db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                          "AND tbl_name = ? AND sql IS NOT NULL", (table,)).fetchall()


def distinct(query, *keys):
    """``query`` without repeated rows, its ORDER BY kept: SQLite's DISTINCT, or on
    PostgreSQL (whose DISTINCT sorts only by what it selects) a GROUP BY of the
    tables' ``keys``, which PostgreSQL lets their other columns through for.
    (GROUP BY cost SQLite 9-17 % more CPU here: medians of 7 over a village's members.)"""
    from lianhu_desktop.store.models import database

    return query.group_by(*keys) if is_server(database) else query.distinct()


def trigger_names(db) -> set[str]:
    """The names of the triggers made in ``db`` (the program's, not PostgreSQL's internal ones)."""
    if is_server(db):
        return {row[0] for row in db.execute_sql("SELECT tgname FROM pg_catalog.pg_trigger WHERE NOT tgisinternal")}
    return {row[0] for row in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def interrupt(connection) -> None:
    """Stop the statement ``connection`` is running in another thread (which then
    fails with an error): SQLite's ``interrupt``, or a cancel request to the server."""
    if hasattr(connection, "interrupt"):
        connection.interrupt()
    else:
        connection.cancel_safe(timeout=2.0)


def like(db, *, exact: bool) -> str:
    """``LIKE {} ESCAPE '\\'`` (the pattern put in the braces) as a server runs it fastest
    with SQLite's meaning: ``exact`` for a pattern whose match cannot depend on case (no
    letters in it, or a column kept in lower case) is PostgreSQL's case-exact ``~~``; else
    ``ILIKE`` under the "C" collation, which folds ASCII letters only, as SQLite's LIKE does,
    where the database's own collation folds every character of every row it reads.
    (``EXPLAIN ANALYZE`` of a count of 50,831 households matching in six columns, PostgreSQL 15:
    '%13%' 123 ms with ILIKE, 22 ms with ``~~``; 'w' 90 ms with ILIKE in four columns,
    48 ms with ILIKE ... COLLATE "C". Both backslash-escaped by default.)"""
    if not is_server(db):
        return "LIKE {} ESCAPE '\\'"
    return "~~ {}" if exact else 'ILIKE {} COLLATE "C"'
