"""Name normalisation shared by the loader, the boundary import and the geocoder."""

import re
import unicodedata

from translitua import RussianInternationalPassport, UkrainianKMU, translit

# Every apostrophe people type in Ukrainian names folds to one.
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'"})
_SPACES = re.compile(r"\s+")

# Street-type words as they appear in the register and in the wild, folded to the
# register's Ukrainian word. Abbreviations carry their dot in the source text.
STREET_TYPES = {
    "вулиця": "вулиця",
    "вул.": "вулиця",
    "вул": "вулиця",
    "улица": "вулиця",
    "ул.": "вулиця",
    "ул": "вулиця",
    "провулок": "провулок",
    "пров.": "провулок",
    "переулок": "провулок",
    "пер.": "провулок",
    "проспект": "проспект",
    "просп.": "проспект",
    "пр-т": "проспект",
    "пр.": "проспект",
    "площа": "площа",
    "пл.": "площа",
    "площадь": "площа",
    "бульвар": "бульвар",
    "бул.": "бульвар",
    "бульв.": "бульвар",
    "б-р": "бульвар",
    "узвіз": "узвіз",
    "спуск": "узвіз",
    "шосе": "шосе",
    "шоссе": "шосе",
    "набережна": "набережна",
    "набережная": "набережна",
    "наб.": "набережна",
    "проїзд": "проїзд",
    "проезд": "проїзд",
    "лінія": "лінія",
    "линия": "лінія",
    "дорога": "дорога",
    "алея": "алея",
    "аллея": "алея",
    "тупик": "тупик",
    "майдан": "майдан",
}


def fold(text: str) -> str:
    """Lower-case, one apostrophe, one space, no accents: the form names compare in."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    # Combining acute accents (stress marks) only; Й and Ї must survive.
    text = "".join(ch for ch in unicodedata.normalize("NFD", text) if ch != "\u0301")
    text = unicodedata.normalize("NFC", text)
    return _SPACES.sub(" ", text).strip().lower().replace("ё", "е")


def split_street(name: str) -> tuple[str, str]:
    """Split "вул. Артема" or "Берестейський проспект" into (type, name).

    The type comes back as the register's Ukrainian word; the name keeps its case.
    """
    words = _SPACES.sub(" ", name).strip().split(" ")
    if len(words) > 1 and fold(words[0]) in STREET_TYPES:
        return STREET_TYPES[fold(words[0])], " ".join(words[1:])
    if len(words) > 1 and fold(words[-1]) in STREET_TYPES:
        return STREET_TYPES[fold(words[-1])], " ".join(words[:-1])
    return "", " ".join(words)


def name_tokens(name: str) -> frozenset[str]:
    """Words of a name in any order: the register writes surname first, people don't."""
    return frozenset(fold(name).replace(",", " ").split())


def transliterate_uk(text: str) -> str:
    """Official Ukrainian Latin transliteration (KMU 2010 resolution No. 55)."""
    return translit(text, UkrainianKMU) if text else ""


_RUSSIAN_ONLY = re.compile(r"[ыэъё]", re.IGNORECASE)


def transliterate(text: str) -> str:
    """Latin letters for a name in Ukrainian or Russian: Russian's passport
    transliteration where the name has letters only Russian writes (ы, э, ъ, ё),
    Ukrainian's official one otherwise."""
    if text and _RUSSIAN_ONLY.search(text):
        return translit(text, RussianInternationalPassport)
    return transliterate_uk(text)
