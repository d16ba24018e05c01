"""Backups in the second folder sealed to a backup key: unreadable there, restored with the passphrase."""

import datetime
import io
import zlib

import pytest

from lianhu_desktop import cli
from lianhu_desktop.store import backups, sealed
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import Member, Village
from lianhu_desktop.store.restore import PassphraseNeeded, restore_database
from tests.pgserver import sqlite_only

pytestmark = sqlite_only

PASS = "备份用的密码2026"
ID_NUMBER = "11010519491231002X"


@pytest.fixture
def key():
    return sealed.make_backup_key(PASS)


@pytest.fixture
def sealed_backup(village, db_path, tmp_path, key):
    """(the sealed backup in the second folder, the plain one beside the database)."""
    Member.create(village=village, name="王建国", id_number=ID_NUMBER, phone="13912345678",
                  address="李家庄村东头12号")
    local, usb = store_db.auto_backup([tmp_path / "usb"], seal_key=key)
    return usb, local


def test_the_second_folder_gets_a_sealed_copy_with_no_names_or_id_numbers(sealed_backup, db_path):
    usb, local = sealed_backup
    assert usb.suffix == ".lhbak" and usb.name.startswith(backups.AUTO_PREFIX)
    assert local.parent == db_path.parent / "backups" and local.suffix == ".db"
    assert backups.is_sealed(usb) and not backups.is_sealed(local)
    data = usb.read_bytes()
    assert data.startswith(sealed.BOX_MAGIC)
    for text in ("王建国", "李家庄村", ID_NUMBER, "13912345678", "SQLite format 3"):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert text.encode(encoding) not in data
    with pytest.raises(zlib.error):
        zlib.decompress(data)
    assert "王建国".encode() in local.read_bytes()  # the copy beside the database stays as it was


def test_it_restores_with_the_right_passphrase(sealed_backup, db_path):
    usb, _ = sealed_backup
    Village.create(name="后加的村")
    result = restore_database(usb, db_path, PASS)
    store_db.open_database(db_path)
    assert result.source == usb
    assert Village.select().count() == 1 and Member.get(Member.name == "王建国").id_number == ID_NUMBER
    assert not list(db_path.parent.glob(".lianhu-unsealed.*"))


@pytest.mark.parametrize("passphrase, error, words", [
    ("不是这个密码1234", sealed.WrongPassphrase, "密码不对"),
    (None, PassphraseNeeded, "已加密"),
])
def test_it_is_refused_with_a_wrong_passphrase_or_none(sealed_backup, db_path, passphrase, error, words):
    usb, _ = sealed_backup
    Village.create(name="后加的村")
    with pytest.raises(error, match=words):
        restore_database(usb, db_path, passphrase)
    assert Village.select().count() == 2  # the live database is untouched and still open
    assert not list(db_path.parent.glob(".lianhu-unsealed.*"))


def test_a_changed_byte_is_refused(sealed_backup, db_path):
    usb, _ = sealed_backup
    data = bytearray(usb.read_bytes())
    data[-100] ^= 0x01
    usb.write_bytes(bytes(data))
    with pytest.raises(sealed.SealBroken, match="损坏或被改动"):
        restore_database(usb, db_path, PASS)
    assert Village.select().count() == 1
    assert not list(db_path.parent.glob(".lianhu-unsealed.*"))


def test_cli_restore_asks_for_the_passphrase_of_a_sealed_backup(sealed_backup, db_path, tmp_path, monkeypatch,
                                                                  capsys):
    usb, _ = sealed_backup
    store_db.close_database()
    assert cli.main(["--db", str(db_path), "restore", str(usb), "--yes"]) == 1
    assert "需要备份密码" in capsys.readouterr().err
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("不是这个密码1234\n", encoding="utf-8")
    assert cli.main(["--db", str(db_path), "restore", str(usb), "--yes", "--passphrase-file", str(wrong)]) == 1
    assert "密码不对" in capsys.readouterr().err
    monkeypatch.setenv(sealed.ENV_PASSPHRASE, PASS)
    assert cli.main(["--db", str(db_path), "restore", str(usb), "--yes"]) == 0
    assert "已从" in capsys.readouterr().out
    store_db.close_database()


def test_sealed_backups_are_kept_by_the_same_rota(tmp_path, key):
    folder = tmp_path / "usb"
    folder.mkdir()
    start = datetime.datetime(2025, 1, 1, 9)
    for day in range(40):
        name = backups.stamped_name(backups.AUTO_PREFIX, start + datetime.timedelta(days=day), backups.SEALED_SUFFIX)
        (folder / name).write_bytes(b"x")
    backups.prune(folder)
    assert len(backups.list_backups(folder)) == 30  # the newest of each month is among the 30 days
    assert backups.newest_good(folder) is None  # a sealed backup is never taken as a plain good copy


def test_a_backup_key_opens_with_its_passphrase_only(key):
    assert sealed.backup_key_opens(key, PASS)
    assert not sealed.backup_key_opens(key, "不是这个密码1234")
    assert PASS.encode() not in key
    out = io.BytesIO()
    sealed.seal_to(io.BytesIO(b"abc" * 100_000), out, key)
    plain = io.BytesIO()
    sealed.open_sealed_file(io.BytesIO(out.getvalue()), plain, PASS)
    assert plain.getvalue() == b"abc" * 100_000
    with pytest.raises(sealed.SealBroken):
        sealed.open_sealed_file(io.BytesIO(out.getvalue()[:-1]), io.BytesIO(), PASS)


@pytest.mark.parametrize("passphrase, level", [
    ("1234567", 0), ("aaaaaaaa", 1), ("12345678", 1), ("abcd1234", 2), ("李家庄村党支部-联户-2026", 3),
])
def test_strength(passphrase, level):
    assert sealed.strength(passphrase)[0] == level
