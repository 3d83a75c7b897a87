"""Sentences of a report, with their offsets in it, grouped into paragraphs.

Offsets always index the text as given, so a page can highlight the evidence.
"""

import re
from dataclasses import dataclass

# Every apostrophe people type folds to one; each replacement keeps the length,
# so offsets found in the normalised text hold in the original.
_SAME_LENGTH = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "´": "'", "‘": "'"})

_LINE = re.compile(r"[^\n]+")
# A full stop (or ! ? …), closing quotes or brackets, space, then what can open
# a sentence: a capital, a digit, an opening quote or bracket.
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"”»’)\]]*\s+(?=[\"“«‘(\[]?[A-ZА-ЯЁІЇЄҐ0-9])")
_LAST_WORD = re.compile(r"([^\W\d_][\w.-]*)\.$")
# Words written with a full stop that does not end a sentence: street types,
# titles, "м." (місто) and initials.
_ABBREVIATIONS = frozenset(
    "st ave blvd vul str ul mr mrs ms dr gen lt col sgt prof no vs a.m p.m u.s "
    "вул ул просп пр пл бул бульв пров пер наб ст м обл р-н буд д кв ім им т.д "
    "тис млн млрд грн руб тыс".split()
)
_HEADLINE_MAX_WORDS = 30
# A paragraph of fewer words is a heading or page furniture, not prose.
_PROSE_MIN_WORDS = 8
_ONE_SENTENCE_LAYOUT = 0.75


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    headline: bool = False

    @property
    def normalised(self) -> str:
        return normalise(self.text)


def normalise(text: str) -> str:
    """One apostrophe and ё as е; the same length as text, so offsets carry over."""
    return text.translate(_SAME_LENGTH).replace("ё", "е").replace("Ё", "Е")


def _is_abbreviation(piece: str) -> bool:
    match = _LAST_WORD.search(piece)
    if match is None:
        return False
    word = match.group(1).lower()
    # A single capital before the stop is an initial ("V. Klitschko").
    return word in _ABBREVIATIONS or (len(word) == 1 and match.group(1).isupper())


def _ends_like_prose(text: str) -> bool:
    return text.rstrip('"”»’)] ').endswith((".", "!", "?", "…"))


def split_sentences(text: str) -> list[Sentence]:
    """Every sentence of text, a headline marked, repeated lines left out.

    Each line is a paragraph: reports arrive with single newlines as often as with
    blank lines between paragraphs.
    """
    sentences: list[Sentence] = []
    seen_lines: set[str] = set()
    paragraph = 0
    for line in _LINE.finditer(text):
        content = line.group()
        if not content.strip():
            continue
        # Aggregators repeat the headline; a second copy is not more evidence.
        key = " ".join(normalise(content).split()).lower()
        if key in seen_lines:
            continue
        seen_lines.add(key)
        start = line.start()
        cuts = [0]
        for boundary in _BOUNDARY.finditer(content):
            if not _is_abbreviation(content[cuts[-1] : boundary.start()]):
                cuts.append(boundary.end())
        cuts.append(len(content))
        for begin, finish in zip(cuts, cuts[1:], strict=False):
            piece = content[begin:finish]
            stripped = piece.strip()
            if not stripped:
                continue
            offset = start + begin + (len(piece) - len(piece.lstrip()))
            sentences.append(
                Sentence(
                    index=len(sentences),
                    start=offset,
                    end=offset + len(stripped),
                    text=stripped,
                    paragraph=paragraph,
                )
            )
        paragraph += 1
    if len(sentences) > 1 and sentences[0].paragraph != sentences[1].paragraph:
        first = sentences[0]
        if (
            not _ends_like_prose(first.text)
            and len(first.text.split()) <= _HEADLINE_MAX_WORDS
        ):
            sentences[0] = Sentence(
                index=0,
                start=first.start,
                end=first.end,
                text=first.text,
                paragraph=first.paragraph,
                headline=True,
            )
    return sentences


def one_sentence_paragraphs(sentences: list[Sentence]) -> bool:
    """Whether the text puts (nearly) every sentence in its own paragraph.

    Web copy often does; there a paragraph break says nothing about a change of
    subject, and a sentence keeps talking about the place named before it.
    """
    sizes: dict[int, list[Sentence]] = {}
    for sentence in sentences:
        if not sentence.headline:
            sizes.setdefault(sentence.paragraph, []).append(sentence)
    prose = [
        members
        for members in sizes.values()
        if sum(len(s.text.split()) for s in members) >= _PROSE_MIN_WORDS
    ]
    if not prose:
        return True
    single = sum(1 for members in prose if len(members) == 1)
    return single / len(prose) >= _ONE_SENTENCE_LAYOUT
