"""Rule-based extraction of incidents from a news report.

    from incidents.extraction import extract_report
    extract_report(text, published=dt.date(2025, 8, 28))  # [ProposedIncident, ...]

English, Ukrainian and Russian. Proposals are for an analyst to review: each
carries the sentences it rests on (evidence, evidence_spans).
"""

import datetime as dt

from incidents.extraction.cities import decide_report_city
from incidents.extraction.facts import read_sentence
from incidents.extraction.places import PlaceFinder, report_language
from incidents.extraction.proposals import ProposedIncident, assemble
from incidents.extraction.sentences import one_sentence_paragraphs, split_sentences
from incidents.extraction.times import first_of, publication_date

__all__ = ["ProposedIncident", "extract_report"]


def extract_report(
    text: str, *, published: dt.date | dt.datetime
) -> list[ProposedIncident]:
    """The incidents a report describes in Kyiv or Donetsk, one per place and time.

    published anchors "last night", "on Thursday" and the like; a datetime is
    read in Kyiv time. A report about another city or a region yields nothing.
    """
    day = publication_date(published)
    sentences = split_sentences(text)
    city, names_a_city = decide_report_city(sentences)
    if city is None and names_a_city:
        return []  # about somewhere else: Dnipro, the Kyiv region...
    language = report_language(text)
    finder = PlaceFinder(city=city, language=language)
    facts = [
        read_sentence(sentence, published=day, city=city, places=finder)
        for sentence in sentences
    ]
    if city is None:
        # No city named at all: the places decide, if they agree on one.
        cities = {place.city for f in facts for place in f.places}
        if len(cities) != 1:
            return []
        city = cities.pop()
    return assemble(
        facts,
        city=city,
        language=language,
        published=day,
        frame=first_of([f.time for f in facts]),
        one_sentence_paragraphs=one_sentence_paragraphs(sentences),
    )
