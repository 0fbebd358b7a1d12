"""Minimal Word and Excel files written byte by byte, so each oddity is exactly the one
meant and the bytes are the same on every run (no time stamps, fixed zip dates)."""

from __future__ import annotations

import io
import struct
import zipfile
from xml.sax.saxutils import escape

_DATE = (1980, 1, 1, 0, 0, 0)
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_OFFICE = "application/vnd.openxmlformats-officedocument."


def zipped(members: dict[str, str | bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, date_time=_DATE)
            info.compress_type = method
            archive.writestr(info, content)
    return buffer.getvalue()


def patch_member(data: bytes, name: str, *, flags: int = 0, method: int | None = None) -> bytes:
    """Set general-purpose flag bits or the compression method of one member, in its
    local header and its central directory entry alike."""
    out = bytearray(data)
    encoded = name.encode()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    central = out.find(b"PK\x01\x02", 0)
    while central >= 0:
        length = struct.unpack_from("<H", out, central + 28)[0]
        if out[central + 46:central + 46 + length] == encoded:
            break
        central = out.find(b"PK\x01\x02", central + 4)
    for offset, flag_at, method_at in ((local, 6, 8), (central, 8, 10)):
        struct.pack_into("<H", out, offset + flag_at,
                         struct.unpack_from("<H", out, offset + flag_at)[0] | flags)
        if method is not None:
            struct.pack_into("<H", out, offset + method_at, method)
    return bytes(out)


# -- Word ---------------------------------------------------------------------------

def docx(body: str) -> bytes:
    """A Word document whose body is ``body`` (WordprocessingML, prefix w:)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{body}'
                f'</w:body></w:document>')
    return zipped({
        "[Content_Types].xml": _types({"/word/document.xml": "wordprocessingml.document.main"}),
        "_rels/.rels": _rels({"rId1": ("officeDocument", "word/document.xml")}),
        "word/document.xml": document})


def p(*runs: str) -> str:
    """A paragraph of runs (plain strings become runs, markup is kept as it is)."""
    return "<w:p>" + "".join(run if run.startswith("<") else r(run) for run in runs) + "</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def table(rows: list[list[str]]) -> str:
    """A table of plain cells; a cell None continues the merge of the cell above."""
    cells = []
    for row in rows:
        cells.append("<w:tr>" + "".join(
            '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>' if cell is None
            else f"<w:tc>{p(cell)}</w:tc>" for cell in row) + "</w:tr>")
    return "<w:tbl>" + "".join(cells) + "</w:tbl>"


# -- Excel --------------------------------------------------------------------------

def xlsx(sheet_data: str, *, merges: tuple[str, ...] = (), shared: tuple[str, ...] = (),
         time_style: bool = False, sheet_xml: str | None = None,
         method: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A workbook of one sheet; ``sheet_data`` is the <sheetData> content (see row())."""
    merged = ("" if not merges else f'<mergeCells count="{len(merges)}">'
              + "".join(f'<mergeCell ref="{ref}"/>' for ref in merges) + "</mergeCells>")
    sheet = sheet_xml or (f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{S_NS}">'
                          f"<sheetData>{sheet_data}</sheetData>{merged}</worksheet>")
    members = _workbook_parts("worksheet", "worksheets/sheet1.xml",
                              "spreadsheetml.worksheet")
    members["xl/worksheets/sheet1.xml"] = sheet
    members["xl/sharedStrings.xml"] = (
        f'<sst xmlns="{S_NS}">' + "".join(f"<si><t>{escape(s)}</t></si>" for s in shared)
        + "</sst>")
    members["xl/styles.xml"] = _styles(time_style)
    return zipped(members, method)


def chart_only_xlsx() -> bytes:
    members = _workbook_parts("chartsheet", "chartsheets/sheet1.xml",
                              "spreadsheetml.chartsheet")
    members["xl/chartsheets/sheet1.xml"] = f'<chartsheet xmlns="{S_NS}"><sheetView/></chartsheet>'
    members["xl/sharedStrings.xml"] = f'<sst xmlns="{S_NS}"/>'
    members["xl/styles.xml"] = _styles(False)
    return zipped(members)


def row(number: int, *cells: object, style: int | None = None) -> str:
    """A row of inline-string and number cells from column A; None leaves a cell out."""
    parts = []
    for index, value in enumerate(cells):
        ref = f"{chr(ord('A') + index)}{number}"
        if value is None:
            continue
        if isinstance(value, str):
            parts.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">'
                         f"{escape(value)}</t></is></c>")
        else:
            styled = f' s="{style}"' if style is not None else ""
            parts.append(f'<c r="{ref}"{styled}><v>{value}</v></c>')
    return f'<row r="{number}">{"".join(parts)}</row>'


def _workbook_parts(kind: str, target: str, content: str) -> dict[str, str | bytes]:
    return {
        "[Content_Types].xml": _types({"/xl/workbook.xml": "spreadsheetml.sheet.main",
                                       f"/xl/{target}": content,
                                       "/xl/sharedStrings.xml": "spreadsheetml.sharedStrings",
                                       "/xl/styles.xml": "spreadsheetml.styles"}),
        "_rels/.rels": _rels({"rId1": ("officeDocument", "xl/workbook.xml")}),
        "xl/workbook.xml": (f'<workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>'
                            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": _rels({"rId1": (kind, target),
                                             "rId2": ("sharedStrings", "sharedStrings.xml"),
                                             "rId3": ("styles", "styles.xml")}),
    }


def _styles(time_style: bool) -> str:
    formats = ('<numFmts count="1"><numFmt numFmtId="164" formatCode="hh:mm:ss"/></numFmts>'
               if time_style else "")
    return (f'<styleSheet xmlns="{S_NS}">{formats}<fonts count="1"><font/></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders>'
            '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/>'
            '<xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>')


def _types(overrides: dict[str, str]) -> str:
    return (f'<Types xmlns="{_CT}"><Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{part}" ContentType="{_OFFICE}{kind}+xml"/>'
                      for part, kind in overrides.items()) + "</Types>")


def _rels(relations: dict[str, tuple[str, str]]) -> str:
    return (f'<Relationships xmlns="{_PKG_REL}">'
            + "".join(f'<Relationship Id="{rid}" Type="{_REL}{kind}" Target="{target}"/>'
                      for rid, (kind, target) in relations.items()) + "</Relationships>")
