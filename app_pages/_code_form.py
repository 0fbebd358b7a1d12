"""The form of one theme (a code of the codebook), shared by the Codebook screen (edit or
write a theme) and the Themes screen (add an emergent theme from an editable draft)."""

from __future__ import annotations

import streamlit as st

from coding.model import Code


def code_form(form_key: str, shown: Code, submit: str, *, heading: str = "",
              name_key: str | None = None) -> Code | None:
    """Every field of a theme, filled from ``shown``; the edited theme once ``submit`` is
    pressed, else None. ``name_key`` names the name field (a test finds it by key)."""
    with st.form(form_key):
        if heading:
            st.markdown(heading)
        left, right = st.columns(2)
        name = left.text_input("Name", value=shown.name, key=name_key)
        parent = right.text_input("Parent (a group of themes; optional)", value=shown.parent)
        definition = st.text_area("Definition", value=shown.definition)
        left, right = st.columns(2)
        inclusion = left.text_area("Include when", value=shown.inclusion, height=90)
        exclusion = right.text_area("Exclude when", value=shown.exclusion, height=90)
        keywords = left.text_area("Keywords (one per line)", value="\n".join(shown.keywords),
                                  height=150)
        examples = right.text_area("Example quotes (one per line)",
                                   value="\n".join(shown.examples), height=150)
        if not st.form_submit_button(submit, type="primary"):
            return None
    return Code(name=name.strip(), definition=definition.strip(), parent=parent.strip(),
                inclusion=inclusion.strip(), exclusion=exclusion.strip(),
                keywords=_lines(keywords), examples=_lines(examples))


def _lines(text: str) -> tuple[str, ...]:
    """One entry per non-empty line, trimmed."""
    return tuple(line.strip() for line in text.splitlines() if line.strip())
