"""SQL lives only in coding/store/ (DESIGN.md), checked by parsing the source with ``ast``.

Outside the store, no string literal may hold a statement and no code may reach a
database connection: the rest of the library and the app call named methods of
:class:`coding.store.Project`, so a change of schema touches one package.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORE = ROOT / "coding" / "store"
# Upper case only, so English prose ("select the rows from …") does not count.
STATEMENT = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b[\s\S]*\b(FROM|INTO|SET)\b")
DATABASE_CALLS = {"execute", "executemany", "executescript", "rows", "_rows"}
CONNECTION = "db"


def _checked_files() -> list[Path]:
    """Every module of the library outside the store, the app's pages and its entry."""
    library = [path for path in (ROOT / "coding").rglob("*.py")
               if not path.is_relative_to(STORE)]
    return sorted([*library, *(ROOT / "app_pages").glob("*.py"), ROOT / "app.py"])


def _literal_text(node: ast.AST) -> str | None:
    """The text of a string literal; an f-string's literal parts joined around ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "{}".join(part.value for part in node.values
                         if isinstance(part, ast.Constant) and isinstance(part.value, str))
    return None


def sql_uses(source: str) -> list[str]:
    """Each place in ``source`` that holds SQL or reaches a database, as 'line N: what'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = _literal_text(node)
        if text is not None and STATEMENT.search(text):
            found.append(f"line {node.lineno}: SQL in a string ({text[:40]!r})")
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr in DATABASE_CALLS):
            found.append(f"line {node.lineno}: calls .{node.func.attr}(")
        if isinstance(node, ast.Attribute) and node.attr == CONNECTION:
            found.append(f"line {node.lineno}: reaches .{CONNECTION}")
    return found


def test_the_check_sees_sql_in_strings_f_strings_and_calls():
    source = '''
query = "SELECT id FROM segments"
table = "codes"
other = f"DELETE {table} WHERE x" f" FROM y"
project.rows(query)
project.db.execute("PRAGMA query_only=ON")
note = "Select the rows from the table you want."
'''
    assert sorted(use.split(":")[0] for use in sql_uses(source)) == [
        "line 2", "line 4", "line 5", "line 6", "line 6"]


def test_no_sql_outside_the_store():
    wrong = [f"{path.relative_to(ROOT)} {use}" for path in _checked_files()
             for use in sql_uses(path.read_text(encoding="utf-8"))]
    assert wrong == []
