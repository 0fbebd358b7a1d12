"""Server mode: who is signed in, kept in the session only (never in the address bar,
so a copied link does not sign anyone in)."""

from __future__ import annotations

import streamlit as st

from app_pages.state.keys import ACCOUNT


def account() -> str | None:
    """Who signed in (None until someone does)."""
    return st.session_state.get(ACCOUNT)


def sign_in(name: str) -> None:
    """Remember the account :func:`coding.store.accounts.sign_in` just accepted."""
    st.session_state[ACCOUNT] = name


def forget_account() -> None:
    st.session_state.pop(ACCOUNT, None)
