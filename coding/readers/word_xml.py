"""Every visible word of a Word document's body, read from its XML.

python-docx's ``Paragraph.text`` reads only the runs directly in a paragraph and its
hyperlinks, so words inside tracked insertions (``w:ins``), content controls
(``w:sdt``), smart tags, simple fields (``w:fldSimple``) and tables were silently lost.
Here the body is walked as XML: every ``w:t`` under a run counts, wherever the run is
nested; deleted text (``w:del``, ``w:delText``, ``w:moveFrom``), field codes
(``w:instrText``) and hidden runs are not what the reader sees and are left out — and
counted, so the user is told.

The walk uses an explicit stack rather than recursion, so a hostile document nested
thousands of levels deep cannot exhaust Python's stack.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_MATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
#: Elements whose content is not shown as text, with what the user is told they were.
_LEFT_OUT = {W + "del": "deleted (tracked) passage", W + "moveFrom": "deleted (tracked) passage",
             W + "txbxContent": "text box", _MATH + "oMath": "equation",
             _MATH + "oMathPara": "equation"}
#: Elements that hold no text of their own and whose content is never shown.
_IGNORED = {W + "pPr", W + "rPr", W + "sdtPr", W + "sdtEndPr", W + "tblPr", W + "tblGrid",
            W + "trPr", W + "tcPr", W + "sectPr", W + "instrText", W + "delText",
            _MC + "Fallback"}
_CHARACTERS = {W + "tab": "\t", W + "br": "\n", W + "cr": "\n", W + "noBreakHyphen": "-"}


@dataclass
class Paragraph:
    number: int
    text: str


@dataclass
class Table:
    number: int  # of its first paragraph
    rows: list[list[str]]


@dataclass
class Body:
    blocks: list[Paragraph | Table] = field(default_factory=list)
    left_out: Counter[str] = field(default_factory=Counter)
    paragraphs: int = 0


def read_body(body: object) -> Body:
    """Paragraphs and tables of a ``w:body`` element, in document order."""
    result = Body()
    for element in _block_children(body):
        if element.tag == W + "p":
            result.blocks.append(_paragraph(element, result))
        else:
            result.blocks.append(_table(element, result))
    return result


def _block_children(parent: object) -> list:
    """Paragraphs and tables under ``parent``, looking through content controls and
    custom XML that wrap them; a table's own rows are not looked into."""
    found, stack = [], list(reversed(list(parent)))
    while stack:
        element = stack.pop()
        if element.tag in (W + "p", W + "tbl"):
            found.append(element)
        elif element.tag not in _IGNORED and element.tag not in _LEFT_OUT:
            stack.extend(reversed(list(element)))
    return found


def _paragraph(element: object, body: Body) -> Paragraph:
    body.paragraphs += 1
    return Paragraph(body.paragraphs, _visible_text(element, body.left_out))


def _visible_text(element: object, left_out: Counter[str]) -> str:
    pieces: list[str] = []
    stack = list(reversed(list(element)))
    while stack:
        node = stack.pop()
        tag = node.tag
        if not isinstance(tag, str) or tag in _IGNORED:
            continue  # comments and processing instructions have a function as tag
        if tag in _LEFT_OUT:
            left_out[_LEFT_OUT[tag]] += 1
        elif tag == W + "t":
            pieces.append(node.text or "")
        elif tag in _CHARACTERS:
            pieces.append(_CHARACTERS[tag])
        elif tag == W + "r" and _hidden(node):
            left_out["hidden run"] += 1
        else:
            stack.extend(reversed(list(node)))
    return "".join(pieces)


def _hidden(run: object) -> bool:
    """A run formatted as hidden text (``w:vanish``), which Word does not show."""
    properties = run.find(W + "rPr")
    vanish = properties.find(W + "vanish") if properties is not None else None
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def _table(element: object, body: Body) -> Table:
    """Rows of cell texts. A cell merged down from the one above (``w:vMerge``) holds
    that cell's text, so a speaker written once for several rows speaks in each."""
    table = Table(body.paragraphs + 1, [])
    above: dict[int, str] = {}
    for row in _descendants(element, W + "tr", stop=W + "tbl"):
        texts: list[str] = []
        for cell in _descendants(row, W + "tc", stop=W + "tbl"):
            column = len(texts)
            if _continues_merge(cell):
                texts.append(above.get(column, ""))
                continue
            paragraphs = [_paragraph(p, body).text for p in _block_children(cell)
                          if p.tag == W + "p"]
            nested = sum(1 for block in _block_children(cell) if block.tag == W + "tbl")
            body.left_out["table inside a table cell"] += nested
            texts.append("\n".join(paragraphs))
        above = dict(enumerate(texts))
        table.rows.append(texts)
    return table


def _continues_merge(cell: object) -> bool:
    properties = cell.find(W + "tcPr")
    merge = properties.find(W + "vMerge") if properties is not None else None
    return merge is not None and merge.get(W + "val", "continue") != "restart"


def _descendants(parent: object, tag: str, stop: str) -> list:
    """Elements named ``tag`` under ``parent`` (through content controls and custom
    XML), not looking into nested ``stop`` elements."""
    found, stack = [], list(reversed(list(parent)))
    while stack:
        element = stack.pop()
        if element.tag == tag:
            found.append(element)
        elif element.tag != stop and element.tag not in _IGNORED and isinstance(element.tag, str):
            stack.extend(reversed(list(element)))
    return found
