"""The dependency direction of DESIGN.md, checked by parsing imports."""

from __future__ import annotations

import ast
from pathlib import Path

LIBRARY = Path(__file__).resolve().parents[1] / "coding"
# Each module may import only from layers at or below its own.
LAYERS = [
    {"model", "errors", "config", "markup", "uploads"},
    {"readers", "codebooks", "nlp", "embed", "projects", "participants",
     "pseudonyms"},
    {"segment", "suggest", "topical"},
    {"store", "export", "agreement"},
    {"tables", "decisions", "review", "roster", "reconcile", "refi"},
    {"pipeline", "cli", "cli_common", "cli_eval", "cli_team", "evaluate", "identities",
     "themes", "themes_plots"},
]


def _layer(module: str) -> int:
    top = module.split(".")[0]
    for number, names in enumerate(LAYERS):
        if top in names:
            return number
    raise AssertionError(f"coding.{module} is in no layer; add it to LAYERS")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return found


def test_library_modules_import_only_lower_layers():
    wrong = []
    for path in LIBRARY.rglob("*.py"):
        module = path.relative_to(LIBRARY).with_suffix("").as_posix().replace("/", ".")
        if module in ("__init__", "__main__"):
            continue
        for imported in _imports(path):
            if imported.startswith("coding."):
                target = imported.removeprefix("coding.")
                if _layer(target) > _layer(module):
                    wrong.append(f"{module} imports {imported}")
    assert wrong == []


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
