"""Load and save codebooks: YAML is canonical; CSV with the same columns is read too.

YAML::

    name: Friendtor study
    codes:
      - name: Setting boundaries
        definition: ...
        inclusion: ...
        exclusion: ...
        keywords: [boundary, say no]
        examples: ["I turned my phone off at seven."]
        parent: Work-life integration

CSV: one row per code with the columns name, definition, inclusion, exclusion,
keywords, examples, parent; keywords and examples separated by ';'.
"""

from __future__ import annotations

import csv
import difflib
import tempfile
from pathlib import Path

import yaml

from coding.errors import CodebookError
from coding.model import Code, Codebook
from coding.paths import upload_name

FIELDS = ("name", "definition", "inclusion", "exclusion", "keywords", "examples", "parent")
_LIST_FIELDS = ("keywords", "examples")


def load_codebook(path: str | Path) -> Codebook:
    """Read a codebook from .yaml/.yml or .csv, checking every code as it goes."""
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise CodebookError("codebook file not found.", path=path,
                            fix="check the path, e.g. codebooks/friendtor.yaml.")
    if suffix not in (".yaml", ".yml", ".csv"):
        raise CodebookError(f"codebooks must be .yaml or .csv, not '{suffix}'.", path=path,
                            fix="save the codebook as YAML or CSV.")
    try:
        name, rows = (path.stem, _csv_rows(path)) if suffix == ".csv" else _yaml_rows(path)
    except UnicodeDecodeError as error:
        raise CodebookError(f"not UTF-8 text (byte {error.start} cannot be read).",
                            path=path, fix="save the file as UTF-8 text.") from error
    codes = [_code(path, line, row) for line, row in rows]
    _check_unique(path, codes, [line for line, _ in rows])
    if not codes:
        raise CodebookError("the codebook has no codes.", path=path,
                            fix="add at least one code with a name and a definition.")
    return Codebook(name=name, codes=tuple(codes))


def codebook_yaml(codebook: Codebook) -> str:
    """The canonical YAML form (fields in a fixed order, so diffs stay small)."""
    data = {"name": codebook.name, "codes": [_code_dict(code) for code in codebook.codes]}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


def save_codebook(codebook: Codebook, path: str | Path) -> None:
    Path(path).write_text(codebook_yaml(codebook), encoding="utf-8")


def codebook_from_upload(name: str, data: bytes) -> Codebook:
    """A codebook that arrived as bytes (a browser upload); errors name the file."""
    safe = upload_name(name) or "codebook.yaml"
    with tempfile.TemporaryDirectory(prefix="focus-coding-codebook-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        try:
            return load_codebook(path)
        except CodebookError as error:
            raise CodebookError(error.problem, path=safe, line=error.line, row=error.row,
                                fix=error.fix) from error


def _code_dict(code: Code) -> dict:
    data = {name: getattr(code, name) for name in FIELDS}
    data["keywords"] = list(code.keywords)
    data["examples"] = list(code.examples)
    return data


def _yaml_rows(path: Path) -> tuple[str, list[tuple[int, dict]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise CodebookError(f"not valid YAML ({getattr(error, 'problem', error)}).",
                            path=path, line=mark.line + 1 if mark else None,
                            fix="check indentation and quotes near that line.") from error
    if not isinstance(data, dict) or not isinstance(data.get("codes"), list):
        raise CodebookError("expected a mapping with a 'codes:' list.", path=path, line=1,
                            fix="start the file with 'codes:' followed by '- name: ...' items.")
    return str(data.get("name") or path.stem), list(zip(_item_lines(path), data["codes"]))


def _item_lines(path: Path) -> list[int]:
    """The line on which each item of the 'codes:' list starts, for error messages."""
    root = yaml.compose(path.read_text(encoding="utf-8-sig"))
    for key, value in root.value:
        if key.value == "codes":
            return [item.start_mark.line + 1 for item in value.value]
    return []


def _csv_rows(path: Path) -> list[tuple[int, dict]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if not reader.fieldnames or "name" not in [f.strip().lower() for f in reader.fieldnames]:
            raise CodebookError("the CSV needs a 'name' column.", path=path, line=1,
                                fix=f"use the header: {','.join(FIELDS)}")
        rows = []
        for row in reader:
            clean = {key.strip().lower(): value for key, value in row.items() if key}
            for field in _LIST_FIELDS:
                clean[field] = (clean.get(field) or "").split(";")
            rows.append((reader.line_num, clean))
        return rows


def _code(path: Path, line: int, item: object) -> Code:
    if not isinstance(item, dict):
        raise CodebookError("this code is not a mapping of fields.", path=path, line=line,
                            fix="write each code as '- name: ...' with its fields indented.")
    _check_keys(path, line, item)
    name = str(item.get("name") or "").strip()
    if not name:
        raise CodebookError("this code has no name.", path=path, line=line,
                            fix="give every code a name.")
    return Code(
        name=name,
        definition=_text(item.get("definition")),
        inclusion=_text(item.get("inclusion")),
        exclusion=_text(item.get("exclusion")),
        keywords=_list(path, line, item, "keywords"),
        examples=_list(path, line, item, "examples"),
        parent=_text(item.get("parent")),
    )


def _check_keys(path: Path, line: int, item: dict) -> None:
    """Extra fields (other tools add some) are ignored, but a misspelt known one is an error."""
    for key in item:
        close = difflib.get_close_matches(str(key), FIELDS, n=1, cutoff=0.75)
        if key not in FIELDS and close:
            raise CodebookError(f"unknown field '{key}'.", path=path, line=line,
                                fix=f"did you mean '{close[0]}'?")


def _text(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _list(path: Path, line: int, item: dict, field: str) -> tuple[str, ...]:
    value = item.get(field) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise CodebookError(f"'{field}' must be a list.", path=path, line=line,
                            fix=f"write {field} as [a, b] or as '- item' lines.")
    return tuple(text for entry in value if (text := _text(entry)))


def _check_unique(path: Path, codes: list[Code], lines: list[int]) -> None:
    seen: set[str] = set()
    for line, code in zip(lines, codes):
        if code.name.lower() in seen:
            raise CodebookError(f"the code name '{code.name}' appears twice.", path=path,
                                line=line, fix="give each code a distinct name, or merge them.")
        seen.add(code.name.lower())
