"""联户通 — offline desktop program for the 党员联户 system."""

import sys

__version__ = "0.1.0"
APP_NAME = "联户通"
APP_ID = "lianhu_desktop"


def _import_peewee_without_the_server_driver() -> None:
    """Import peewee with PostgreSQL's driver (psycopg) hidden from it.

    peewee imports psycopg as it is imported, and psycopg brings asyncio, ssl
    and importlib.metadata with it: a quarter of a second of every start on a
    modest PC (253 ms of a 1.4 s cold start, measured with ``python -X importtime``
    here), for a driver a village's file never uses. ``store.backend.load_server_driver``
    gives peewee the driver when a server database is opened.
    """
    if "peewee" in sys.modules or "psycopg" in sys.modules:
        return
    sys.modules["psycopg"] = None  # an import of it fails, which peewee takes as "not installed"
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg"]


_import_peewee_without_the_server_driver()
