"""The merge's preview of several packages, its audit lines, and packages written for the window."""

import datetime

import pytest

from lianhu_desktop.errors import Cancelled
from lianhu_desktop.store import changelog, merge, package, sealed
from lianhu_desktop.store import db as store_db
from lianhu_desktop.store.models import AuditLog, ChangeLog, Member, PackageMerge, Village, Visit, database
from tests.unit.townshipfixtures import PASS, make_villages, merge_into, package_of


@pytest.fixture
def villages(tmp_path):
    yield make_villages(tmp_path)
    store_db.close_database()


def _preview(township, *paths, **kwargs):
    store_db.open_database(township, create=True)
    try:
        return merge.preview_packages(paths, PASS, **kwargs)
    finally:
        store_db.close_database()


def _untouched(township) -> bool:
    store_db.open_database(township, write=False)
    try:
        return store_db.is_empty() and PackageMerge.select().count() == 0 and AuditLog.select().count() == 0
    finally:
        store_db.close_database()


def test_a_preview_of_two_packages_of_one_village_sees_the_first_and_writes_nothing(villages, tmp_path):
    old = package_of(villages[0], tmp_path / "old.lhpkg")
    store_db.open_database(villages[0])
    member = Member.get(Member.name == "李党员1")
    member.phone = "13933334444"
    member.save()
    store_db.close_database()
    new = package_of(villages[0], tmp_path / "new.lhpkg")
    other = package_of(villages[1], tmp_path / "other.lhpkg")
    township = tmp_path / "t.db"
    first, second, third = _preview(township, old, new, other)
    assert [r.status for r in (first, second, third)] == ["merged", "merged", "merged"]
    assert first.tables["member"].inserted == 3 and first.dry_run and "将新增" in first.message
    # The second is previewed after the first, as the merge will meet it: one member changed.
    assert second.tables["member"].updated == 1 and second.changed == 1
    assert third.village_name == "王家湾村" and third.tables["visit"].inserted == 4
    assert _untouched(township)
    # In the other order the older package is refused as older, in words.
    again = _preview(township, new, old)
    assert again[1].status == "older" and "旧" in again[1].message


def test_a_wrong_passphrase_and_a_tampered_package_are_refusals_beside_the_others(villages, tmp_path):
    store_db.open_database(villages[1])
    other_secret = package.write_package(tmp_path / "other.lhpkg", "另一个村的密码12345")[1]
    store_db.close_database()
    tampered = package_of(villages[0], tmp_path / "bad.lhpkg")
    data = bytearray(tampered.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    good = package_of(villages[0], tmp_path / "good.lhpkg")
    township = tmp_path / "t.db"
    wrong, broken, fine = _preview(township, other_secret, tampered, good)
    assert wrong.status == "refused" and isinstance(wrong.error, sealed.WrongPassphrase)
    assert "密码不对" in wrong.message
    assert broken.status == "refused" and isinstance(broken.error, sealed.SealBroken)
    assert "损坏或被改动" in broken.message
    assert fine.status == "merged" and fine.tables["household"].inserted == 4
    assert _untouched(township)


def test_a_package_refused_inside_the_transaction_is_left_out_and_the_rest_previewed(villages, tmp_path):
    township = tmp_path / "t.db"
    store_db.open_database(township, create=True)
    Village.create(name="李家庄村", township="城关镇")  # entered by hand at the township: another uuid
    store_db.close_database()
    first = package_of(villages[1], tmp_path / "w.lhpkg")
    clash = package_of(villages[0], tmp_path / "l.lhpkg")
    last = package_of(villages[1], tmp_path / "w2.lhpkg")
    results = _preview(township, first, clash, last)
    assert [r.status for r in results] == ["merged", "refused", "merged"]
    assert "已有一个“李家庄村”" in results[1].message and results[1].village_name == "李家庄村"
    assert results[0].tables["member"].inserted == 3
    assert results[2].changed == 0  # previewed after the first, without the refused one
    store_db.open_database(township, write=False)
    assert Village.select().count() == 1 and PackageMerge.select().count() == 0
    store_db.close_database()


def test_a_cancelled_preview_changes_nothing(villages, tmp_path):
    path = package_of(villages[0], tmp_path / "p.lhpkg")
    with pytest.raises(Cancelled):
        _preview(tmp_path / "t.db", path, progress=lambda done, total: done < 5)
    assert _untouched(tmp_path / "t.db")


def test_new_visits_are_one_audit_line_and_members_keep_theirs(villages, tmp_path):
    township = tmp_path / "t.db"
    [result] = merge_into(township, package_of(villages[0], tmp_path / "p.lhpkg"))
    store_db.open_database(township)
    try:
        logged = {table: ChangeLog.select().where(ChangeLog.table == table).count()
                  for table in ("visit", "request", "member", "household", "link")}
        assert logged == {"visit": 0, "request": 0, "member": 3, "household": 4, "link": 4}
        lines = {row.table: row.summary for row in AuditLog.select().where(AuditLog.action == "合并数据包")}
        assert "李家庄村数据包" in lines["visit"] and "走访记录：新增 4 条" in lines["visit"]
        assert set(lines) == {t for t, c in result.tables.items() if c.inserted or c.updated or c.deleted}
        assert merge.merged_package_uuids([result.package_uuid, "0" * 32]) == {result.package_uuid}
        # The triggers are back after the merge: a visit written now is logged.
        visit = Visit.select().first()
        Visit.create(village=visit.village, member=visit.member, household=visit.household,
                     date=datetime.date(2025, 5, 1), content="乡镇补录")
        assert ChangeLog.select().where(ChangeLog.table == "visit").count() == 1
    finally:
        store_db.close_database()


def test_row_log_paused_for_inserts_only_keeps_the_update_lines(village):
    with database.atomic(), changelog.row_log_paused(database, ("member",), ("insert",)):
        member = Member.create(village=village, name="王建国")
        Member.update(phone="13900000000").where(Member.id == member.id).execute()
    actions = [row.action for row in ChangeLog.select().where(ChangeLog.table == "member")]
    assert actions == ["修改"]


def test_an_already_merged_package_is_told_without_unpacking_it(villages, tmp_path, monkeypatch):
    path = package_of(villages[0], tmp_path / "p.lhpkg")
    township = tmp_path / "t.db"
    merge_into(township, path)

    def refuse(*args):
        raise AssertionError("an already merged package was unpacked")

    monkeypatch.setattr(merge, "load_package", refuse)
    [again] = merge_into(township, path)
    assert again.status == "already"


def test_packages_for_each_village_are_all_written_or_none(villages, tmp_path):
    township = tmp_path / "t.db"
    merge_into(township, *(package_of(v, tmp_path / f"p{i}.lhpkg") for i, v in enumerate(villages)))
    out = tmp_path / "usb"
    out.mkdir()
    day = datetime.date(2026, 1, 2)
    store_db.open_database(township)
    try:
        ids = [v.id for v in Village.select().order_by(Village.id)]
        (out / "李家庄村_20260102.lhpkg").write_bytes(b"yesterday's")
        with pytest.raises(Cancelled):
            package.write_packages(out, PASS, ids, when=day, progress=lambda done, total: done < total - 1)
        assert sorted(p.name for p in out.iterdir()) == ["李家庄村_20260102.lhpkg"]
        assert (out / "李家庄村_20260102.lhpkg").read_bytes() == b"yesterday's"
        written = package.write_packages(out, PASS, ids, when=day)
    finally:
        store_db.close_database()
    assert [path.name for _, path in written] == ["李家庄村_20260102.lhpkg", "王家湾村_20260102.lhpkg"]
    assert sorted(p.name for p in out.iterdir()) == ["李家庄村_20260102.lhpkg", "王家湾村_20260102.lhpkg"]
    manifest, _, _ = package.read_package(written[1][1], PASS)
    assert manifest.village_name == "王家湾村" and manifest.counts["member"] == 3


def test_a_dated_name_is_a_file_name():
    day = datetime.date(2026, 3, 5)
    assert package.dated_name("李家庄村", day) == "李家庄村_20260305.lhpkg"
    assert package.dated_name("东/西:村", day) == "东_西_村_20260305.lhpkg"


def test_a_package_of_a_newer_schema_is_a_refusal_in_words(villages, tmp_path, monkeypatch):
    from lianhu_desktop.store import migrations

    path = package_of(villages[0], tmp_path / "p.lhpkg")
    store_db.open_database(tmp_path / "t.db", create=True)
    try:
        monkeypatch.setattr(migrations, "LATEST", migrations.LATEST - 1)
        [result] = merge.preview_packages([path], PASS)
    finally:
        store_db.close_database()
    assert result.status == "refused" and "比本程序" in result.message and "请先升级程序" in result.message
