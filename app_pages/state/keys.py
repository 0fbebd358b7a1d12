"""The names of everything the app keeps in the session and the address bar.

Kept apart so the screens' state helpers (:mod:`app_pages.state.screens`) and the rest of
:mod:`app_pages.state` share one list; pages use them through ``state.NAME``.
"""

# --- In the address bar as well as the session (bookmarks use these names: keep them) ---
PROJECT = "project"
"""Name of the open project (its file name without the suffix, in the projects folder)."""
CODER = "coder"
"""Name of the person coding, recorded with each decision."""
_IN_ADDRESS = (PROJECT, CODER)

# --- Widgets whose value is read or set from code ---
CODER_INPUT = "coder_input"
"""The sidebar's name field; copied into :data:`CODER` when it changes."""
FILTER_TRANSCRIPT = "f_transcript"
"""Review filter: the meeting ('' for all)."""
FILTER_STATUS = "f_status"
"""Review filter: one of STATUS_CHOICES (pending, confirmed, rejected, all, uncoded)."""
FILTER_THEME = "f_theme"
"""Review filter: the theme ('' for any)."""
FILTER_SPEAKER = "f_speaker"
"""Review filter: the speaker ('' for anyone)."""
FILTER_ORDER = "f_order"
"""Review filter: the queue's order, one of QUEUE_ORDERS (learning first, or transcript)."""
PAGE_SIZE = "page_size"
"""Review: segments per page."""
PAGE = "page"
"""Review: the page of the segment list shown, from 1."""
LEARN_BUTTON = "learn"
"""Review: the 'Update suggestions' button."""
THEME_CHOICE = "cb_choice"
"""Codebook: the theme chosen in the list (or the 'new theme' entry)."""
BLIND_TOGGLE = "blind_toggle"
"""Reconcile: the blind-coding switch, mirroring the project's stored setting."""
SPEAKERS_TABLE = "speakers"
"""Participants: the editable speaker → participant table (its edits, as Streamlit keeps them)."""
MEETINGS_TABLE = "meetings"
"""Project: the editable meeting number and date of each uploaded file."""

# --- Kept by code only ---
REVIEW_LIST = "review_list"
"""Review: ((project, filter), segment ids) pinned when the filter was chosen."""
NEXT_THEME_CHOICE = "cb_next"
"""Codebook: the theme to select on the next run (set by a save)."""
EDIT_STARTED_FOR = "cb_original_for"
"""Codebook: the theme whose edit :data:`EDIT_STARTED_FROM` belongs to."""
EDIT_STARTED_FROM = "cb_original"
"""Codebook: the theme as it was when its edit began, so a crossing edit is refused."""
UPLOAD_BATCH = "upload_batch"
"""Project: counts imports; part of the uploaders' keys, so an import empties them."""
ANNOUNCEMENTS = "announcements"
"""Messages waiting to be shown on the next run: (kind, text), oldest first."""
