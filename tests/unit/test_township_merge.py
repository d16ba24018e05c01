"""Village packages merged at the township (issue 13's "Done when")."""

import json
import zlib

import openpyxl
import pytest

from lianhu_desktop import cli
from lianhu_desktop.errors import LianhuError
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store import backend, merge, migrations, ownership, package, sealed
from lianhu_desktop.store.models import ALL_MODELS, Member, Village, Visit
from tests.unit.townshipfixtures import ID_NUMBERS, PASS, make_villages
from tests.unit.townshipfixtures import content as _content
from tests.unit.townshipfixtures import merge_into as _merge
from tests.unit.townshipfixtures import package_of as _package


@pytest.fixture
def villages(tmp_path):
    """Two village databases (paths) with a few rows each."""
    yield make_villages(tmp_path)
    store_db.close_database()


def test_every_model_travels_or_stays_for_a_reason():
    carried = set(ownership.carried_models())
    for model in ALL_MODELS:
        assert (model in carried) != (model in ownership.LOCAL_MODELS), model.__name__
    for model in carried:
        for f in ownership.deferred_keys(model, ownership.carried_models()):
            assert f.null, f"{model.__name__}.{f.name} points forward and must be nullable"
        for f in ownership.foreign_keys(model):
            assert f.rel_model not in ownership.LOCAL_MODELS


def test_every_carried_table_records_its_deletions(db):
    triggers = backend.trigger_names(db)
    for model in ownership.carried_models():
        assert f"tombstone_{model._meta.table_name}_delete" in triggers


def test_two_villages_in_either_order_give_the_same_township(villages, tmp_path):
    first, second = (_package(v, tmp_path / f"p{i}.lhpkg") for i, v in enumerate(villages))
    one = _merge(tmp_path / "a.db", first, second)
    _merge(tmp_path / "b.db", second, first)
    assert one[0].tables["visit"].inserted == 4 and one[0].tables["request"].inserted == 1
    content = _content(tmp_path / "a.db")
    assert content == _content(tmp_path / "b.db")
    assert len(content["member"]) == 6 and len(content["village"]) == 2
    leaders = {row for row in content["party_group"] if row[-2] is not None}
    assert len(leaders) == 2  # the deferred key (a group's leader) is set

    again = _merge(tmp_path / "a.db", first, second)
    assert [r.status for r in again] == ["already", "already"]
    # A fresh package of an unchanged village changes nothing either.
    fresh = _merge(tmp_path / "a.db", _package(villages[0], tmp_path / "fresh.lhpkg"))[0]
    assert fresh.status == "merged" and fresh.changed == 0 and not fresh.conflicts
    assert fresh.tables["visit"].unchanged == 4
    assert _content(tmp_path / "a.db") == content


def test_a_visit_deleted_at_the_village_disappears_at_the_township(villages, tmp_path):
    township = tmp_path / "t.db"
    _merge(township, _package(villages[0], tmp_path / "p1.lhpkg"))
    store_db.open_database(villages[0])
    gone = Visit.select().order_by(Visit.id.desc()).first().uuid
    Visit.delete().where(Visit.uuid == gone).execute()
    store_db.close_database()
    result = _merge(township, _package(villages[0], tmp_path / "p2.lhpkg"))[0]
    assert result.tables["visit"].deleted == 1 and result.changed == 1
    store_db.open_database(township, write=False)
    assert not Visit.select().where(Visit.uuid == gone).exists()
    assert Visit.select().count() == 3
    store_db.close_database()


def test_a_township_edit_the_village_also_changed_is_in_the_conflict_report(villages, tmp_path):
    township = tmp_path / "t.db"
    _merge(township, _package(villages[0], tmp_path / "p1.lhpkg"))
    store_db.open_database(township)
    member = Member.get(Member.name == "李党员1")
    member.phone = "13911112222"
    member.save()
    kept = Member.get(Member.name == "李党员2")
    kept.notes = "乡镇补记"
    kept.save()
    store_db.close_database()
    store_db.open_database(villages[0])
    member = Member.get(Member.name == "李党员1")
    member.phone = "13933334444"
    member.save()
    store_db.close_database()

    results = _merge(township, _package(villages[0], tmp_path / "p2.lhpkg"))
    result = results[0]
    assert result.tables["member"].updated == 1 and result.tables["member"].conflicts == 1
    [conflict] = result.conflicts
    assert (conflict.table, conflict.field) == ("member", "phone")
    assert (conflict.township_value, conflict.village_value) == ("13911112222", "13933334444")
    store_db.open_database(township, write=False)
    assert Member.get(Member.name == "李党员1").phone == "13933334444"  # the village's value wins
    assert Member.get(Member.name == "李党员2").notes == "乡镇补记"  # an edit only the township made stays
    store_db.close_database()

    from lianhu_desktop.excel.merge_report import write_report

    write_report(results, tmp_path / "r.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx")["冲突"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("村", "表", "记录", "字段", "乡镇的值", "村里的值")
    assert rows[1] == ("李家庄村", "党员", "李党员1", "联系电话", "13911112222", "13933334444")


def test_an_older_package_after_a_newer_one_changes_nothing_and_says_so(villages, tmp_path):
    old = _package(villages[0], tmp_path / "old.lhpkg")
    new = _package(villages[0], tmp_path / "new.lhpkg")
    township = tmp_path / "t.db"
    _merge(township, new)
    before = _content(township)
    [result] = _merge(township, old)
    assert result.status == "older" and "旧" in result.message and result.changed == 0
    assert _content(township) == before


def test_a_tampered_package_is_refused_and_changes_nothing(villages, tmp_path):
    path = _package(villages[0], tmp_path / "p.lhpkg")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(sealed.SealBroken, match="损坏或被改动"):
        _merge(tmp_path / "t.db", path)
    store_db.open_database(tmp_path / "t.db", write=False)
    assert store_db.is_empty()
    store_db.close_database()


def test_a_wrong_passphrase_is_refused(villages, tmp_path):
    path = _package(villages[0], tmp_path / "p.lhpkg")
    store_db.open_database(tmp_path / "t.db", create=True)
    try:
        with pytest.raises(sealed.WrongPassphrase, match="密码不对"):
            merge.merge_package(path, "另一个不对的密码")
        assert store_db.is_empty()
    finally:
        store_db.close_database()


def test_a_package_carries_no_readable_personal_data(villages, tmp_path):
    data = _package(villages[0], tmp_path / "p.lhpkg").read_bytes()
    for text in ("李家庄村", "李党员1", "李户主2", "李家庄村1号", *ID_NUMBERS, "13900001001"):
        for encoding in ("utf-8", "utf-16-le", "gb18030"):
            assert text.encode(encoding) not in data
    with pytest.raises(zlib.error):
        zlib.decompress(data)


def test_a_package_holds_nothing_of_other_villages(villages, tmp_path):
    both = tmp_path / "both.db"
    _merge(both, *(_package(v, tmp_path / f"p{i}.lhpkg") for i, v in enumerate(villages)))
    store_db.open_database(both)
    out = package.write_package(tmp_path / "one.lhpkg", PASS, Village.get(Village.name == "王家湾村").id)[1]
    store_db.close_database()
    opened = package.open_package(out, PASS)
    try:
        image = opened.db.connection().serialize()
        assert "李党员".encode() not in image and "王党员".encode() in image
        assert opened.manifest.counts["member"] == 3 and opened.manifest.village_name == "王家湾村"
    finally:
        opened.close()


def test_a_package_of_a_newer_schema_is_refused(villages, tmp_path, monkeypatch):
    path = _package(villages[0], tmp_path / "p.lhpkg")
    monkeypatch.setattr(migrations, "LATEST", migrations.LATEST - 1)
    with pytest.raises(LianhuError, match="比本程序"):
        package.open_package(path, PASS)


def test_a_dry_run_previews_and_writes_nothing(villages, tmp_path):
    path = _package(villages[0], tmp_path / "p.lhpkg")
    [preview] = _merge(tmp_path / "t.db", path, dry_run=True)
    assert preview.tables["household"].inserted == 4 and preview.dry_run
    store_db.open_database(tmp_path / "t.db", write=False)
    assert store_db.is_empty()
    store_db.close_database()


def test_cli_package_and_merge(villages, tmp_path, monkeypatch, capsys):
    secret = tmp_path / "pw.txt"
    secret.write_text(PASS + "\n", encoding="utf-8")
    monkeypatch.setenv(sealed.ENV_PASSPHRASE, PASS)
    assert cli.main(["--db", str(villages[0]), "package", str(tmp_path / "p.lhpkg")]) == 0
    assert "已导出李家庄村的数据包" in capsys.readouterr().out
    monkeypatch.delenv(sealed.ENV_PASSPHRASE)
    township = tmp_path / "new" / "township.db"
    report = tmp_path / "r.xlsx"
    code = cli.main(["--db", str(township), "merge", str(tmp_path / "p.lhpkg"), "--passphrase-file", str(secret),
                     "--report", str(report), "--json"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert out["results"][0]["tables"]["member"]["inserted"] == 3
    assert openpyxl.load_workbook(report)["合并汇总"].max_row > 1
    bad = tmp_path / "bad.txt"
    bad.write_text("wrong-passphrase", encoding="utf-8")
    assert cli.main(["--db", str(township), "merge", str(tmp_path / "p.lhpkg"), "--passphrase-file", str(bad)]) == 1
    assert "密码不对" in capsys.readouterr().err
