"""Where the database, backups and logs live, and where resources/ is.

Order for the database: ``--db PATH``, then ``LIANHU_DB``, then portable mode
(a ``data/`` folder beside the program), then the per-user data folder.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from lianhu_desktop import APP_ID

DB_FILENAME = "lianhu.db"
ENV_DB = "LIANHU_DB"


def program_dir() -> Path:
    """The folder the program runs from: the bundle's for a frozen build,
    else the folder holding the ``lianhu_desktop`` package."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def portable_data_dir() -> Path | None:
    candidate = program_dir() / "data"
    return candidate if candidate.is_dir() else None


def data_dir() -> Path:
    """Folder for the default database, backups and logs."""
    portable = portable_data_dir()
    if portable is not None:
        return portable
    return Path(platformdirs.user_data_dir(APP_ID, appauthor=False))


def log_dir() -> Path:
    return data_dir() / "logs"


def backup_dir() -> Path:
    return data_dir() / "backups"


@dataclass(frozen=True)
class DbChoice:
    """The database to open and whether the user named it explicitly."""

    path: Path | str  # a file, or a postgresql:// URL (a server database)
    named: bool
    source: str  # "参数", "环境变量", "便携模式", "默认位置"

    @property
    def is_server(self) -> bool:
        return isinstance(self.path, str)


def is_server_url(text: str) -> bool:
    """A ``postgresql://`` URL: the township's database on a PostgreSQL server."""
    return text.strip().lower().startswith(("postgresql://", "postgres://"))


def choose_database(cli_path: str | None = None) -> DbChoice:
    """Pick the database file following the documented order."""
    if cli_path:
        if is_server_url(cli_path):
            return DbChoice(cli_path, True, "参数")
        return DbChoice(Path(cli_path).expanduser().resolve(), True, "参数")
    env = os.environ.get(ENV_DB)
    if env:
        if is_server_url(env):
            return DbChoice(env, True, "环境变量")
        return DbChoice(Path(env).expanduser().resolve(), True, "环境变量")
    portable = portable_data_dir()
    if portable is not None:
        return DbChoice(portable / DB_FILENAME, False, "便携模式")
    return DbChoice(data_dir() / DB_FILENAME, False, "默认位置")


def resource(*parts: str) -> Path:
    """Path of a file under resources/: in a frozen bundle, an installed wheel
    (``lianhu_desktop/resources``) or the source tree (``resources/``)."""
    bases = []
    if getattr(sys, "frozen", False):
        bases.append(Path(getattr(sys, "_MEIPASS", program_dir())) / "resources")
    here = Path(__file__).resolve().parent
    bases += [here / "resources", here.parent / "resources"]
    for base in bases:
        candidate = base.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"resource not found: {'/'.join(parts)}")
