"""What talk carries no theme: the one judgement of "small talk" and of words that say
nothing about a topic, shared by suggestions (relevance), emergent themes and episode
headings so that the rule is written once.

Two questions live here:

* :func:`small_talk_reason` — is this turn greetings, logistics, technical trouble,
  moderation, laughter or a backchannel ("yeah, mm-hmm")? It answers with the reason,
  or ``None`` when the turn may carry a theme. It judges the words only; who speaks
  (a facilitator) is the caller's business.
* :func:`is_topic_word` — may this word stand in a theme's or an episode's label?
  Never a filler, a month, a weekday, a number, a stop word or an all-purpose word
  (names are checked by the caller, who knows the project's participants: pass them as
  ``names``); :func:`is_label_word` — may it be part of a label's phrase ("protected
  time")? :func:`label_fault` says what is wrong with a word a reader would object to.
"""

from __future__ import annotations

import re
from collections.abc import Collection

#: Words of spoken talk that carry no topic; transcripts are full of them.
FILLERS = frozenset({
    "uh", "um", "umm", "erm", "er", "hmm", "mm", "mmm", "mhm", "ah", "oh", "yeah", "yes",
    "yep", "yup", "nope", "okay", "ok", "kay", "alright", "like", "know", "think", "mean",
    "really", "just", "gonna", "wanna", "gotta", "kind", "kinda", "sort", "sorta", "right",
    "actually", "basically", "literally", "totally", "thing", "things", "stuff", "lot",
    "bit", "guess", "say", "said", "saying", "maybe", "probably", "pretty", "little", "got",
    "going", "sure", "good", "great", "want", "way", "did", "does", "doing", "don", "didn",
    "doesn", "isn", "wasn", "let", "ll", "ve", "re", "cause", "cuz", "well", "thank",
    "thanks", "wow", "huh", "gosh", "anyway", "anyways", "hey", "hi", "hello", "bye",
})

#: The fillers that are hesitation sounds, never words: a quote may drop them anywhere
#: ("I was, um, tired" → "I was tired"); the others ("like", "really") only where they
#: open a sentence before a comma ("Yeah, so, …"), because mid-sentence they carry meaning.
DISFLUENCIES = frozenset({"uh", "um", "umm", "erm", "er", "hmm", "mm", "mmm", "mhm", "ah"})
assert DISFLUENCIES <= FILLERS

MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec"})

WEEKDAYS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "weekend", "weekends", "today", "tomorrow", "yesterday", "tonight"})

NUMBER_WORDS = frozenset({
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
    "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
    "eighty", "ninety", "hundred", "thousand", "million", "first", "second", "third",
    "fourth", "fifth", "half", "couple", "dozen", "once", "twice", "thrice"})

#: Phrases that mark a turn as talk about the meeting rather than in it. Matched as
#: whole words, lower case, after contractions are straightened ("you’re" → "you're").
SMALL_TALK_PHRASES: dict[str, tuple[str, ...]] = {
    "greeting": (
        "hi everyone", "hi everybody", "hi all", "hello everyone", "hello everybody",
        "good morning", "good afternoon", "good evening", "welcome", "nice to see",
        "good to see", "how are you", "how's everyone", "how is everyone",
        "thanks everyone", "thank you everyone", "thank you all", "thanks all",
        "bye", "goodbye", "see you", "see ya", "take care", "have a good",
        "have a great", "happy holidays", "happy new year"),
    "logistics": (
        "parking", "park the car", "next meeting", "next month's meeting", "calendar",
        "schedule the", "reschedule", "the agenda", "zoom link", "the link", "send the invite",
        "running late", "be late", "minutes left", "out of time", "wrap up", "wrap it up",
        "let's get started", "let's start", "before we start", "are we recording",
        "start recording", "stop recording", "the recording", "the doodle", "time check"),
    "technical trouble": (
        "on mute", "you're muted", "unmute", "can you hear me", "can't hear you",
        "can you see my screen", "share my screen", "share your screen", "screen share",
        "you froze", "you're frozen", "frozen", "lagging", "connection", "bad connection",
        "my camera", "your camera", "camera on", "camera off", "audio", "echo",
        "dropped off", "kicked out", "rejoin", "back in the room", "breakout room"),
    "moderation": (
        "who wants to go first", "who wants to start", "who would like to start",
        "anyone else", "anybody else", "any other thoughts", "any thoughts",
        "let's move on", "move on to", "next question", "go ahead", "you go ahead",
        "over to you", "your turn", "back to you", "thanks for sharing",
        "thank you for sharing", "let's go around", "go around the"),
    "laughter": ("[laughter]", "(laughter)", "[laughs]", "(laughs)", "haha", "hahaha",
                 "lol", "[laughing]", "(laughing)"),
}

#: A turn with more content words than this is taken to carry talk of its own, even if it
#: opens with a greeting or a moderation phrase ("Thanks for sharing — I had the same…").
SMALL_TALK_MAX_CONTENT_WORDS = 6
#: A turn with at most this many content words is a backchannel ("Yeah, totally.").
BACKCHANNEL_MAX_CONTENT_WORDS = 1

#: Spoken verbs and all-purpose nouns that fill a label without naming a topic
#: ("asked · minutes · people"): fine in TF-IDF, never alone in a label.
GENERIC_WORDS = frozenset({
    "ask", "asked", "asking", "come", "came", "coming", "comes", "hear", "heard", "sorry",
    "feel", "felt", "feeling", "tell", "told", "telling", "went", "goes", "gone", "get",
    "gets", "getting", "make", "makes", "made", "making", "take", "takes", "took", "taking",
    "need", "needs", "needed", "look", "looks", "looked", "looking", "see", "saw", "seen",
    "talk", "talking", "talked", "wait", "wants", "wanted", "happy", "new", "old", "time",
    "times", "people", "person", "year", "years", "week", "weeks", "month", "months", "day",
    "days", "minute", "minutes", "hour", "hours", "start", "started", "put", "use",
    "used", "try", "tried", "trying", "work", "worked", "working", "happened", "happen",
    "remember", "able", "big", "long", "hard", "real", "whole", "different",
    "same", "else", "everybody", "everyone", "somebody", "someone", "anybody", "guys",
    "guy", "folks", "idea", "point", "question", "kinda", "absolutely", "exactly",
    "definitely", "honestly", "course", "fine", "nice", "cool", "funny", "true", "wrong",
    "ones", "understand", "agree", "sounds", "sound", "hope", "love", "glad"})

#: Words of scikit-learn's stop list that name topics in this kind of talk ("on call",
#: "the system", "a fire"): kept out of TF-IDF vocabularies, fine in a label.
TOPICAL_STOP_WORDS = frozenset({"call", "fire", "bill", "system", "interest", "detail",
                                "move", "side", "front", "top", "bottom", "show", "empty",
                                "amount"})

#: scikit-learn's English stop list (``ENGLISH_STOP_WORDS``, from the Glasgow Information
#: Retrieval Group), written out here so that reading a quote never imports scikit-learn
#: (seconds on every export); ``tests/test_talk.py`` checks it is still the same list.
ENGLISH_STOP_WORDS = frozenset({
    "a", "about", "above", "across", "after", "afterwards", "again", "against", "all",
    "almost", "alone", "along", "already", "also", "although", "always", "am", "among",
    "amongst", "amoungst", "amount", "an", "and", "another", "any", "anyhow", "anyone",
    "anything", "anyway", "anywhere", "are", "around", "as", "at", "back", "be", "became",
    "because", "become", "becomes", "becoming", "been", "before", "beforehand", "behind",
    "being", "below", "beside", "besides", "between", "beyond", "bill", "both", "bottom",
    "but", "by", "call", "can", "cannot", "cant", "co", "con", "could", "couldnt", "cry",
    "de", "describe", "detail", "do", "done", "down", "due", "during", "each", "eg",
    "eight", "either", "eleven", "else", "elsewhere", "empty", "enough", "etc", "even",
    "ever", "every", "everyone", "everything", "everywhere", "except", "few", "fifteen",
    "fifty", "fill", "find", "fire", "first", "five", "for", "former", "formerly", "forty",
    "found", "four", "from", "front", "full", "further", "get", "give", "go", "had", "has",
    "hasnt", "have", "he", "hence", "her", "here", "hereafter", "hereby", "herein",
    "hereupon", "hers", "herself", "him", "himself", "his", "how", "however", "hundred",
    "i", "ie", "if", "in", "inc", "indeed", "interest", "into", "is", "it", "its", "itself",
    "keep", "last", "latter", "latterly", "least", "less", "ltd", "made", "many", "may",
    "me", "meanwhile", "might", "mill", "mine", "more", "moreover", "most", "mostly",
    "move", "much", "must", "my", "myself", "name", "namely", "neither", "never",
    "nevertheless", "next", "nine", "no", "nobody", "none", "noone", "nor", "not",
    "nothing", "now", "nowhere", "of", "off", "often", "on", "once", "one", "only", "onto",
    "or", "other", "others", "otherwise", "our", "ours", "ourselves", "out", "over", "own",
    "part", "per", "perhaps", "please", "put", "rather", "re", "same", "see", "seem",
    "seemed", "seeming", "seems", "serious", "several", "she", "should", "show", "side",
    "since", "sincere", "six", "sixty", "so", "some", "somehow", "someone", "something",
    "sometime", "sometimes", "somewhere", "still", "such", "system", "take", "ten", "than",
    "that", "the", "their", "them", "themselves", "then", "thence", "there", "thereafter",
    "thereby", "therefore", "therein", "thereupon", "these", "they", "thick", "thin",
    "third", "this", "those", "though", "three", "through", "throughout", "thru", "thus",
    "to", "together", "too", "top", "toward", "towards", "twelve", "twenty", "two", "un",
    "under", "until", "up", "upon", "us", "very", "via", "was", "we", "well", "were",
    "what", "whatever", "when", "whence", "whenever", "where", "whereafter", "whereas",
    "whereby", "wherein", "whereupon", "wherever", "whether", "which", "while", "whither",
    "who", "whoever", "whole", "whom", "whose", "why", "will", "with", "within", "without",
    "would", "yet", "you", "your", "yours", "yourself", "yourselves"})

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def stop_words() -> list[str]:
    """English stop words and spoken fillers, sorted: the ``stop_words`` a TF-IDF or
    c-TF-IDF vectorizer over transcripts should use."""
    return sorted(ENGLISH_STOP_WORDS | FILLERS)


def words(text: str) -> list[str]:
    """The words of ``text``, lower case, with straight apostrophes."""
    return _WORD.findall(text.replace("’", "'").lower())


def content_words(text: str) -> list[str]:
    """The words of ``text`` that may say something: not stop words or fillers."""
    return [w for w in words(text) if w.split("'")[0] not in ENGLISH_STOP_WORDS
            and w.split("'")[0] not in FILLERS]


def label_fault(word: str, names: Collection[str] = ()) -> str | None:
    """What makes ``word`` wrong in a label a researcher reads — "name", "month",
    "weekday", "number" or "filler" — or ``None``. ``names`` are participants' names,
    speaker labels and pseudonyms (compared in lower case; see :func:`name_words`)."""
    lowered = word.lower().strip().replace("’", "'").split("'")[0]  # "Elena's" → elena
    if lowered in {name.lower() for name in names}:
        return "name"
    if any(ch.isdigit() for ch in lowered) or lowered in NUMBER_WORDS:
        return "number"
    for fault, listed in (("month", MONTHS), ("weekday", WEEKDAYS), ("filler", FILLERS)):
        if lowered in listed:
            return fault
    return None


def is_label_word(word: str, names: Collection[str] = ()) -> bool:
    """Whether ``word`` may be part of a label's phrase: not a filler, month, weekday,
    number word, digit, stop word or one of ``names`` (participants' names, speaker
    labels, pseudonyms; compared in lower case). All-purpose words ("time", "people")
    pass here: "protected time" is a phrase a person would say."""
    lowered = word.lower().strip()
    if len(lowered) < 3 or not any(ch.isalpha() for ch in lowered):
        return False
    return label_fault(lowered, names) is None and (
        lowered in TOPICAL_STOP_WORDS or lowered not in ENGLISH_STOP_WORDS)


def is_topic_word(word: str, names: Collection[str] = ()) -> bool:
    """Whether ``word`` may stand in a label on its own: a label word
    (:func:`is_label_word`) that is not all-purpose (:data:`GENERIC_WORDS`)."""
    return is_label_word(word, names) and word.lower().strip() not in GENERIC_WORDS


def name_words(names: Collection[str]) -> set[str]:
    """Every word of the given names and labels, lower case ("Dr. Jane Smith" → dr, jane,
    smith): what :func:`is_topic_word` must refuse so a label never names a person."""
    return {w for name in names for w in words(name)}


def small_talk_reason(text: str, names: Collection[str] = ()) -> str | None:
    """Why ``text`` is small talk — "greeting", "logistics", "technical trouble",
    "moderation", "laughter" or "backchannel" — or ``None`` when it may carry a theme.

    A short turn that names a topic ("I cannot see any plot.", "Why is it predicting
    this?") is not a backchannel, although it has only one content word: on the coded
    interviews (``coding eval themes``) setting such turns apart took 87 of serdif's
    1,079 coded units and 23 of mlss's 320 out of the themes and cost 0.02–0.05 harmonic
    purity. A backchannel carries no topic: "Okay.", "Yeah, totally.", "Thanks, Elena"
    (``names``: lower-case words of participants' names and speaker labels)."""
    content = content_words(text)
    if len(content) <= BACKCHANNEL_MAX_CONTENT_WORDS:
        category = _matching_category(text)
        if category is None and names_a_topic(text, names):
            return None
        return category or "backchannel"
    if len(content) > SMALL_TALK_MAX_CONTENT_WORDS:
        return None
    return _matching_category(text)


def names_a_topic(text: str, names: Collection[str] = ()) -> bool:
    """Whether one of ``text``'s content words may name a topic on its own
    (:func:`is_topic_word`): "plot", "privacy", not "sorry" or a name."""
    return any(is_topic_word(word, names) for word in content_words(text))


def _matching_category(text: str) -> str | None:
    lowered = " " + " ".join(text.replace("’", "'").lower().split()) + " "
    for category, pattern in _CATEGORY_PATTERNS.items():
        if pattern.search(lowered):
            return category
    return None


#: One pattern per category, its phrases as whole words, compiled once: a search per
#: phrase per turn cost 0.8 ms a turn (4.5 s of a 10,000-segment update).
_CATEGORY_PATTERNS = {
    category: re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(p) for p in phrases)
                         + r")(?![\w'])")
    for category, phrases in SMALL_TALK_PHRASES.items()}
