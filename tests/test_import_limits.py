"""Bounded work on import: what a file expands to (rows, columns, cell size, uncompressed
bytes, XML tricks) is checked while it is read, and the user reads which limit was hit.

The attacks are made here, in memory (no large file committed): a tiny XLSX declaring a
huge sheet, an XLSX whose sheet expands to millions of rows, a megabyte of commas, a huge
single cell."""

from __future__ import annotations

import gc
import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refdash.data.importing import fastcsv, read, read_table, xlsx
from refdash.errors import RefdashError

_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
        'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.'
        'org/officeDocument/2006/relationships"><sheets><sheet name="Clients" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
        '//schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'),
}
_SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
               'openxmlformats.org/spreadsheetml/2006/main">{dimension}<sheetData>')
_SHEET_TAIL = "</sheetData></worksheet>"


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_rows: str | bytes, dimension: str = "", repeat: int = 1,
             head: str = "") -> bytes:
    """A minimal XLSX whose sheet holds ``sheet_rows`` (``repeat`` times, compressed as
    well as deflate can: the zip bomb), with an optional ``<dimension>`` and prolog."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            sheet.write((head + _SHEET_HEAD.format(dimension=dim)).encode())
            rows = sheet_rows.encode() if isinstance(sheet_rows, str) else sheet_rows
            block = rows * max(1, min(repeat, 10_000))
            for _ in range(repeat // 10_000):
                sheet.write(block)
            sheet.write(rows * (repeat % 10_000))
            sheet.write(_SHEET_TAIL.encode())
    return buf.getvalue()


HEADER_ROW = f'<row r="1">{_cell("A1", "id")}{_cell("B1", "name")}</row>'


def huge_dimension_xlsx() -> bytes:
    """A few KB declaring a sheet of every row and column Excel has (A1:XFD1048576)."""
    return workbook(HEADER_ROW + f'<row r="2">{_cell("A2", "1")}{_cell("B2", "Ann")}</row>',
                    dimension="A1:XFD1048576")


def far_cell_xlsx() -> bytes:
    """Two real cells, A1 and XFD1048576: a dense reader builds the whole sheet between."""
    return workbook(HEADER_ROW + f'<row r="1048576">{_cell("XFD1048576", "x")}</row>')


def row_bomb_xlsx(rows: int = 3_000_000) -> bytes:
    """A sheet of ``rows`` identical rows (no row number: each follows the last), which
    deflate packs about a thousand to one."""
    return workbook('<row><c t="inlineStr"><is><t>x</t></is></c></row>', repeat=rows)


def commas_csv(size: int = 1_000_000) -> bytes:
    """A megabyte of commas: a header and a row of a million cells each."""
    return b"id" + b"," * size + b"\n1" + b"," * size + b"\n"


def huge_cell_csv(size: int = 10_000_000) -> bytes:
    """One quoted cell of ``size`` characters."""
    return b'id,name\n1,"' + b"x" * size + b'"\n'


def entity_xlsx() -> bytes:
    """A billion-laughs DTD in the sheet (Excel never writes one)."""
    dtd = ('<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;'
           '&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>')
    return _with_prolog(dtd)


def _with_prolog(dtd: str) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        sheet = _SHEET_HEAD.format(dimension="").replace("?>", "?>" + dtd, 1)
        zf.writestr("xl/worksheets/sheet1.xml", sheet + HEADER_ROW.replace(">id<", ">&c;<")
                    + f'<row r="2">{_cell("A2", "1")}{_cell("B2", "Ann")}</row>' + _SHEET_TAIL)
    return buf.getvalue()


def refused(data: bytes, name: str) -> RefdashError:
    with pytest.raises(RefdashError) as caught:
        read_table(data, name)
    return caught.value


def test_a_tiny_workbook_declaring_a_huge_sheet_reads_its_two_rows():
    table = read_table(huge_dimension_xlsx(), "dimension.xlsx")
    assert table.frame.to_dict("records") == [{"id": "1", "name": "Ann"}]


def test_a_far_cell_is_refused_before_any_sheet_is_built():
    err = refused(far_cell_xlsx(), "far.xlsx")
    assert err.code == "import.too_many_columns"
    assert err.params["columns"] == 16384 and err.params["limit"] == read.MAX_COLUMNS


@pytest.mark.parametrize("far_cell", [
    '<c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c>',      # reference not first
    '<c\n r="XFD1048576" t="inlineStr"><is><t>x</t></is></c>',    # a line break in the tag
    '<c r="A1048576"/><c t="inlineStr" r="XFD2"><is><t>x</t></is></c>',  # shapes mixed
], ids=["attribute-order", "line-break", "mixed"])
def test_a_far_cell_written_in_any_legal_shape_is_refused(far_cell):
    err = refused(workbook(HEADER_ROW + f'<row r="2">{far_cell}</row>'), "far.xlsx")
    assert err.code == "import.too_many_columns" and err.params["columns"] == 16384


@pytest.mark.parametrize(("cell", "code"), [
    ('<c r="A1048578"/>', "import.too_many_rows"),       # a row past the last, in a row 2
    ('<c r="A12345678"/>', "import.too_many_rows"),      # eight digits
    ('<c r="GS2"/>', "import.too_many_columns"),         # one column past the limit
    ('<c r="ABCD2"/>', "import.too_many_columns"),       # four letters
    ('<c r="CV200001"/>', "import.too_many_cells"),      # 100 columns, 200,001 rows
], ids=["far-row", "eight-digits", "column-201", "four-letters", "cells"])
def test_a_cell_placed_beyond_its_row_is_measured_by_its_reference(cell, code):
    """Cells written the usual way (the reference first) after many ordinary rows: the
    farthest reference counts, wherever its ``<row>`` says it is."""
    ordinary = "".join(f'<row r="{i}">{_cell(f"A{i}", "1")}{_cell(f"B{i}", "x")}</row>'
                       for i in range(2, 3000))
    err = refused(workbook(HEADER_ROW + ordinary + f'<row r="3000">{cell}</row>'), "far.xlsx")
    assert err.code == code


@pytest.mark.parametrize("cell", ["<c><v>1</v></c>", "<c/>", '<c\tt="n"><v>1</v></c>'],
                         ids=["bare", "empty", "tab"])
def test_a_row_of_cells_without_references_is_measured_by_how_many_it_holds(cell):
    wide = f'<row>{cell * (read.MAX_COLUMNS + 1)}</row>'
    err = refused(workbook(HEADER_ROW + wide), "wide.xlsx")
    assert err.code == "import.too_many_columns"
    assert err.params["columns"] == read.MAX_COLUMNS + 1


def test_a_zip_bomb_of_three_million_rows_is_refused_by_its_ratio():
    err = refused(row_bomb_xlsx(), "bomb.xlsx")
    assert err.code == "import.zip_bomb"
    assert err.params["part"] == "xl/worksheets/sheet1.xml"
    assert err.params["limit"] == xlsx.MAX_COMPRESSION_RATIO
    assert "bomb.xlsx" in err.message("fr") and "xl/worksheets/sheet1.xml" in err.message("it")


def test_rows_are_counted_while_the_sheet_streams(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 1000)
    err = refused(workbook(HEADER_ROW + '<row><c t="inlineStr"><is><t>x</t></is></c></row>',
                           repeat=5000), "rows.xlsx")
    assert err.code == "import.too_many_rows" and err.params == {"file": "rows.xlsx",
                                                                 "limit": 1000}
    assert "1000" in err.message("en")


def test_a_workbook_expanding_beyond_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UNCOMPRESSED_BYTES", 100_000)
    err = refused(workbook(HEADER_ROW + '<row><c t="inlineStr"><is><t>x</t></is></c></row>',
                           repeat=5000), "big.xlsx")
    assert err.code == "import.too_expanded"


def test_a_directory_that_lies_about_sizes_is_measured_by_what_it_expands_to(monkeypatch):
    data = bytearray(workbook(HEADER_ROW + '<row><c t="inlineStr"><is><t>x</t></is></c></row>',
                              repeat=3000))
    # Shrink the declared uncompressed size of the sheet in the central directory.
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    at = data.rfind(b"PK\x01\x02")
    while data[at + 46: at + 46 + len(info.filename)] != info.filename.encode():
        at = data.rfind(b"PK\x01\x02", 0, at)
    data[at + 24: at + 28] = (1000).to_bytes(4, "little")
    err = refused(bytes(data), "liar.xlsx")
    assert err.code == "import.bad_xlsx"


def test_entity_declarations_are_refused_not_expanded():
    err = refused(entity_xlsx(), "laughs.xlsx")
    assert err.code == "import.unsafe_xlsx" and err.params["part"] == "xl/worksheets/sheet1.xml"


def test_a_declaration_deep_in_a_large_sheet_is_refused_too():
    """After megabytes of rows (the sheet read a chunk ahead, the expression asked only of
    chunks holding a "!"), a declaration is still found."""
    buf = io.BytesIO()
    rows = "".join(f'<row r="{i}">{_cell(f"A{i}", str(i))}{_cell(f"B{i}", "Ann")}</row>'
                   for i in range(2, 40_000))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        sheet = (_SHEET_HEAD.format(dimension="") + HEADER_ROW + rows + '<!ENTITY x "y">'
                 + rows + _SHEET_TAIL)
        assert len(sheet) > 4 * 1024 * 1024
        zf.writestr("xl/worksheets/sheet1.xml", sheet)
    err = refused(buf.getvalue(), "deep.xlsx")
    assert err.code == "import.unsafe_xlsx" and err.params["part"] == "xl/worksheets/sheet1.xml"


def test_the_cycle_collector_is_on_again_after_a_workbook_read_or_refused():
    """The read pauses Python's collector (many objects, no cycles): it must come back on,
    whatever the read's end, or the server would grow without bound."""
    assert read_table(huge_dimension_xlsx(), "dimension.xlsx").frame.shape == (1, 2)
    assert gc.isenabled()
    refused(far_cell_xlsx(), "far.xlsx")
    assert gc.isenabled()
    gc.disable()  # off before: left off (a caller's own choice)
    try:
        read_table(huge_dimension_xlsx(), "dimension.xlsx")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_megabyte_of_commas_is_refused_at_its_header():
    err = refused(commas_csv(), "commas.csv")
    assert err.code == "import.too_many_columns"
    assert err.params["columns"] == 1_000_001 and err.params["limit"] == read.MAX_COLUMNS


def test_a_row_of_a_million_cells_stops_at_that_row():
    err = refused(b"id,name\n1,Ann\n2" + b"," * 1_000_000 + b"\n", "wide.csv")
    assert err.code == "import.ragged_row" and err.params["row"] == 3


def test_a_huge_cell_is_refused_with_its_row():
    err = refused(huge_cell_csv(1_000_000), "cell.csv")
    assert err.code == "import.cell_too_large"
    assert err.params["row"] == 2 and err.params["limit"] == read.MAX_CELL_CHARS
    assert "32767" in err.message("it")
    # Ten megabytes on one line: the line is refused before the csv module builds the cell.
    err = refused(huge_cell_csv(), "cell.csv")
    assert err.code == "import.line_too_long" and err.params["row"] == 2


def test_a_huge_cell_in_a_workbook_is_refused_with_its_row():
    big = "x" * (read.MAX_CELL_CHARS + 1)
    err = refused(workbook(HEADER_ROW + f'<row r="2">{_cell("A2", "1")}{_cell("B2", big)}</row>'),
                  "cell.xlsx")
    assert err.code == "import.cell_too_large" and err.params["row"] == 2


def test_csv_rows_are_counted_while_reading(monkeypatch):
    monkeypatch.setattr(read, "MAX_ROWS", 100)
    ok = read_table(b"id,name\n" + b"1,Ann\n" * 100, "ok.csv")
    assert len(ok.frame) == 100
    err = refused(b"id,name\n" + b"1,Ann\n" * 101, "long.csv")
    assert err.code == "import.too_many_rows" and err.params["limit"] == 100


def test_csv_cells_are_counted_while_reading(monkeypatch):
    monkeypatch.setattr(read, "MAX_CELLS", 100)
    err = refused(b"a,b,c,d\n" + b"1,2,3,4\n" * 26, "cells.csv")
    assert err.code == "import.too_many_cells" and err.params["limit"] == 100


def test_a_line_too_long_is_refused(monkeypatch):
    monkeypatch.setattr(read, "MAX_LINE_CHARS", 50)
    err = refused(b"id,name\n1,Ann\n2,\"" + b"x" * 60 + b"\"\n", "line.csv")
    assert err.code == "import.line_too_long" and err.params["row"] == 3


def test_every_limit_message_exists_in_three_languages():
    from refdash import i18n

    for code in ("too_many_rows", "too_many_cells", "cell_too_large", "line_too_long",
                 "too_expanded", "zip_bomb", "unsafe_xlsx", "too_many_parts"):
        texts = {lang: i18n.translate(f"error.import.{code}", lang, file="f.xlsx", limit=7,
                                      row=3, size="9 MB", part="p", ratio=900, count=2)
                 for lang in ("en", "fr", "it")}
        assert all("f.xlsx" in t for t in texts.values()) and len(set(texts.values())) == 3


def test_lines_ended_by_a_lone_carriage_return_are_still_lines():
    table = read_table(b"id,name\r1,Ann\r2,Bo\r", "mac.csv")
    assert table.frame.to_dict("records") == [{"id": "1", "name": "Ann"},
                                              {"id": "2", "name": "Bo"}]


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=80).map(lambda b: bytes(b"ab\n"[x % 3] for x in b)),
       st.integers(min_value=1, max_value=16))
def test_the_quick_line_length_check_agrees_with_the_exact_one(data, limit):
    """The fast CSV path refuses to read a file with a line over the limit (the reference
    path stops at it while reading); its few searches must say what the exact count says."""
    assert fastcsv._has_line_over(data, limit) == (fastcsv._longest_line(data) > limit)
