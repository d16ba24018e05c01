"""Every option of ``import`` / ``export`` with every sheet kind: it works, or it
is refused with exit 2 and a Chinese message — never accepted and ignored."""

import datetime
import json

import openpyxl
import pytest

from lianhu_desktop.cli import main
from lianhu_desktop.domain import idnumber
from lianhu_desktop.excel import kinds
from lianhu_desktop.store import db as store_db
from tests.unit.test_excel_import import ID1

ID2 = idnumber.make("110101", datetime.date(1970, 5, 6), 13, "男")

IMPORT_ARGS = {"sheet": ["--sheet", "SHEET"], "dry_run": ["--dry-run"], "skip_invalid": ["--skip-invalid"],
               "no_create": ["--no-create"], "errors": ["--errors", "ERRORS"], "json": ["--json"],
               "year": ["--year", "2026"], "single_entry": ["--single-entry"]}
EXPORT_ARGS = {"full_id": ["--full-id"], "archived": ["--archived"], "year": ["--year", "2026"],
               "month": ["--month", "2026-03"]}


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    """A database with a village, members, households and a link, and each kind's export of it."""
    from lianhu_desktop.domain.households import save_household
    from lianhu_desktop.domain.linking import link_households
    from lianhu_desktop.domain.members import save_member
    from lianhu_desktop.domain.villages import create_village

    folder = tmp_path_factory.mktemp("kinds")
    path = folder / "cli.db"
    store_db.open_database(path, create=True)
    village = create_village("李家庄村", township="城关镇", grids=3)
    wang = save_member({"village_id": village.id, "name": "王建国", "id_number": ID1})
    save_member({"village_id": village.id, "name": "张伟", "gender": "男"})
    zhang = save_member({"village_id": village.id, "name": "张伟", "id_number": ID2})
    home = save_household({"village_id": village.id, "head_name": "李德福", "door_number": "1号"})
    other = save_household({"village_id": village.id, "head_name": "赵秀兰", "door_number": "2号"})
    link_households(wang.id, [home.id])
    link_households(zhang.id, [other.id])  # a repeated name: the sheet names him by ID number
    store_db.close_database()
    exported = {}
    for kind in kinds.exportable():
        out = folder / f"{kind.key}.xlsx"
        full_id = ["--full-id"] if kinds.FULL_ID in kind.export_options else []
        assert main(["--db", str(path), "export", kind.key, str(out), *full_id, *_required(kind.key, "export")]) == 0
        exported[kind.key] = out
    # A kind that is imported but not exported (the ballots): its template, filled in.
    for kind in kinds.importable():
        if kind.key not in exported:
            out = folder / f"{kind.key}.xlsx"
            assert main(["--db", str(path), "template", kind.key, str(out), *_required(kind.key, "template")]) == 0
            FILLERS[kind.key](out)
            exported[kind.key] = out
    return path, exported


def _required(kind: str, command: str, given: str = "") -> list[str]:
    """The flags a kind cannot do without (the ballots' and the appraisal's year), but for the option tried."""
    flags = {"import": IMPORT_ARGS, "export": EXPORT_ARGS}.get(command, {"year": ["--year", "2026"]})
    return [a for option in sorted(kinds.kind(kind).required) if option != given for a in flags[option]]


def _fill_ballots(path):
    """Two ballots entered twice, one entered once, a spoiled one: by the template's own headers."""
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    heads = [cell.value for cell in sheet[3]]
    at = {head: index + 1 for index, head in enumerate(heads)}
    numbered = [row for row in range(4, sheet.max_row + 1) if sheet.cell(row, 1).value is not None]
    half = len(numbered) // 2
    zhang = next(head for head in heads if head and head.startswith("张伟（") and "编号" not in head)
    for block in (0, half):
        first, second, third = (numbered[block + i] for i in range(3))
        for row, kind, grades in ((first, "党员", {"王建国": "优秀", zhang: "合格"}),
                                  (second, "群众代表", {"王建国": "合格"})):
            sheet.cell(row, at["评议人类别"], kind)
            for head, grade in grades.items():
                sheet.cell(row, at[head], grade)
        sheet.cell(third, at["评议人类别"], "党员")
        sheet.cell(third, at["备注"], "作废")
    sheet.cell(numbered[3], at["评议人类别"], "党员")  # entered once
    book.save(path)


FILLERS = {"ballots": _fill_ballots}


def _copy_db(files, tmp_path):
    target = tmp_path / "copy.db"
    target.write_bytes(files[0].read_bytes())
    return target


@pytest.mark.parametrize("option", sorted(IMPORT_ARGS))
@pytest.mark.parametrize("kind", [k.key for k in kinds.importable()])
def test_every_import_option_works_or_is_refused(files, tmp_path, capsys, kind, option):
    db = _copy_db(files, tmp_path)
    source = files[1][kind]
    sheet = openpyxl.load_workbook(source).sheetnames[0]
    args = [a.replace("SHEET", sheet).replace("ERRORS", str(tmp_path / "e.xlsx")) for a in IMPORT_ARGS[option]]
    code = main(["--db", str(db), "import", kind, str(source), *args, *_required(kind, "import", option)])
    out, err = capsys.readouterr()
    if option in kinds.kind(kind).import_options:
        assert code == 0, err
        if option == "json":
            assert json.loads(out)["kind"] == kind
    else:
        assert code == 2 and f"不能用 {IMPORT_ARGS[option][0]} 选项" in err


@pytest.mark.parametrize("option", sorted(EXPORT_ARGS))
@pytest.mark.parametrize("kind", [k.key for k in kinds.exportable()])
def test_every_export_option_works_or_is_refused(files, tmp_path, capsys, kind, option):
    out_file = tmp_path / "out.xlsx"
    code = main(["--db", str(files[0]), "export", kind, str(out_file), *EXPORT_ARGS[option],
                 *_required(kind, "export", option)])
    _, err = capsys.readouterr()
    if option in kinds.kind(kind).export_options:
        assert code == 0 and out_file.exists(), err
    else:
        assert code == 2 and f"不能用 {EXPORT_ARGS[option][0]} 选项" in err and not out_file.exists()


def test_the_reported_links_commands(files, tmp_path, capsys):
    db = _copy_db(files, tmp_path)
    source = files[1]["links"]
    code = main(["--db", str(db), "import", "links", str(source), "--json", "--errors", str(tmp_path / "e.xlsx"),
                 "--sheet", "不存在"])
    assert code == 1 and "没有名为“不存在”的工作表" in capsys.readouterr().err
    code = main(["--db", str(db), "export", "links", str(tmp_path / "l.xlsx"), "--full-id", "--archived"])
    assert code == 2 and "--archived" in capsys.readouterr().err


def test_links_export_masks_id_numbers_unless_full_id(files, tmp_path):
    masked, full = tmp_path / "m.xlsx", tmp_path / "f.xlsx"
    assert main(["--db", str(files[0]), "export", "links", str(masked)]) == 0
    assert main(["--db", str(files[0]), "export", "links", str(full), "--full-id"]) == 0

    def members(path):
        return [row[4] for row in openpyxl.load_workbook(path).active.iter_rows(min_row=2, values_only=True)]

    assert sorted(members(full)) == sorted(["王建国", ID2])
    assert sorted(members(masked)) == sorted(["王建国", ID2[:6] + "*" * 8 + ID2[14:]])


def test_links_template_imports_back_empty(files, tmp_path, capsys):
    db = _copy_db(files, tmp_path)
    template = tmp_path / "t.xlsx"
    assert main(["--db", str(db), "template", "links", str(template)]) == 0
    assert main(["--db", str(db), "import", "links", str(template), "--json"]) == 0
    assert json.loads(capsys.readouterr().out.split("\n", 1)[1])["rows"] == 0


def test_a_malformed_month_or_year_is_a_chinese_error(files, tmp_path, capsys):
    kind = next((k for k in kinds.exportable() if kinds.MONTH in k.export_options), None)
    if kind is not None:
        assert main(["--db", str(files[0]), "export", kind.key, str(tmp_path / "m.xlsx"), "--month", "2026-13"]) == 1
        assert "月份应写成 YYYY-MM" in capsys.readouterr().err
    year_kind = next((k for k in kinds.exportable() if kinds.YEAR in k.export_options), None)
    if year_kind is not None:
        assert main(["--db", str(files[0]), "export", year_kind.key, str(tmp_path / "y.xlsx"), "--year", "1900"]) == 1
        assert "年度应在 2000–2100 之间" in capsys.readouterr().err
    assert kind is not None or year_kind is not None or not any(
        kinds.YEAR in k.export_options or kinds.MONTH in k.export_options for k in kinds.KINDS.values())


def test_a_template_with_fixed_columns_takes_no_village(files, tmp_path, capsys):
    assert main(["--db", str(files[0]), "template", "roster", str(tmp_path / "t.xlsx"), "--village", "李家庄村"]) == 2
    assert "不分村" in capsys.readouterr().err
    assert main(["template", "roster", str(tmp_path / "t.xlsx"), "--year", "2026"]) == 2
    assert "不能用 --year 选项" in capsys.readouterr().err
