"""The shape of the app, checked by parsing it with ``ast``: one state module holds the
session and address-bar keys and the messages; screens stay small and build no figures."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "app_pages"
STATE_PACKAGE = PAGES / "state"
APP_FILES = [ROOT / "app.py", *sorted(PAGES.glob("*.py")), *sorted(STATE_PACKAGE.glob("*.py"))]
STATE = set(STATE_PACKAGE.glob("*.py"))
STORES = {"session_state", "query_params"}
SCREEN_LINES = 150  # DESIGN.md: "pages under ~150 lines"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _is_store(node: ast.AST) -> bool:
    """``st.session_state`` or ``st.query_params`` (or either name imported bare)."""
    return ((isinstance(node, ast.Attribute) and node.attr in STORES)
            or (isinstance(node, ast.Name) and node.id in STORES))


def _is_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def _literal_keys(tree: ast.Module) -> list[str]:
    """Keys written as string literals: ``store["k"]``, ``store.get("k")`` (and pop,
    setdefault), ``"k" in store``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_store(node.value) and _is_text(node.slice):
            found.append(node.slice.value)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and _is_store(node.func.value) and node.args and _is_text(node.args[0])):
            found.append(node.args[0].value)
        elif (isinstance(node, ast.Compare) and _is_text(node.left)
              and any(_is_store(c) for c in node.comparators)):
            found.append(node.left.value)
    return found


def _screens() -> list[Path]:
    """The files app.py navigates to: ``st.Page("app_pages/….py", …)``."""
    return [ROOT / call.args[0].value for call in ast.walk(_tree(ROOT / "app.py"))
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
            and call.func.attr == "Page" and call.args and _is_text(call.args[0])]


def test_no_session_or_address_key_is_a_literal_outside_the_state_module():
    wrong = [f"{path.name}: {key!r}" for path in APP_FILES if path not in STATE
             for key in _literal_keys(_tree(path))]
    assert wrong == []


def test_only_the_state_module_touches_the_session_and_the_address_bar():
    users = sorted({path.name for path in APP_FILES if path not in STATE
                    for node in ast.walk(_tree(path)) if _is_store(node)})
    assert users == []


def test_widget_keys_read_by_code_are_named_in_the_state_module():
    """A fixed widget key is a session key, so it is a name in state.py; keys built per
    item (f-strings: one per card, per theme) only keep widgets apart."""
    wrong = [f"{path.name}:{keyword.value.lineno} key={keyword.value.value!r}"
             for path in APP_FILES if path not in STATE
             for node in ast.walk(_tree(path)) if isinstance(node, ast.Call)
             for keyword in node.keywords if keyword.arg == "key" and _is_text(keyword.value)]
    assert wrong == []


def test_errors_and_toasts_are_shown_only_through_the_state_module():
    """``state.say`` now, ``state.announce`` after the rerun: one look for every message."""
    users = [f"{path.name}: st.{node.attr}" for path in APP_FILES if path not in STATE
             for node in ast.walk(_tree(path))
             if isinstance(node, ast.Attribute) and node.attr in {"error", "toast"}
             and isinstance(node.value, ast.Name) and node.value.id == "st"]
    assert users == []


def test_every_screen_is_in_the_navigation_and_under_the_size_limit():
    screens = _screens()
    helpers = {PAGES / "__init__.py"} | {p for p in PAGES.glob("_*.py")}
    assert sorted(set(PAGES.glob("*.py")) - helpers - set(screens)) == []
    long = {path.name: lines for path in [*screens, *STATE]
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > SCREEN_LINES}
    assert long == {}


def test_screens_build_no_figures():
    """Figures are made in the library (coding/report/plots.py, coding/emergent/plots.py);
    a screen only renders them."""
    users = sorted({path.name for path in APP_FILES for node in ast.walk(_tree(path))
                    if isinstance(node, ast.Import | ast.ImportFrom)
                    and any(name.split(".")[0] == "plotly" for name in (
                        [node.module or ""] if isinstance(node, ast.ImportFrom)
                        else [alias.name for alias in node.names]))})
    assert users == []
