"""Talk that carries no theme, set apart before themes are found.

Greetings, logistics, technical trouble, moderation, laughter and backchannels
(:func:`coding.talk.small_talk_reason`, the one judgement the suggestions share) go to
one group, "non-substantive talk", stored with the number :data:`SMALL_TALK_NUMBER`
beside the fit's themes; it is listed last and never competes with the themes.

A facilitator's short turns ("And how did that land with your chief?") steer the talk
rather than carry it; pass the facilitators' names (participants whose role is
facilitator) and their turns of at most :data:`FACILITATOR_MAX_CONTENT_WORDS` content
words count as moderation too.

A short turn that names a topic ("I cannot see any plot.", "Why is it predicting
this?") is not a backchannel here, although it has only one content word: on the coded
interviews (``coding eval themes``) setting such turns apart took 87 of serdif's 1,079
coded units and 23 of mlss's 320 out of the themes and cost 0.02–0.05 harmonic purity.
A backchannel is what carries no topic: "Okay.", "Yeah, totally.", "Thanks, Elena".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence

from coding.model import EmergentTheme, Segment
from coding.talk import content_words, is_topic_word, small_talk_reason

SMALL_TALK_NUMBER = -1
SMALL_TALK_LABEL = "non-substantive talk"
#: :func:`coding.talk.small_talk_reason`'s word for a turn of at most one content word.
BACKCHANNEL = "backchannel"
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
        reason = small_talk_reason(text)
        if reason == BACKCHANNEL and names_a_topic(text, names):
            reason = None
        if reason is None and speaker and speaker in facilitators and \
                len(content_words(text)) <= FACILITATOR_MAX_CONTENT_WORDS:
            reason = "moderation"
        reasons.append(reason)
    return reasons


def names_a_topic(text: str, names: Collection[str] = ()) -> bool:
    """Whether one of ``text``'s content words may name a topic on its own
    (:func:`coding.talk.is_topic_word`): "plot", "privacy", not "sorry" or a name."""
    return any(is_topic_word(word, names) for word in content_words(text))


def small_talk_theme(run_id: str, segments: Sequence[Segment],
                     reasons: Sequence[str], quotes: int = 5) -> EmergentTheme:
    """The one group of a fit's small talk; its terms are the reasons, commonest first."""
    counted = Counter(reasons)
    return EmergentTheme(run_id=run_id, number=SMALL_TALK_NUMBER, label=SMALL_TALK_LABEL,
                         terms=tuple(reason for reason, _ in counted.most_common()),
                         quotes=tuple(segment.id for segment in segments[:quotes]),
                         size=len(segments))
