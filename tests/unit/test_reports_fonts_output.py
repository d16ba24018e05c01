"""Fonts in every printout (embedded, rare characters) and PDFs that are written whole or not at all."""

import pytest
from reportlab import rl_config

from lianhu_desktop.domain import printing
from lianhu_desktop.reports import catalog, doorplates, fonts, handbook, output, pdfspool
from lianhu_desktop.store.models import Household, Member
from tests.unit import appraisalfixtures, printdata

RARE = "𠮷"  # CJK Extension B: not in the main font


@pytest.fixture(autouse=True)
def invariant(monkeypatch):
    monkeypatch.setattr(rl_config, "invariant", 1)


@pytest.fixture
def filled(village, monkeypatch):
    # The appraisal printouts draw results made from the village's members (see appraisalfixtures).
    appraisalfixtures.install(monkeypatch)
    created = printdata.fill(village, members=4, per_member=6, long_values=True)
    Member.update(name=f"{RARE}田春").where(Member.id == created["members"][0].id).execute()
    Household.update(head_name=f"{RARE}大山").where(Household.id == created["households"][0].id).execute()
    return created


def _every_document(folder):
    """(kind, layout, path) of every document and layout the catalog offers, built."""
    scope = printing.resolve_scope()
    built = []
    for kind in catalog.kinds():
        for layout in kind.layouts:
            path = folder / f"{kind.key}-{layout}.pdf"
            catalog.print_document(kind.key, scope, path, layout, mark_printed=False)
            built.append((kind.key, layout, path))
    return built


def test_no_printout_references_a_font_it_does_not_embed(filled, tmp_path):
    built = _every_document(tmp_path)
    assert {kind for kind, _, _ in built} == set(catalog.KINDS)
    for kind, layout, path in built:
        assert printdata.referenced_fonts_not_embedded(path) == set(), (kind, layout)
        printdata.assert_font_embedded(path)
        assert b"Helvetica" not in path.read_bytes(), (kind, layout)


@pytest.mark.parametrize("kind", ["doorplate", "card", "handbook", "contactbook", "linklist", "linkmap", "ballots",
                                  "appraisal", "appraisal-notice"])
def test_a_rare_character_prints_in_the_fallback_font(filled, tmp_path, kind):
    out = tmp_path / f"{kind}.pdf"
    catalog.print_document(kind, printing.resolve_scope(), out, mark_printed=False)
    data = out.read_bytes()
    assert b"+HanaMinA" in data  # the subset of the fallback font that has 𠮷 is embedded
    content = printdata.pdf_text(out).replace("\n", "")
    assert f"{RARE}田春" in content or f"{RARE}大山" in content


def test_runs_split_text_by_the_font_that_has_each_character():
    assert fonts.runs("王建国") == [(fonts.FONT_NAME, "王建国")]
    assert fonts.runs(f"{RARE}田春") == [("HanaMinA", RARE), (fonts.FONT_NAME, "田春")]
    assert fonts.runs("㐀丁") == [("HanaMinA", "㐀"), (fonts.FONT_NAME, "丁")]  # Extension A
    assert fonts.runs("\U0002A700") == [("HanaMinB", "\U0002A700")]  # Extension C
    assert fonts.markup(f"<{RARE}&") == f'&lt;<font face="HanaMinA">{RARE}</font>&amp;'


def test_unprintable_characters_are_those_no_bundled_font_has():
    assert fonts.unprintable_characters(f"{RARE}田春 王建国") == []
    ext_g = "\U00030000"  # CJK Extension G (2020): newer than every bundled font
    assert fonts.unprintable_characters(f"张{ext_g}{ext_g}\U000F0000") == [ext_g, "\U000F0000"]
    assert fonts.unprintable_characters("") == []


def _raise_midway(after: int):
    def progress(done, total):
        if done >= after:
            raise RuntimeError("printer went away")
        return True
    return progress


def _only(folder, name):
    return sorted(p.name for p in folder.iterdir()) == [name]


@pytest.fixture
def out_dir(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


@pytest.mark.parametrize("layout", ["a4-1", "a4-4"])
def test_a_plate_print_that_fails_midway_leaves_the_old_file(filled, out_dir, layout):
    out = out_dir / "plates.pdf"
    out.write_bytes(b"%PDF-1.4 the plates printed last month")
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        doorplates.build(printing.door_plates(printing.resolve_scope()), out, layout, _raise_midway(5))
    assert out.read_bytes() == before and _only(out_dir, "plates.pdf")


def test_a_failure_while_writing_the_file_leaves_the_old_file(filled, out_dir, monkeypatch):
    out = out_dir / "plates.pdf"
    out.write_bytes(b"old")
    original = pdfspool.write

    def broken(canvas, path):
        with open(path, "wb") as partial:
            partial.write(b"%PDF-1.4 half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pdfspool, "write", broken)
    with pytest.raises(output.OutputError, match="无法写入文件"):
        doorplates.build(printing.door_plates(printing.resolve_scope()), out, "a4-2")
    assert out.read_bytes() == b"old" and _only(out_dir, "plates.pdf")
    monkeypatch.setattr(pdfspool, "write", original)
    doorplates.build(printing.door_plates(printing.resolve_scope()), out, "a4-2")
    assert printdata.page_count(out) == 12 and _only(out_dir, "plates.pdf")


def test_a_handbook_that_fails_midway_leaves_the_old_file(filled, out_dir):
    from lianhu_desktop.domain import printrows

    out = out_dir / "hb.pdf"
    out.write_bytes(b"old handbooks")
    with pytest.raises(RuntimeError):
        handbook.build(printrows.handbooks(printing.resolve_scope()), out, "a5", _raise_midway(2))
    assert out.read_bytes() == b"old handbooks" and _only(out_dir, "hb.pdf")


@pytest.mark.parametrize("kind", ["linklist", "linkmap", "commitments", "contactbook", "card"])
def test_other_printouts_are_replaced_whole(filled, out_dir, kind):
    out = out_dir / "doc.pdf"
    out.write_bytes(b"old")
    with pytest.raises(RuntimeError):
        catalog.print_document(kind, printing.resolve_scope(), out, progress=_raise_midway(0),
                               mark_printed=False)
    assert out.read_bytes() == b"old" and _only(out_dir, "doc.pdf")
    catalog.print_document(kind, printing.resolve_scope(), out, mark_printed=False)
    assert printdata.page_count(out) >= 1 and _only(out_dir, "doc.pdf")
