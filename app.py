"""The review app: `streamlit run app.py`. Page config, navigation, and what every page
starts with: its title, then any message its last action left (app_pages/state.py)."""

from pathlib import Path

import streamlit as st

from app_pages import state
from coding.paths import team_server

# The tab icon is a file of our own: an icon name (":material/…:") makes the browser fetch
# it from Google's font servers, and nothing may leave the machine.
ICON = Path(__file__).parent / "app_pages" / "assets" / "icon.png"
st.set_page_config(page_title="Focus coding", page_icon=str(ICON), layout="wide")
# The first run of the server imports the language tools (seconds); later runs find them
# imported, and the spinner shows only after half a second, so they never see it.
with st.spinner("Opening the coding tools (the first time takes a few seconds)…"):
    from app_pages._common import sidebar  # noqa: E402 (imports the pipeline)
state.keep_in_url()
SIGN_IN = st.Page("app_pages/sign_in.py", title="Sign in", icon=":material/login:")
MEMBERS = st.Page("app_pages/members.py", title="Members", icon=":material/badge:")
# On a team server nothing shows before sign-in; a laptop has no accounts.
signed_out = team_server() is not None and state.account() is None
pages = st.navigation([SIGN_IN] if signed_out else [
    st.Page("app_pages/project.py", title="Project", icon=":material/folder_open:",
            default=True),
    st.Page("app_pages/review.py", title="Review", icon=":material/rule:"),
    st.Page("app_pages/themes.py", title="Themes", icon=":material/bubble_chart:"),
    st.Page("app_pages/codebook.py", title="Codebook", icon=":material/menu_book:"),
    st.Page("app_pages/participants.py", title="Participants", icon=":material/groups:"),
    st.Page("app_pages/journal.py", title="Memos & journal", icon=":material/edit_note:"),
    st.Page("app_pages/export.py", title="Export", icon=":material/table_view:"),
    st.Page("app_pages/packages.py", title="Coder packages", icon=":material/inventory_2:"),
    st.Page("app_pages/agreement.py", title="Agreement", icon=":material/group:"),
    st.Page("app_pages/reconcile.py", title="Reconcile", icon=":material/handshake:"),
    *([MEMBERS] if team_server() is not None else []),
])
sidebar()
st.title(pages.title)
state.show_announcements()  # what the last action said, under the title of the page it led to
pages.run()
