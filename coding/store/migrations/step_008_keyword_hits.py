"""Step 8: the codebook keywords found in each distinct text, kept between runs.

Which keywords a segment holds depends only on its text and on the codebook's keywords,
yet finding them runs spaCy over every segment, which on a year of meetings was the
largest part of scoring. ``keyword_hits`` keeps, per keyword set (a digest of every
code's keywords and of the matcher's version) and text (``text_hash``, the digest the
embedding cache uses), the JSON of what matched (code name -> the words, in order). A
run then matches only texts it has not seen with these keywords. Rows of other keyword
sets are dropped when a new set is stored (:meth:`Project.put_keyword_hits`), so the
table holds one codebook's worth.

Portable SQL (SQLite and PostgreSQL).
"""

from __future__ import annotations

from coding.store.migrations.runner import Cursor, Step

KEYWORD_HITS = """
CREATE TABLE keyword_hits (
  keywords TEXT NOT NULL, text_hash TEXT NOT NULL, hits TEXT NOT NULL,
  PRIMARY KEY (keywords, text_hash))
"""


def apply(cursor: Cursor) -> None:
    cursor.execute(KEYWORD_HITS)


STEP = Step(8, "the codebook keywords found in each distinct text are kept between runs",
            apply)
