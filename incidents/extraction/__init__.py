"""Rule-based extraction of incidents from a news report.

    from incidents.extraction import extract
    extract(text, published=dt.date(2025, 8, 28))  # Extraction(incidents, city_totals)

English, Ukrainian and Russian. Proposals are for an analyst to review: each
carries the sentences it rests on (evidence, evidence_spans).
"""

import datetime as dt
from dataclasses import dataclass, field

from incidents.extraction.cities import decide_report_cities
from incidents.extraction.facts import SentenceFacts, read_sentence
from incidents.extraction.places import PlaceFinder, report_language
from incidents.extraction.proposals import CityTotal, ProposedIncident, assemble
from incidents.extraction.sentences import (
    Sentence,
    one_sentence_paragraphs,
    split_sentences,
)
from incidents.extraction.times import first_of, publication_date

__all__ = ["CityTotal", "Extraction", "ProposedIncident", "extract", "extract_report"]


@dataclass
class Extraction:
    incidents: list[ProposedIncident] = field(default_factory=list)
    # Victims a report counts for a whole city beyond what its places account
    # for: recorded once, never as an incident.
    city_totals: list[CityTotal] = field(default_factory=list)


def extract(text: str, *, published: dt.date | dt.datetime) -> Extraction:
    """The incidents a report describes in Kyiv or Donetsk, one per place and time,
    and the city-wide totals it gives.

    published anchors "last night", "on Thursday" and the like; a datetime is
    read in Kyiv time. A report about another city or a region yields nothing; one
    about both Kyiv and Donetsk yields the incidents of each.
    """
    day = publication_date(published)
    sentences = split_sentences(text)
    cities, names_a_city = decide_report_cities(sentences)
    if not cities and names_a_city:
        return Extraction()  # about somewhere else: Dnipro, the Kyiv region...
    language = report_language(text)
    extraction = Extraction()
    for city in cities or [None]:
        facts = _facts(sentences, city=city, language=language, published=day)
        if city is None:
            # No city named at all: the places decide, if they agree on one.
            named = {place.city for f in facts for place in f.places}
            if len(named) != 1:
                return Extraction()
            city = named.pop()
        incidents, total = assemble(
            facts,
            city=city,
            language=language,
            published=day,
            frame=first_of([f.time for f in facts]),
            one_sentence_paragraphs=one_sentence_paragraphs(sentences),
        )
        extraction.incidents += incidents
        if total is not None:
            extraction.city_totals.append(total)
    return extraction


def _facts(
    sentences: list[Sentence], *, city: str | None, language: str, published: dt.date
) -> list[SentenceFacts]:
    finder = PlaceFinder(city=city, language=language)
    return [
        read_sentence(sentence, published=published, city=city, places=finder)
        for sentence in sentences
    ]


def extract_report(
    text: str, *, published: dt.date | dt.datetime
) -> list[ProposedIncident]:
    """The incidents of `extract`, without the city-wide totals."""
    return extract(text, published=published).incidents
