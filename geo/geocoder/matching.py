"""Every reading of a text's words as gazetteer names, each with a score.

Contiguous runs of words (within one comma-separated piece) are looked up as word
sets, so "Миколи Закревського" finds the register's "Закревського Миколи". The
words around a run decide how much it is worth: a street type word before or after
a street name, "район"/"district" next to a district, "метро"/"station" near a
station. resolve.py then picks the best consistent reading.
"""

from dataclasses import dataclass
from itertools import islice, product

from geo.geocoder.index import GazetteerIndex, Name, Target
from geo.geocoder.keys import Token, noun_base

# What a match on the key alone is worth against one on an exact spelling: case
# endings ("Деснянському") and transliterations; one or two letters off.
KEY, FUZZY = 0.97, 0.65
# A single fuzzy word with nothing around it to vouch for it is mostly a stray word.
_BARE_FUZZY = 0.6
# A bare word, lower-case in a text that has capitals, is a common word, not a name
# ("садова ділянка" is not вулиця Садова).
_LOWER_CASE = 0.5
# A street name with no type word next to it: a single word is often something
# else (a station, a district, a common adjective); two or more rarely are.
_UNTYPED_STREET = 0.6
_UNTYPED_LONG_STREET = 0.8
# "Дарницький" without "район" may be the district or anything else Дарницький.
_DISTRICT_ADJECTIVE_ALONE = 0.9
# A station named without "метро"/"station" nearby.
_BARE_STATION = 0.6
_BARE_LONG_STATION = 0.85
_METRO_REACH = 2  # "станція метро Лісова", "Lisova metro station"
_MAX_COMBINATIONS = 8
_FUZZY_KNOWN = 6
# "avenue" written for a вулиця: people mix types up, but a type that agrees is
# better evidence than the difference between a current and a former name.
_OTHER_TYPE = 0.85

METHODS = {
    "district": "gazetteer:district",
    "street": "gazetteer:street",
    "metro_station": "gazetteer:metro",
    "neighbourhood": "gazetteer:neighbourhood",
    "landmark": "gazetteer:landmark",
}


@dataclass(slots=True)
class Candidate:
    target: Target
    score: float
    first: int  # the name's tokens: [first, last)
    last: int
    span_first: int  # with the context words that vouch for it
    span_last: int
    form: str
    # Set when the name is a city's name too ("Dnipro", "Kyiv district"): the
    # reading holds only when this city is named in the text (or, with
    # hint_will_do, given as the hint).
    needs_city: str = ""
    hint_will_do: bool = False

    @property
    def method(self) -> str:
        return METHODS[self.target.place_kind or self.target.kind]


def _neighbour(tokens: list[Token], i: int, j: int, test) -> int | None:
    """Index of the word right after or right before tokens[i:j] that passes test."""
    piece = tokens[i].piece
    if j < len(tokens) and tokens[j].piece == piece and test(tokens[j]):
        return j
    if i > 0 and tokens[i - 1].piece == piece and test(tokens[i - 1]):
        return i - 1
    return None


def _street_type(token: Token) -> bool:
    return bool(token.word.street_type)


def _district_word(token: Token) -> bool:
    return token.word.district_word


def _metro_word(token: Token) -> bool:
    return token.word.metro_word


def _nearby(tokens: list[Token], i: int, j: int, test, reach: int) -> list[int]:
    piece = tokens[i].piece
    around = [*range(max(0, i - reach), i), *range(j, min(len(tokens), j + reach))]
    return [k for k in around if tokens[k].piece == piece and test(tokens[k])]


def _alternatives(
    tokens: list[Token], i: int, index: GazetteerIndex
) -> tuple[tuple[str, bool], ...]:
    """The keys a word may stand for, each marked whether it is a fuzzy guess."""
    word = tokens[i].word
    if word.number:
        return ((word.key, False),)
    if word.key not in index.vocabulary:
        return tuple((key, True) for key in index.fuzzy(word.key))
    # A known word next to a street type may still be a misspelt street
    # ("улица Крещатик" is the metro station's Russian name, and the street's).
    if len(word.key) >= _FUZZY_KNOWN:
        typed = _neighbour(tokens, i, i + 1, _street_type)
        if typed is not None:
            fuzzy = tuple((key, True) for key in index.fuzzy(word.key))
            return ((word.key, False), *fuzzy)
    return ((word.key, False),)


class _Scorer:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.has_capitals = any(t.capitalised for t in tokens)

    def candidate(
        self, name: Name, i: int, j: int, quality: float, fuzzy: bool
    ) -> Candidate:
        """A reading of tokens[i:j] as name, worth quality before its context."""
        tokens, target = self.tokens, name.target
        score = quality
        first, last = i, j
        context = False
        if target.kind == "street":
            k = _neighbour(tokens, i, j, _street_type)
            if k is not None:
                context = True
                same = tokens[k].word.street_type == name.street_type
                score *= 1.0 if same else _OTHER_TYPE
                first, last = min(first, k), max(last, k + 1)
            else:
                score *= _UNTYPED_LONG_STREET if j - i >= 2 else _UNTYPED_STREET
        elif target.kind == "district":
            k = _neighbour(tokens, i, j, _district_word)
            if k is not None:
                context = True
                first, last = min(first, k), max(last, k + 1)
            elif name.form in ("name", "alias"):
                score *= _DISTRICT_ADJECTIVE_ALONE
        elif target.place_kind == "metro_station":
            near = _nearby(tokens, i, j, _metro_word, _METRO_REACH)
            if near:
                context = True
                first, last = min(first, *near), max(last, max(near) + 1)
            else:
                score *= _BARE_LONG_STATION if j - i >= 2 else _BARE_STATION
        if j - i == 1 and not context:
            if fuzzy:
                score *= _BARE_FUZZY
            if self.has_capitals and not tokens[i].capitalised:
                score *= _LOWER_CASE
        needs_city = ""
        if j - i == 1 and not context and tokens[i].word.city:
            needs_city = target.city.slug
        return Candidate(target, score, i, j, first, last, name.form, needs_city)

    def partial(self, name: Name, i: int, k: int) -> Candidate:
        """A street named by one word of a longer name, next to a type word."""
        same = self.tokens[k].word.street_type == name.street_type
        score = name.quality * (1.0 if same else _OTHER_TYPE)
        return Candidate(
            name.target, score, i, i + 1, min(i, k), max(i, k) + 1, "partial"
        )

    def noun(self, name: Name, i: int) -> Candidate:
        """A district by the place inside its adjective: "Dnipro district"."""
        token = self.tokens[i]
        exact = name.exact_quality(frozenset((token.word.surface,)))
        needs_city = name.target.city.slug if token.word.city else ""
        return Candidate(
            name.target,
            name.quality * KEY if exact is None else exact,
            i,
            i + 1,
            i,
            i + 2,
            "noun",
            needs_city,
            hint_will_do=True,
        )


def find_candidates(tokens: list[Token], index: GazetteerIndex) -> list[Candidate]:
    scorer = _Scorer(tokens)
    alternatives = [_alternatives(tokens, i, index) for i in range(len(tokens))]
    found: list[Candidate] = []
    count = len(tokens)
    for i in range(count):
        for j in range(i + 1, min(count, i + index.longest_name) + 1):
            if not alternatives[j - 1] or tokens[j - 1].piece != tokens[i].piece:
                break
            found.extend(_runs(scorer, index, tokens, alternatives, i, j))
        word = tokens[i].word
        if word.number:
            continue
        k = _neighbour(tokens, i, i + 1, _street_type)
        if k is not None:
            for name in index.partial.get(word.key, ()):
                found.append(scorer.partial(name, i, k))
        if (
            i + 1 < count
            and tokens[i + 1].word.district_word
            and tokens[i + 1].piece == tokens[i].piece
        ):
            for name in index.district_nouns.get(noun_base(word.key), ()):
                found.append(scorer.noun(name, i))
    return found


def _runs(
    scorer: _Scorer,
    index: GazetteerIndex,
    tokens: list[Token],
    alternatives: list[tuple[tuple[str, bool], ...]],
    i: int,
    j: int,
) -> list[Candidate]:
    """Readings of tokens[i:j] as one whole name."""
    run = alternatives[i:j]
    if all(len(a) == 1 for a in run):
        combinations = [tuple(a[0] for a in run)]
    else:
        combinations = list(islice(product(*run), _MAX_COMBINATIONS))
    found = []
    for combination in combinations:
        names = index.names.get(frozenset(key for key, _ in combination))
        if not names:
            continue
        if any(fuzzy for _, fuzzy in combination):
            spelling = None
        else:
            spelling = frozenset(t.word.surface for t in tokens[i:j])
        for name in names:
            exact = name.exact_quality(spelling) if spelling else None
            if exact is not None:
                quality = exact
            else:
                quality = name.quality * (FUZZY if spelling is None else KEY)
            found.append(scorer.candidate(name, i, j, quality, spelling is None))
    return found
