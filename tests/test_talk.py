"""The one judgement of small talk and of words fit for a label (coding/talk.py)."""

import pytest

from coding.talk import content_words, is_topic_word, label_fault, name_words, small_talk_reason


@pytest.mark.parametrize(("text", "reason"), [
    ("Hi everyone, good to see you all.", "greeting"),
    ("Sorry, you're on mute.", "technical trouble"),
    ("Can you hear me now?", "technical trouble"),
    ("Okay, who wants to go first?", "moderation"),
    ("I had to circle twice to find parking.", "logistics"),
    ("Yeah. Mm-hmm.", "backchannel"),
    ("[laughter]", "laughter"),
])
def test_small_talk_is_recognised_with_its_reason(text, reason):
    assert small_talk_reason(text) == reason


@pytest.mark.parametrize("text", [
    "I finally told my chief I would not take call on my research day, and it felt awful.",
    "After the third death that week I just went home and cried in the car.",
    # opens like moderation, then says something of its own
    "Thanks for sharing that. I had the same thing with my department chair when I asked "
    "for protected time, and she said the budget would not allow it this year at all.",
])
def test_talk_with_substance_is_not_small_talk(text):
    assert small_talk_reason(text) is None


def test_a_phrase_matches_whole_words_only():
    # "audio" must not match inside "audiology", nor "bye" inside "bystander"
    assert small_talk_reason("Audiology referrals, bystander.") is None


def test_curly_apostrophes_are_read_like_straight_ones():
    assert small_talk_reason("You’re on mute.") == "technical trouble"


@pytest.mark.parametrize("word", ["um", "Yeah", "august", "Sunday", "ninety", "2024",
                                  "the", "ok", "it"])
def test_fillers_months_weekdays_numbers_and_stop_words_never_label_a_topic(word):
    assert not is_topic_word(word)


def test_names_never_label_a_topic():
    names = name_words(["Dr. Elena Marquez", "CARMEN (she/her)"])
    assert not is_topic_word("elena", names)
    assert not is_topic_word("Carmen", names)
    assert is_topic_word("burnout", names)


def test_content_words_drop_fillers_and_stop_words():
    assert content_words("Um, yeah, I think the boundaries were hard.") == [
        "boundaries", "hard"]


@pytest.mark.parametrize(("word", "fault"), [
    ("Elena", "name"), ("elena's", "name"), ("August", "month"), ("sunday", "weekday"),
    ("ninety", "number"), ("2025", "number"), ("yeah", "filler"), ("boundaries", None)])
def test_a_label_word_is_faulted_for_what_a_reader_would_object_to(word, fault):
    assert label_fault(word, name_words(["Elena Novak"])) == fault


def test_the_stop_list_is_scikit_learns():
    """The list is written out in talk.py so quotes never import scikit-learn; it must
    stay the one the vectorizers were tuned with."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN

    from coding.talk import ENGLISH_STOP_WORDS

    assert ENGLISH_STOP_WORDS == SKLEARN
