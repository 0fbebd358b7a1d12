"""What the Review screen shows and does: find segments, build their cards, decide.

Everything here is a targeted read of the store (:mod:`coding.store.review_reads`) or one
appended decision, so a click costs the same in a 300-segment focus group and a
10,000-segment year of meetings. The status of a (segment, theme) pair follows the
status rule of :mod:`coding.store.status` (the latest decision sets it; a relabel rejects
the old theme and confirms the new one).
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from coding.errors import DecisionError
from coding.labels import clock, count_of, meeting_with_date
from coding.markup import escape
from coding.model import Action, Code, Decision, Source, Status
from coding.store import Project
from coding.store.review_reads import (
    ANY_STATUS,
    LIKELY_MISSED,
    WITHOUT_THEME,
    SuggestionEvidence,
)
from coding.store.status import current_status, reviewed_without_theme

#: The status filter's choices: a pair status, every segment, segments with no theme, or
#: segments with no suggestion nobody has looked at (likeliest to carry a theme first).
ALL = ANY_STATUS
UNCODED = WITHOUT_THEME
MISSED = LIKELY_MISSED
STATUS_CHOICES = (Status.PENDING.value, Status.CONFIRMED.value, Status.REJECTED.value, ALL,
                  UNCODED, MISSED)



@dataclass(frozen=True)
class ReviewFilter:
    """Which segments to review; an empty string means any."""

    transcript: str = ""  # transcript id
    status: str = Status.PENDING.value
    theme: str = ""
    speaker: str = ""
    order: str = "learning"  # one of QUEUE_ORDERS; see review_queue


def _as_matched(word: str, keywords: Sequence[str]) -> str:
    """A matched word as the transcript wrote it and, when it matched by its dictionary
    form only ("charting" for the keyword "chart"), the keyword it stood for — so the
    researcher sees why it matched instead of guessing."""
    lowered = word.lower()
    if not keywords or lowered in {k.lower() for k in keywords}:
        return word
    def shared(keyword: str) -> int:
        return len(os.path.commonprefix([lowered, keyword.lower()]))
    nearest = max(keywords, key=shared)
    return f"{word} (keyword “{nearest}”)" if shared(nearest) >= 3 else word


@dataclass(frozen=True)
class ThemeOnSegment:
    """One theme on one segment: the machine's reasons and the coders' verdict."""

    code: str
    status: Status
    score: float | None = None  # None when a coder added the theme
    source: str = ""
    matched_words: tuple[str, ...] = ()
    nearest_example: str = ""
    example_similarity: float = 0.0
    decided_by: str = ""
    memo: str = ""
    keywords: tuple[str, ...] = ()  # the theme's codebook keywords, to name a lemma match
    confidence: float | None = None  # calibrated on the coders' decisions

    @property
    def evidence(self) -> str:
        """The machine's reasons in one Markdown line (transcript words escaped)."""
        if self.score is None:
            return ""
        learned = self.source == Source.LEARNED
        parts = [self.confidence_words]
        if self.matched_words:
            # As written in the transcript (its first spelling), never lower-cased.
            first: dict[str, str] = {}
            for word in self.matched_words:
                first.setdefault(word.lower(), word)
            words = ", ".join(_as_matched(word, self.keywords) for word in first.values())
            parts.append(f"words: {escape(words)}")
        if self.nearest_example:
            kind = "a confirmed segment" if learned else "the example"
            parts.append(f"close to {kind} “{escape(_short(self.nearest_example))}”")
        return " · ".join(parts)


    @property
    def confidence_words(self) -> str:
        """One scale on every card, whatever produced the suggestion."""
        if self.confidence is None:
            return "confidence not known yet (too few decisions to judge by)"
        # Never "0 in 10" or "10 in 10": a calibration from decisions is never that sure.
        tenths = min(9, max(1, round(self.confidence * 10)))
        return f"about {tenths} in 10 like this were confirmed"


@dataclass(frozen=True)
class SegmentCard:
    id: str
    transcript: str
    meeting: str
    speaker: str
    time: str
    text: str
    themes: tuple[ThemeOnSegment, ...]
    memos: tuple[str, ...]  # "Ana: laughter in the room", oldest first
    episode: str = ""  # "2. budget · batteries"
    no_theme: bool = False  # marked "no theme here" (by the coders the viewer sees)

    @property
    def where(self) -> str:
        return " · ".join(part for part in (self.speaker, self.meeting, self.time) if part)

    @property
    def highlighted_words(self) -> list[str]:
        """Matched words of the themes not rejected: what the text highlights."""
        return [w for t in self.themes if t.status != Status.REJECTED for w in t.matched_words]


@dataclass(frozen=True)
class ReviewOptions:
    transcripts: tuple[tuple[str, str], ...]  # (id, label), in meeting order
    speakers: tuple[str, ...]
    themes: tuple[str, ...]


def review_options(project: Project) -> ReviewOptions:
    return ReviewOptions(
        transcripts=tuple((t.id, meeting_with_date(t.meeting, t.date, t.name, t.title))
                          for t in project.transcripts_in_meeting_order()),
        speakers=tuple(project.segment_participants()), themes=tuple(project.code_names()))


def find_segments(project: Project, chosen: ReviewFilter, viewer: str = "") -> list[str]:
    """Ids of the segments the filter selects, in meeting and speaking order; statuses
    as ``viewer`` may see them (see :func:`visible_coder`)."""
    if chosen.status not in STATUS_CHOICES:
        raise ValueError(f"status must be one of {STATUS_CHOICES}, not {chosen.status!r}")
    return project.segment_ids_matching(
        chosen.status, transcript=chosen.transcript, speaker=chosen.speaker,
        theme=chosen.theme, only=visible_coder(project, viewer))


#: How the Review queue may be ordered; the first is the default. "learning" puts first
#: the segments likeliest to carry a theme (as screening tools such as ASReview do: each
#: confirmation teaches the most and finds codings soonest); see :func:`review_queue`.
QUEUE_ORDERS = ("learning", "transcript")


def review_queue(project: Project, chosen: ReviewFilter | None = None,
                 viewer: str = "") -> list[str]:
    """The segments to review next (those ``chosen`` selects; by default those with a
    pending suggestion), in ``chosen.order``.

    "transcript" is meeting and speaking order. "learning" orders by the machine's
    chance that the segment carries any theme (from the last run), likeliest first,
    ties in transcript order. Facilitators' turns are never "likely missed": they get
    no suggestions by design."""
    chosen = chosen or ReviewFilter()
    if chosen.order not in QUEUE_ORDERS:
        raise ValueError(f"order must be one of {QUEUE_ORDERS}, not {chosen.order!r}")
    found = find_segments(project, chosen, viewer)
    if chosen.status == MISSED:
        uncounted = project.uncounted_segment_ids()
        found = [segment_id for segment_id in found if segment_id not in uncounted]
    if chosen.order == "transcript":
        return found
    relevance = project.segment_relevance()
    position = {segment_id: place for place, segment_id in enumerate(found)}
    return sorted(found, key=lambda s: (-round(relevance.get(s, 0.0), 4), position[s]))


def review_counts(project: Project, transcript: str = "",
                  viewer: str = "") -> dict[Status, int]:
    """How many (segment, theme) pairs are pending, confirmed and rejected."""
    found = project.pair_counts(transcript, only=visible_coder(project, viewer))
    return {status: found.get(status.value, 0) for status in Status}


@dataclass(frozen=True)
class ReviewProgress:
    """What is left and what is done: pairs by status, and segments without a theme
    (left until someone marks them "no theme here")."""

    pending: int
    confirmed: int
    rejected: int
    without_theme: int
    no_theme: int

    @property
    def left(self) -> int:
        return self.pending + self.without_theme

    @property
    def fraction(self) -> float:
        done = self.confirmed + self.rejected + self.no_theme
        return done / (done + self.left) if done + self.left else 1.0

    @property
    def sentence(self) -> str:
        done = [f"{self.confirmed:,} confirmed", f"{self.rejected:,} rejected"]
        if self.no_theme:
            done.append(f"{count_of(self.no_theme, 'segment')} with no theme")
        if not self.left:
            return " · ".join(["**All reviewed**", *done])
        left = [f"**{count_of(self.pending, 'suggestion')} left to review**"]
        if self.without_theme:
            left.append(f"{count_of(self.without_theme, 'segment')} without a theme")
        return " · ".join([*left, *done])


def review_progress(project: Project, transcript: str = "",
                    viewer: str = "") -> ReviewProgress:
    """The Review counter: :func:`review_counts` and the segments without a theme."""
    counts = review_counts(project, transcript, viewer)
    left, marked = project.segments_without_theme(transcript,
                                                  only=visible_coder(project, viewer))
    return ReviewProgress(pending=counts[Status.PENDING], confirmed=counts[Status.CONFIRMED],
                          rejected=counts[Status.REJECTED], without_theme=left,
                          no_theme=marked)


def segment_cards(project: Project, ids: Sequence[str],
                  viewer: str = "") -> list[SegmentCard]:
    """Everything the Review screen shows for these segments, in the order given (in
    blind coding, only ``viewer``'s own decisions and memos)."""
    if not ids:
        return []
    segments = project.card_segments(ids)
    suggestions = project.suggestions_on(ids)
    decisions = project.decisions_on(ids, only=visible_coder(project, viewer))
    order = {name: position for position, name in enumerate(project.code_names())}
    keywords = {code.name: code.keywords for code in project.codebook().codes}
    themes = _themes(suggestions, decisions, order, keywords)
    marked = reviewed_without_theme(decisions)
    memos: dict[str, list[str]] = {}
    for decision in decisions:
        if decision.action == Action.MEMO and decision.memo:
            label = f"{decision.coder} on {decision.code}" if decision.code else decision.coder
            memos.setdefault(decision.segment_id, []).append(f"{label}: {decision.memo}")
    return [SegmentCard(
        id=segment_id, transcript=row.transcript,
        meeting=meeting_with_date(row.meeting, row.date, row.transcript, row.title),
        speaker=row.speaker,
        time=clock(row.start), text=row.text, themes=tuple(themes.get(segment_id, ())),
        memos=tuple(memos.get(segment_id, ())), episode=row.episode or "",
        no_theme=segment_id in marked)
        for segment_id in ids
        if (row := segments.get(segment_id)) is not None]


def _themes(suggestions: Sequence[SuggestionEvidence], decisions: list[Decision],
            order: dict[str, int],
            keywords: Mapping[str, Sequence[str]]) -> dict[str, list[ThemeOnSegment]]:
    verdicts = current_status(decisions)
    pairs: dict[tuple[str, str], ThemeOnSegment] = {}
    for row in suggestions:
        pairs[(row.segment_id, row.code)] = ThemeOnSegment(
            code=row.code, status=Status.PENDING, score=row.score, source=row.source,
            matched_words=row.matched_words, nearest_example=row.nearest_example,
            example_similarity=row.example_similarity,
            keywords=tuple(keywords.get(row.code, ())), confidence=row.confidence)
    for key, decision in verdicts.items():
        status = Status.CONFIRMED if decision.action == Action.CONFIRM else Status.REJECTED
        pairs[key] = replace(pairs.get(key, ThemeOnSegment(code=key[1], status=status)),
                             status=status, decided_by=decision.coder)
    for decision in decisions:
        if decision.action == Action.MEMO and decision.code:
            key = (decision.segment_id, decision.code)
            if key in pairs:
                pairs[key] = replace(pairs[key], memo=decision.memo)
    grouped: dict[str, list[ThemeOnSegment]] = {}
    for (segment_id, _), theme in sorted(pairs.items(),
                                          key=lambda item: order.get(item[0][1], len(order))):
        grouped.setdefault(segment_id, []).append(theme)
    return grouped


def decide(project: Project, segment_id: str, code: str, action: Action, coder: str,
           new_code: str = "", memo: str = "") -> Decision:
    """Record one coder's act at once; nothing is overwritten (decisions are appended).
    The store checks it (e.g. a relabel to the same theme is refused)."""
    decision = Decision(segment_id=segment_id, code=code, action=action, coder=coder,
                        new_code=new_code, memo=memo)
    project.record_decisions([decision])
    return decision


def in_focus(cards: Sequence[SegmentCard],
             passed: Collection[tuple[str, str]] = ()) -> tuple[SegmentCard, str] | None:
    """The card and theme the keyboard acts on: the first pending pair on the page,
    in card order, that was not passed over (None when none is left)."""
    for card in cards:
        for theme in card.themes:
            if theme.status == Status.PENDING and (card.id, theme.code) not in passed:
                return card, theme.code
    return None


def mark_no_theme(project: Project, segment_id: str, coder: str) -> int:
    """"No theme here": reject every theme on the segment not yet rejected (as the coder
    sees it) and mark it reviewed, in one batch (one Undo). Returns the rejections."""
    cards = segment_cards(project, [segment_id], viewer=coder)
    if not cards:
        raise DecisionError(f"no segment has the id {segment_id!r}.")
    rejections = [Decision(segment_id=segment_id, code=theme.code, action=Action.REJECT,
                           coder=coder) for theme in cards[0].themes
                  if theme.status != Status.REJECTED]
    project.record_decisions([*rejections, Decision(segment_id=segment_id, code="",
                                                    action=Action.NO_THEME, coder=coder)])
    return len(rejections)


def add_memo(project: Project, segment_id: str, coder: str, memo: str,
             code: str = "") -> Decision | None:
    """A note on a segment (or on one of its themes); blank notes are not stored."""
    if not memo.strip():
        return None
    return decide(project, segment_id, code, Action.MEMO, coder, memo=memo.strip())


def add_example(project: Project, code_name: str, segment_id: str, coder: str) -> Code:
    """Make a segment's words an example quote of the theme (a recorded codebook edit)."""
    code = project.stored_code(code_name)
    if code is None:
        raise DecisionError(f"no theme is named {code_name!r}.",
                            fix="reload the codebook; it may have been renamed.")
    words = project.segment_text(segment_id)
    if words is None:
        raise DecisionError(f"no segment has the id {segment_id!r}.")
    text = words.strip()
    if text in code.examples:
        return code
    changed = replace(code, examples=(*code.examples, text))
    project.save_code(changed, coder=coder, original=code)
    return changed


def episode_size(project: Project, segment_id: str) -> int:
    """How many segments the topical episode holding ``segment_id`` has (0: none)."""
    return len(project.episode_segment_ids(segment_id))


def code_episode(project: Project, segment_id: str, code: str, coder: str) -> int:
    """Confirm ``code`` on every segment of the topical episode that holds ``segment_id``,
    as one all-or-nothing batch of ordinary decisions; returns how many were recorded."""
    episode = project.episode_segment_ids(segment_id)
    if not episode:
        raise DecisionError(f"segment {segment_id!r} lies in no episode.",
                            fix="run the import again so episodes are found.")
    return project.record_decisions([Decision(segment_id=member, code=code,
                                              action=Action.CONFIRM, coder=coder)
                                     for member in episode])


# -- blind coding ---------------------------------------------------------------------------
# While the project lead keeps blind coding on, each coder sees the machine's suggestions
# and their own decisions only. Turning it off is how the lead opens reconciliation: then
# everyone sees every decision again (the latest one sets a pair's status, as always).

def visible_coder(project: Project, viewer: str) -> str:
    """The one coder whose decisions ``viewer`` may see: themselves in blind coding,
    '' (everyone) otherwise or when no viewer is named."""
    return viewer.strip() if viewer.strip() and project.blind() else ""


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + " …"
