"""Comparison keys: where Ukrainian, Russian and Latin spellings of a name meet.

Every word becomes a crude Latin key. Cyrillic goes through a plain letter table,
then Latin of any origin (the official KMU transliteration, Russian-style "Kiev",
"Darnitskiy", English "Kharkov") goes through the same rules: sh/zh/kh/ch/ts
become single letters, the vowels people swap between the languages and
transliterations (i, y, e, ie, yi...) merge, the iotation of я/ю/ё disappears, doubled
letters collapse. The key then loses one case ending, so "Деснянському",
"Деснянский" and "Desnyanskyi" share the key "disnansk". Keys compare equal far
more often than the words do; matching ranks exact spellings above key matches.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from geo.geocoder.vocabulary import (
    CAPITAL_WORDS,
    CITY_NAMES,
    DISTRICT_WORDS,
    DPR_WORDS,
    METRO_WORDS,
    OTHER_CITY_NAMES,
    REGION_WORDS,
    RUSSIAN_WORDS,
    STREET_TYPE_WORDS,
)
from geo.text import fold

_CYRILLIC = str.maketrans(
    {
        "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e",
        "є": "ie", "ё": "io", "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i",
        "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p",
        "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
        "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e",
        "ю": "iu", "я": "ia", "'": "", "-": "",
        # Polish- and Czech-style spellings of the same names ("Kijów", "Žytomyr").
        "ž": "zh", "č": "ch", "š": "sh", "ś": "s", "ł": "l", "ń": "n", "ć": "ts",
        "é": "e", "á": "a", "í": "i", "ó": "o", "ú": "u", "ý": "y", "ě": "e",
        "ü": "u", "ö": "o", "ä": "a",
    }
)  # fmt: skip

# One left-to-right pass; at each position the first (longest) rule wins, so
# letters produced by a rule are never rewritten by another.
_LATIN_RULES = {
    "shch": "w", "sch": "w", "sh": "w", "zh": "j", "kh": "x", "ch": "c", "ts": "c",
    "tz": "c", "ck": "k", "ph": "f", "ya": "a", "ia": "a", "yu": "u", "iu": "u",
    "yo": "o", "io": "o", "x": "ks", "w": "v", "q": "k", "c": "k", "h": "g",
    "y": "i", "e": "i", "j": "i",
}  # fmt: skip
_LATIN = re.compile("|".join(sorted(_LATIN_RULES, key=len, reverse=True)))
_DOUBLES = re.compile(r"(.)\1+")
# Case endings of Ukrainian and Russian nouns and adjectives, as they look in keys.
_ENDINGS = ("omu", "ogo", "ami", "oi", "ou", "om", "im", "ix", "ax", "am")
_VOWEL_ENDINGS = "aiou"
_MIN_STEM = 3


def crude(word: str) -> str:
    """The Latin skeleton of a folded word, before case endings are removed."""
    latin = word.translate(_CYRILLIC)
    latin = _LATIN.sub(lambda m: _LATIN_RULES[m.group()], latin)
    return _DOUBLES.sub(r"\1", latin)


def stem(key: str) -> str:
    for ending in _ENDINGS:
        if key.endswith(ending) and len(key) - len(ending) >= _MIN_STEM:
            return key[: -len(ending)]
    if key[-1:] in _VOWEL_ENDINGS and len(key) > _MIN_STEM:
        return key[:-1]
    return key


def word_key(word: str) -> str:
    key = crude(word)
    if word.isascii() and not key.endswith(("omu", "ogo")):
        # English text has no Slavic case endings: "Artem" is not an instrumental
        # "-em" to strip (it is the "Артем" of "вулиця Артема"). Only a final vowel
        # goes, as in the nominative-genitive pairs.
        return key[:-1] if key[-1:] in _VOWEL_ENDINGS and len(key) > _MIN_STEM else key
    return stem(key)


_NOUN_SUFFIXES = ("ov", "iv", "in", "an")


def noun_base(key: str) -> str:
    """The place name inside a district adjective: "Dniprovskyi" and "Dnipro".

    Adjectival keys lose -sk (or the -k of -cki), nouns and adjectives alike lose a
    possessive -ov/-iv/-in/-an, so "Dnipro district", "Kyiv district", "Podil
    district" and "Kalinin Raion" meet the adjectives of their districts.
    """
    if key.endswith("sk") and len(key) > _MIN_STEM + 1:
        key = key[:-2]
    elif key.endswith("ck") and len(key) > _MIN_STEM + 1:
        key = key[:-1]
    for suffix in _NOUN_SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= _MIN_STEM:
            return key[: -len(suffix)]
    return key


_CITY_KEYS: dict[str, str] = {
    word_key(fold(name)): city for city, names in CITY_NAMES.items() for name in names
}
_OTHER_CITY_KEYS = frozenset(word_key(fold(name)) for name in OTHER_CITY_NAMES) - set(
    _CITY_KEYS
)

_UKRAINIAN_KEYS = {
    word_key(fold(ru)): word_key(fold(uk)) for ru, uk in RUSSIAN_WORDS.items()
}
_CAPITAL_KEYS = frozenset(word_key(name) for name in CAPITAL_WORDS)

_ADJECTIVE = re.compile(
    r"(?:ськ|цьк|зьк|ск|цк|sk)"
    r"(?:ий|ій|ого|ому|ім|ої|ой|ая|ом|yi|yy|y|iy|ii|i|oho|ogo|omu)$"
)


def is_adjective(word: str) -> bool:
    """Whether a folded word is a district-style adjective ("Дарницький", "Kievsky")."""
    return bool(_ADJECTIVE.search(word))


@dataclass(frozen=True, slots=True)
class Word:
    """What one folded word is: its key and the role it can play next to a name."""

    surface: str  # folded, apostrophes removed: exact spellings compare on this
    key: str
    street_type: str = ""
    district_word: bool = False
    metro_word: bool = False
    region_word: bool = False
    city: str = ""  # "kyiv", "donetsk", "other" or ""
    number: bool = False
    capital: bool = False  # "столица": Kyiv, unless the DPR's (resolve.py)
    dpr: bool = False


@lru_cache(maxsize=65536)
def word(folded: str) -> Word:
    """The Word for a folded word; cached, as texts repeat the same few thousand."""
    plain = folded.replace("'", "")
    if plain[:1].isdigit():
        digits = re.match(r"\d+", plain)
        return Word(surface=digits.group(), key=digits.group(), number=True)
    if plain.endswith("s") and folded.endswith("'s") and plain.isascii():
        plain = plain[:-1]  # English possessive: "Kyiv's"
    key = word_key(plain)
    key = _UKRAINIAN_KEYS.get(key, key)
    return Word(
        surface=plain,
        key=key,
        street_type=STREET_TYPE_WORDS.get(plain, ""),
        district_word=plain in DISTRICT_WORDS,
        metro_word=plain in METRO_WORDS,
        region_word=plain in REGION_WORDS,
        city=_CITY_KEYS.get(key) or ("other" if key in _OTHER_CITY_KEYS else ""),
        capital=key in _CAPITAL_KEYS,
        dpr=plain in DPR_WORDS,
    )


_LETTER = r"(?:[^\W\d_]|[\u0300-\u036f])"
# Words, and the punctuation names never run across ("вул. Артема, Донецьк" is
# two pieces), in one pass.
_TOKEN = re.compile(
    r"(?P<brk>[,;:()\[\]/|\n–—]|\s-\s)"
    r"|(?i:р-н[еіаоу]?|пр-т[еіау]?|б-р[еіау]?)(?![^\W\d_])"
    r"|\d+(?:-?[^\W\d_]{1,3}(?![^\W\d_]))?"
    rf"|{_LETTER}+(?:['’ʼ`´‘]{_LETTER}+)*"
)


@dataclass(slots=True)
class Token:
    start: int
    end: int
    piece: int  # index of the comma-separated piece of the text
    word: Word
    capitalised: bool


@lru_cache(maxsize=65536)
def _raw_word(raw: str) -> Word:
    return word(fold(raw))


_METRO = word("метро")


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    piece, broken = 0, False
    for match in _TOKEN.finditer(text):
        if match.lastgroup == "brk":
            broken = True
            continue
        if broken and tokens:
            piece += 1
        broken = False
        raw = match.group()
        info = _raw_word(raw)
        # "ст. м." and "ст.м.": the м after ст means metro, not "місто".
        if info.surface == "м" and tokens and tokens[-1].word.surface == "ст":
            info = _METRO
        tokens.append(Token(match.start(), match.end(), piece, info, raw[0].isupper()))
    return tokens


def name_words(name: str) -> list[Word]:
    """The words of a gazetteer name, in order, as the index stores them."""
    return [_raw_word(m.group()) for m in _TOKEN.finditer(name) if not m.lastgroup]
