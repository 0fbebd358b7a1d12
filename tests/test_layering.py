"""The dependency direction of DESIGN.md, checked by parsing imports."""

from __future__ import annotations

import ast
from pathlib import Path

LIBRARY = Path(__file__).resolve().parents[1] / "coding"
# The data flows down this list: a unit (top-level module or package of coding/) may
# import units of lower layers and its own modules, never a unit of its own layer or above.
LAYERS = [
    {"model", "errors", "labels", "markup", "versions", "talk", "palette"},  # records, how written
    {"config", "paths", "progress"},  # settings, where files live, progress
    {"readers", "codebooks", "nlp", "embed", "phrases"},  # files in, models, key phrases
    {"segment", "topical", "suggest", "store"},  # units of coding, suggestions, the project
    {"people", "review", "emergent"},  # who spoke, decisions and status, emergent themes
    {"report", "refi"},  # tables and the files they go into
    {"pipeline"},  # the steps strung together
    {"uploads", "evaluate"},  # the app's uploads run through them; measuring them
    {"cli"},  # the command line
]


def _layer(unit: str) -> int:
    for number, names in enumerate(LAYERS):
        if unit in names:
            return number
    raise AssertionError(f"coding.{unit} is in no layer; add it to LAYERS")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def _library_imports() -> list[tuple[str, str]]:
    """(importing unit, imported unit) for every import between two different units."""
    edges = []
    for path in LIBRARY.rglob("*.py"):
        module = path.relative_to(LIBRARY).with_suffix("").as_posix().replace("/", ".")
        if module in ("__init__", "__main__"):
            continue
        unit = module.split(".")[0]
        for imported in _imports(path):
            if imported.startswith("coding."):
                target = imported.removeprefix("coding.").split(".")[0]
                if target != unit:
                    edges.append((unit, target))
    return edges


def test_library_units_import_only_lower_layers():
    wrong = sorted({f"{unit} imports {target}" for unit, target in _library_imports()
                    if _layer(target) >= _layer(unit)})
    assert wrong == []


def test_every_unit_of_the_library_has_a_layer():
    units = {path.relative_to(LIBRARY).parts[0].removesuffix(".py")
             for path in LIBRARY.rglob("*.py")} - {"__init__", "__main__"}
    assert sorted(units - set().union(*LAYERS)) == []


def test_library_never_imports_streamlit():
    users = [p.name for p in LIBRARY.rglob("*.py")
             if any(name.split(".")[0] == "streamlit" for name in _imports(p))]
    assert users == []


def test_app_pages_use_only_the_library_streamlit_pandas_and_plotly():
    allowed = {"coding", "streamlit", "pandas", "plotly", "app_pages", "__future__",
               "collections", "pathlib", "dataclasses"}
    root = LIBRARY.parent
    wrong = [f"{path.name} imports {name}"
             for path in [root / "app.py", *(root / "app_pages").glob("*.py")]
             for name in _imports(path) if name.split(".")[0] not in allowed]
    assert wrong == []


def test_no_screen_renders_raw_html():
    root = LIBRARY.parent
    users = [path.name for path in [root / "app.py", *(root / "app_pages").glob("*.py")]
             if "unsafe_allow_html" in path.read_text(encoding="utf-8")
             or "st.html" in path.read_text(encoding="utf-8")]
    assert users == []
