"""Talk that carries no theme, set apart before themes are found.

Greetings, logistics, technical trouble, moderation, laughter and backchannels
(:func:`coding.talk.small_talk_reason`, the one judgement the suggestions share) go to
one group, "non-substantive talk", stored with the number :data:`SMALL_TALK_NUMBER`
beside the fit's themes; it is listed last and never competes with the themes.

A facilitator's short turns ("And how did that land with your chief?") steer the talk
rather than carry it; pass the facilitators' names (participants whose role is
facilitator) and their turns of at most :data:`FACILITATOR_MAX_CONTENT_WORDS` content
words count as moderation too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from coding.model import EmergentTheme, Segment
from coding.talk import content_words, small_talk_reason

SMALL_TALK_NUMBER = -1
SMALL_TALK_LABEL = "non-substantive talk"
#: A facilitator's turn with more content words than this is taken to share something.
FACILITATOR_MAX_CONTENT_WORDS = 12


def small_talk_reasons(texts: Sequence[str], speakers: Sequence[str] = (),
                       facilitators: Collection[str] = (),
                       names: Collection[str] = ()) -> list[str | None]:
    """Why each text is small talk, or ``None`` when it may carry a theme. ``names``
    (lower-case words of participants' names and speaker labels) name no topic."""
    speakers = list(speakers) or [""] * len(texts)
    reasons: list[str | None] = []
    for text, speaker in zip(texts, speakers):
        reason = small_talk_reason(text, names)
        if reason is None and speaker and speaker in facilitators and \
                len(content_words(text)) <= FACILITATOR_MAX_CONTENT_WORDS:
            reason = "moderation"
        reasons.append(reason)
    return reasons


def small_talk_theme(run_id: str, segments: Sequence[Segment],
                     reasons: Sequence[str], quotes: int = 5) -> EmergentTheme:
    """The one group of a fit's small talk; its terms are the reasons, commonest first."""
    counted = Counter(reasons)
    return EmergentTheme(run_id=run_id, number=SMALL_TALK_NUMBER, label=SMALL_TALK_LABEL,
                         terms=tuple(reason for reason, _ in counted.most_common()),
                         quotes=tuple(segment.id for segment in segments[:quotes]),
                         size=len(segments))
