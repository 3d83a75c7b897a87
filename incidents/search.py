"""Full-text search of incidents, the same on PostGIS and SpatiaLite.

A search is a list of terms (letters and digits, lower-cased: incidents.filters); an
incident matches when every term begins a word of its text. Its text is its title,
notes and location as reported, the names of its district, street and place in every
language the gazetteer has (aliases and former names too), and the titles and outlets
of its sources.

PostgreSQL: `to_tsvector('simple', text) @@ to_tsquery('simple', 'дарниц:*')`. The
'simple' configuration only lower-cases, which is right for text in three languages
where a stemmer for one would mangle the other two.

SQLite: a Python function registered on every connection splits the text into words
the same way and lower-cases them with Python's str.lower(). SQLite's own lower() and
LIKE fold ASCII only, so "дарниц" would never find "Дарницький" there.

Each term is matched against the gazetteer's and the sources' tables on their own,
once, and the incidents are then picked by id: a term "begins a word of the text"
exactly when it begins a word of one of its parts, and the small tables are scanned
once per search rather than once per incident.
"""

import re

from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.db.models.functions import Concat

from geo.models import District, Place, Street
from incidents.access import SHOWN_UP_TO
from incidents.models import Incident, Source

# A word: a run of letters and digits, as PostgreSQL's parser splits "Солом'янський"
# into "солом" and "янський" and "17-поверховий" into "17" and "поверховий".
WORD = re.compile(r"[^\W_]+")

SQLITE_FUNCTION = "incident_text_matches"


def sqlite_text_matches(text: str | None, term: str) -> bool:
    """Whether `term` begins a word of `text`."""
    if not text:
        return False
    return any(word.startswith(term) for word in WORD.findall(text.lower()))


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Connected to `connection_created` (incidents.apps)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 2, sqlite_text_matches, deterministic=True
        )


class JsonWords(Func):
    """The strings of a JSON list (aliases, former names), joined by spaces.

    SQLite's JSON text escapes non-ASCII letters (Django writes it with
    ensure_ascii), so the list is decoded rather than searched as text."""

    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="coalesce((SELECT group_concat(j.value, ' ') "
            "FROM json_each(%(expressions)s) j), '')",
            **extra,
        )

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="coalesce((SELECT string_agg(j, ' ') "
            "FROM jsonb_array_elements_text(%(expressions)s) j), '')",
            **extra,
        )


def _matches(term: str, *parts) -> Func:
    if len(parts) == 1:
        return TextMatches(F(parts[0]), term)
    text = Concat(*_spaced(parts), output_field=TextField())
    return TextMatches(text, term)


def _spaced(parts) -> list:
    joined = []
    for part in parts:
        if joined:
            joined.append(Value(" "))
        joined.append(F(part) if isinstance(part, str) else part)
    return joined


class TextMatches(Func):
    """Whether `term` begins a word of `text`. On PostgreSQL the term becomes the
    prefix query 'term:*'; it is letters and digits only, so never query syntax."""

    output_field = BooleanField()

    def __init__(self, text, term: str):
        self.term = term
        super().__init__(text, Value(term))

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        text_sql, text_params = compiler.compile(self.source_expressions[0])
        return (
            f"to_tsvector('simple', {text_sql}) @@ to_tsquery('simple', %s)",
            (*text_params, f"{self.term}:*"),
        )


def _shown_to(condition: Q, part: str) -> Q:
    return condition & Q(shown_level__lte=SHOWN_UP_TO[part])


def text_search_q(terms: tuple[str, ...]) -> Q:
    """The condition on incidents: every term begins a word of the incident's text.

    Only of the text its reader may see: the location as reported, the street and the
    place count where the publication rules show them (the shown_* aliases of
    incidents.access.incidents_visible, which every read starts from)."""
    condition = Q()
    for term in terms:
        districts = District.objects.filter(
            _matches(term, "name_uk", "name_en", "name_ru", JsonWords(F("aliases")))
        ).values("pk")
        streets = Street.objects.filter(
            _matches(
                term,
                "full_name_uk",
                "name_ru",
                "name_latin",
                JsonWords(F("former_names")),
            )
        ).values("pk")
        places = Place.objects.filter(
            _matches(term, "name_uk", "name_en", "name_ru", JsonWords(F("aliases")))
        ).values("pk")
        sources = Incident.sources.through.objects.filter(
            source__in=Source.objects.filter(_matches(term, "title", "outlet")).values(
                "pk"
            )
        ).values("incident_id")
        condition &= (
            Q(_matches(term, "title", "notes"))
            | _shown_to(Q(_matches(term, "location_text")), "location_text")
            | Q(shown_district__in=districts)
            | _shown_to(Q(street__in=streets), "street")
            | _shown_to(Q(place__in=places), "place")
            | Q(pk__in=sources)
        )
    return condition
