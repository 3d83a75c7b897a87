"""From scored readings to one answer: the city first, then the best consistent pair
of a precise thing (street, place) and a district.
"""

from dataclasses import dataclass

from geo.cities import CITY_SLUGS
from geo.geocoder.index import DistrictRef, GazetteerIndex, Target
from geo.geocoder.keys import Token
from geo.geocoder.matching import Candidate
from geo.geocoder.result import GeocodeResult
from geo.geocoder.vocabulary import DPR_REACH

# Readings scoring below this are alternatives at most, never the answer.
MIN_SCORE = 0.5
# A name in the other city than the one the text names is nearly always wrong;
# against the caller's hint it is merely doubtful.
_OTHER_CITY_THAN_TEXT = 0.4
_OTHER_CITY_THAN_HINT = 0.7
# District and street names repeat across Ukraine's cities; with no city named,
# even a perfect match may be somewhere else.
_NO_CITY_NAMED = 0.9
# "Київ" alone: sure of the city, which is all it says.
_CITY_ONLY = 0.9
# A street or place and a district that agree confirm each other; if they
# contradict each other, one of them is wrong.
_AGREEING_DISTRICT = 0.05
_DISAGREEING_DISTRICT = 0.8
# Readings of the same words this close in score are equally likely ("вулиця
# Садова": seven streets); picking one is a guess.
_TIE = 0.02
_AMBIGUOUS = 0.8
_MAX_ALTERNATIVES = 5
# Longer readings explain more of the text: "Дарницький ринок" (a landmark) over
# "Дарницький" (a district) inside it.
_LENGTH_WEIGHT = 0.2


@dataclass(slots=True)
class _Mention:
    token: int
    city: str  # "kyiv", "donetsk", or "other" (another city, or a region)


def _mentions(tokens: list[Token], regions: set[int]) -> list[_Mention]:
    mentions = []
    for i, token in enumerate(tokens):
        if i + 1 in regions:
            # "Kyiv region", "Київська область": the land around a city, not it.
            mentions.append(_Mention(i, "other"))
        elif token.word.capital and _dpr_follows(tokens, i):
            mentions.append(_Mention(i, "donetsk"))
        elif token.word.city:
            mentions.append(_Mention(i, token.word.city))
    return mentions


def _dpr_follows(tokens: list[Token], i: int) -> bool:
    """ "Столица ДНР", "capital of the DPR": the capital named is Donetsk."""
    after = tokens[i + 1 : i + 1 + DPR_REACH]
    return any(t.word.dpr and t.piece == tokens[i].piece for t in after)


def _region_words(tokens: list[Token]) -> set[int]:
    """Positions of region words that follow another word of the same piece."""
    return {
        i
        for i in range(1, len(tokens))
        if tokens[i].word.region_word and tokens[i].piece == tokens[i - 1].piece
    }


def _span(text: str, tokens: list[Token], first: int, last: int) -> str:
    return text[tokens[first].start : tokens[last - 1].end]


def resolve(
    text: str,
    tokens: list[Token],
    candidates: list[Candidate],
    hint: str | None,
    index: GazetteerIndex,
) -> GeocodeResult:
    regions = _region_words(tokens)
    mentions = _mentions(tokens, regions)
    # Readings of a city's name as something else hold only when the text names
    # the city they need: first "Kyiv district" (Donetsk's, with a district word,
    # where the hint will also do), then bare words ("Дніпро" the station, given
    # "Київ" elsewhere), which never consume the city that decides them.
    if regions:
        candidates = [c for c in candidates if c.last not in regions]
    kept = [c for c in candidates if not c.needs_city]
    named = _named_cities(mentions, kept)
    kept += [
        c
        for c in candidates
        if c.needs_city and c.hint_will_do and c.needs_city in {*named, hint}
    ]
    named = _named_cities(mentions, kept)
    kept += [
        c
        for c in candidates
        if c.needs_city and not c.hint_will_do and c.needs_city in named
    ]
    named = _named_cities(mentions, kept)
    ours = named & set(CITY_SLUGS)
    if "other" in named and not ours:
        return GeocodeResult(method="gazetteer")
    if hint:
        # The caller knows the city: an answer elsewhere is a wrong answer, and
        # a text that names only our other city says nothing we may use.
        if ours and hint not in ours:
            return GeocodeResult(method="gazetteer")
        kept = [c for c in kept if c.target.city.slug == hint]
        ours = ours & {hint}
    for candidate in kept:
        city = candidate.target.city.slug
        if ours:
            candidate.score *= 1.0 if city in ours else _OTHER_CITY_THAN_TEXT
        elif hint:
            candidate.score *= 1.0 if city == hint else _OTHER_CITY_THAN_HINT
        else:
            candidate.score *= _NO_CITY_NAMED
    ranked = sorted(kept, key=_weight, reverse=True)
    chosen = _non_overlapping([c for c in ranked if c.score >= MIN_SCORE])
    result = _combine(text, tokens, chosen, ranked, ours, mentions, index)
    result.candidates = _alternatives(text, tokens, ranked, result)
    return result


def _named_cities(mentions: list[_Mention], readings: list[Candidate]) -> set[str]:
    """Cities named in the text outside the names that contain a city's name
    ("вулиця Донецька" in Kyiv, "Kiev district" of Donetsk, "Старий Київ")."""
    if not mentions:
        return set()
    inside = {
        i for c in readings if c.score >= MIN_SCORE for i in range(c.first, c.last)
    }
    return {m.city for m in mentions if m.token not in inside}


def _weight(candidate: Candidate) -> tuple[float, bool]:
    length = candidate.span_last - candidate.span_first
    return (
        candidate.score * (1 + _LENGTH_WEIGHT * (length - 1)),
        candidate.target.lon is not None,
    )


def _non_overlapping(ranked: list[Candidate]) -> list[Candidate]:
    taken: set[int] = set()
    chosen = []
    for candidate in ranked:
        span = set(range(candidate.span_first, candidate.span_last))
        if span & taken:
            continue
        taken |= span
        chosen.append(candidate)
    return chosen


def _combine(
    text: str,
    tokens: list[Token],
    chosen: list[Candidate],
    ranked: list[Candidate],
    ours: set[str],
    mentions: list[_Mention],
    index: GazetteerIndex,
) -> GeocodeResult:
    precise = next((c for c in chosen if c.target.kind != "district"), None)
    district = next((c for c in chosen if c.target.kind == "district"), None)
    if precise is None and district is None:
        return _city_only(text, tokens, ours, mentions, index)
    rivals: list[Candidate] = []
    if precise is not None:
        precise, rivals = _among_equals(precise, district, ranked)
    if precise is not None and district is not None:
        agrees = _agrees(precise.target, district.target)
        if agrees is not None:
            confidence = precise.score + _AGREEING_DISTRICT
            result = _result(text, tokens, precise, confidence, agrees)
        elif precise.score >= district.score:
            confidence = precise.score * _DISAGREEING_DISTRICT
            result = _result(text, tokens, precise, confidence)
        else:
            confidence = district.score * _DISAGREEING_DISTRICT
            result = _result(text, tokens, district, confidence)
    else:
        best = precise or district
        result = _result(text, tokens, best, best.score)
    if rivals and result.precision != "district":
        result.confidence = round(result.confidence * _AMBIGUOUS, 3)
    return result


def _among_equals(
    precise: Candidate, district: Candidate | None, ranked: list[Candidate]
) -> tuple[Candidate, list[Candidate]]:
    """The best of equally good readings of the same words (seven streets called
    Садова), preferring those in the district the text names; and its rivals."""
    equals = [
        c
        for c in ranked
        if (c.span_first, c.span_last) == (precise.span_first, precise.span_last)
        and c.target.kind == precise.target.kind
        and precise.score - c.score <= _TIE
    ]
    if district is not None:
        agreeing = [c for c in equals if _agrees(c.target, district.target)]
        equals = agreeing or equals
    best = max(equals, key=_weight)
    return best, [c for c in equals if c.target is not best.target]


def _agrees(precise: Target, district: Target) -> DistrictRef | None:
    """The district of a reading that agrees with the district named, or None."""
    named = district.district
    if precise.city is not district.city:
        return None
    if precise.lon is not None and precise.district is not None:
        # The point decides, so the result's district and point agree; a street
        # that also runs through the district named agrees all the same.
        if precise.district.pk == named.pk or named.pk in precise.districts:
            return precise.district
        return None
    if named.pk in precise.districts:
        return named
    if precise.district is None and not precise.districts:
        return named  # nothing known against it (Donetsk's streets)
    return None


def _city_only(
    text: str,
    tokens: list[Token],
    ours: set[str],
    mentions: list[_Mention],
    index: GazetteerIndex,
) -> GeocodeResult:
    if len(ours) != 1:
        return GeocodeResult(method="gazetteer")
    city = index.cities.get(next(iter(ours)))
    if city is None:
        return GeocodeResult(method="gazetteer")
    mention = next(m for m in mentions if m.city == city.slug)
    return GeocodeResult(
        city=city.slug,
        city_id=city.pk,
        precision="city",
        confidence=_CITY_ONLY,
        matched=_span(text, tokens, mention.token, mention.token + 1),
        method="gazetteer:city",
    )


def _result(
    text: str,
    tokens: list[Token],
    candidate: Candidate,
    confidence: float,
    district: DistrictRef | None = None,
) -> GeocodeResult:
    target = candidate.target
    district = district or target.district
    result = GeocodeResult(
        city=target.city.slug,
        city_id=target.city.pk,
        district=district.slug if district else None,
        district_id=district.pk if district else None,
        confidence=round(min(1.0, max(0.0, confidence)), 3),
        matched=_span(text, tokens, candidate.span_first, candidate.span_last),
        method=candidate.method,
    )
    if target.kind == "district":
        result.precision = "district"
    elif target.kind == "street":
        result.precision = "street"
        result.street, result.street_id = target.name, target.pk
        result.lon, result.lat = target.lon, target.lat
    else:
        result.precision = "place"
        result.place, result.place_id = target.name, target.pk
        result.lon, result.lat = target.lon, target.lat
    return result


def _alternatives(
    text: str, tokens: list[Token], ranked: list[Candidate], result: GeocodeResult
) -> list[dict]:
    """Other readings an analyst may prefer, in rank order, one per target."""
    chosen = {result.street_id, result.place_id} - {None}
    if result.precision == "district":
        chosen.add(result.district_id)
    seen: set[int] = set()
    alternatives = []
    for candidate in ranked:
        target = candidate.target
        if id(target) in seen or (
            target.pk in chosen and target.kind == result.precision
        ):
            continue
        seen.add(id(target))
        district = target.district
        alternatives.append(
            {
                "city": target.city.slug,
                "district": district.slug if district else None,
                "street": target.name if target.kind == "street" else None,
                "place": target.name if target.kind == "place" else None,
                "precision": target.kind,
                "lon": target.lon,
                "lat": target.lat,
                "confidence": round(min(1.0, candidate.score), 3),
                "matched": _span(
                    text, tokens, candidate.span_first, candidate.span_last
                ),
                "method": candidate.method,
            }
        )
        if len(alternatives) == _MAX_ALTERNATIVES:
            break
    return alternatives
