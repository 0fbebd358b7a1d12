"""Which legacy encoding a file that is not UTF-8 was saved in — or that it cannot be told.

Western Windows (Windows-1252) is what most such files are, and was the only guess the
readers made. But a file saved by Chinese, Japanese, Korean or Russian Windows read that
way becomes mojibake ('ÀîÃ÷£º' for '李明：'), and mojibake stored as what someone said is
worse than a refusal. So:

1. The Windows-1252 reading is kept unless it looks like mojibake: a Western text has
   few letters outside ASCII, a misread Chinese or Cyrillic one has little else.
2. Otherwise the East Asian encodings are tried, and a reading is accepted only when
   almost all its characters are among the commonly used ones of its script (a wrong
   reading of the same bytes gives rare characters, symbols and stray kana or bopomofo).
   charset-normalizer alone cannot be trusted on short texts (a 12-byte GBK line comes
   back as Thai), which is why its guess is checked, not taken.
3. Then charset-normalizer's guess among the other legacy encodings, accepted only when
   the reading is written in one script (Cyrillic, Greek, Hebrew, Arabic, Thai).
4. Nothing convincing: the file is refused, and the user is asked to save it as UTF-8.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass

#: What a misread file looks like: at least this many characters outside ASCII, ...
_MOJIBAKE_MIN = 8
#: ... making up more than this share of the letters.
_MOJIBAKE_SHARE = 0.4
#: Only the start of a long file is scored: enough to tell, fast on 50 MB.
_SAMPLE = 20_000
#: An East Asian reading must be made of this share of common characters.
_COMMON_SHARE = 0.8
#: A single-byte reading must have this share of its letters in one script.
_ONE_SCRIPT_SHARE = 0.9

EAST_ASIAN = ("gb18030", "big5", "cp932", "cp949")
OTHER_LEGACY = ("cp1251", "cp1253", "cp1255", "cp1256", "cp874", "koi8_r")
NAMES = {"cp1252": "Windows-1252", "gb18030": "GBK/GB18030 (Chinese)",
         "big5": "Big5 (traditional Chinese)", "cp932": "Shift-JIS (Japanese)",
         "cp949": "EUC-KR (Korean)", "cp1251": "Windows-1251 (Cyrillic)",
         "cp1253": "Windows-1253 (Greek)", "cp1255": "Windows-1255 (Hebrew)",
         "cp1256": "Windows-1256 (Arabic)", "cp874": "Windows-874 (Thai)",
         "koi8_r": "KOI8-R (Cyrillic)", "cp1250": "Windows-1250 (Central European)"}
#: The script each single-byte encoding exists for (the first word of Unicode names).
_SCRIPTS = {"cp1251": "CYRILLIC", "koi8_r": "CYRILLIC", "cp1253": "GREEK",
            "cp1255": "HEBREW", "cp1256": "ARABIC", "cp874": "THAI"}


@dataclass(frozen=True)
class Reading:
    text: str
    encoding: str

    @property
    def name(self) -> str:
        return NAMES.get(self.encoding, self.encoding)


def decode_or_none(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def guess_legacy(data: bytes) -> Reading | None:
    """The reading of bytes that are not UTF-8, or None when no encoding is convincing."""
    western = decode_or_none(data, "cp1252")
    if western is not None and not looks_like_mojibake(western[:_SAMPLE]):
        return Reading(western, "cp1252")
    return _east_asian(data) or _single_byte(data)


def looks_like_mojibake(text: str) -> bool:
    """A Windows-1252 reading with more accented letters and symbols than plain ones.

    Western languages write most letters in ASCII (Portuguese, the most accented, about
    one in ten); a misread Chinese, Japanese or Russian file has almost none."""
    foreign = sum(1 for char in text if ord(char) > 0x7F)
    if foreign < _MOJIBAKE_MIN:
        return False
    plain = sum(1 for char in text if char.isascii() and char.isalpha())
    return foreign > _MOJIBAKE_SHARE * (foreign + plain)


def _east_asian(data: bytes) -> Reading | None:
    """The East Asian reading made of common characters; where several are (Korean
    syllables and common Chinese characters share their bytes), the one whose spacing
    fits: Chinese and Japanese put no spaces between words, Korean does."""
    scored = []
    for order, encoding in enumerate(EAST_ASIAN):
        text = decode_or_none(data, encoding)
        if text is None:
            continue
        sample = text[:_SAMPLE]
        share, count = _common_share(sample, encoding)
        if count >= 2 and share >= _COMMON_SHARE:
            spacing = 0.0 if encoding == "cp949" else _spaced_ideographs(sample)
            scored.append((round(share, 2), -spacing, -order, text, encoding))
    if not scored:
        return None
    *_, text, encoding = max(scored)
    return Reading(text, encoding)


def _common_share(text: str, encoding: str) -> tuple[float, int]:
    """Share of the non-ASCII characters that are common in the encoding's language,
    and how many non-ASCII characters there are."""
    foreign = [char for char in text if ord(char) > 0x7F and not char.isspace()]
    if not foreign:
        return 0.0, 0
    common = sum(1 for char in foreign if _is_common(char, encoding))
    return common / len(foreign), len(foreign)


def _spaced_ideographs(text: str) -> float:
    """Spaces beside a Chinese character, per Chinese character: near 0 in Chinese."""
    ideographs = sum(1 for char in text if _is_ideograph(char))
    spaced = sum(1 for before, after in zip(text, text[1:])
                 if (before == " " and _is_ideograph(after))
                 or (after == " " and _is_ideograph(before)))
    return spaced / ideographs if ideographs else 0.0


def _is_ideograph(char: str) -> bool:
    return 0x4E00 <= ord(char) <= 0x9FFF


def _is_common(char: str, encoding: str) -> bool:
    """Common characters: the first (most frequent) level of each national standard,
    the language's own syllables, and full-width punctuation."""
    code = ord(char)
    if 0x3000 <= code <= 0x3003 or 0xFF01 <= code <= 0xFF5E or code in (0x300C, 0x300D):
        return True  # 、。「」 and full-width ，：！？（）
    if encoding == "gb18030":
        return _lead_byte(char, "gb2312") in range(0xB0, 0xD8)  # GB 2312 level 1
    if encoding == "big5":
        return _lead_byte(char, "big5") in range(0xA4, 0xC7)  # Big5 frequent characters
    if encoding == "cp932":
        return (0x3041 <= code <= 0x30FF  # kana
                or 0x889F <= int.from_bytes(_encoded(char, "cp932") or b"\0", "big") <= 0x9872)
    return 0xAC00 <= code <= 0xD7A3 and _lead_byte(char, "euc_kr") >= 0  # KS X 1001


def _encoded(char: str, encoding: str) -> bytes | None:
    try:
        return char.encode(encoding)
    except UnicodeEncodeError:
        return None


def _lead_byte(char: str, encoding: str) -> int:
    encoded = _encoded(char, encoding)
    return encoded[0] if encoded and len(encoded) == 2 else -1


def _single_byte(data: bytes) -> Reading | None:
    """charset-normalizer's best single-byte guess, if its reading is in one script."""
    from charset_normalizer import from_bytes  # imported here: only legacy files need it

    for match in from_bytes(data, cp_isolation=list(OTHER_LEGACY)):
        text = decode_or_none(data, match.encoding)
        script = _SCRIPTS.get(match.encoding)
        if text is not None and script and _in_one_script(text[:_SAMPLE], script):
            return Reading(text, match.encoding)
    return None


def _in_one_script(text: str, script: str) -> bool:
    """Most letters outside ASCII belong to ``script``, and few words mix it with ASCII
    letters (a misread 'cafй' does)."""
    letters = Counter(unicodedata.name(char, "?").split()[0] for char in text
                      if ord(char) > 0x7F and char.isalpha())
    total = sum(letters.values())
    if total < _MOJIBAKE_MIN or letters[script] < _ONE_SCRIPT_SHARE * total:
        return False
    words = [word for word in text.split() if any(ord(char) > 0x7F for char in word)]
    mixed = sum(1 for word in words if any(char.isascii() and char.isalpha() for char in word))
    return mixed <= (1 - _ONE_SCRIPT_SHARE) * len(words)
