"""Full-text search of incidents, the same on PostGIS and SpatiaLite.

A search is a list of terms (letters and digits, lower-cased: incidents.filters); an
incident matches when every term begins a word of its text. The text is the
incident's title, notes and location as reported, the names of its district, street
and place in every language the gazetteer has (aliases and former names too), and
the titles and outlets of its sources.

PostgreSQL: `to_tsvector('simple', text) @@ to_tsquery('simple', 'дарниц:* & ...')`.
The 'simple' configuration only lower-cases, which is right for text in three
languages where a stemmer for one would mangle the other two.

SQLite: a Python function registered on every connection splits the text into words
the same way and lower-cases them with Python's str.lower(). SQLite's own lower() and
LIKE fold ASCII only, so "дарниц" would never find "Дарницький" there.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL

# A word: a run of letters and digits, as PostgreSQL's parser splits "Солом'янський"
# into "солом" and "янський" and "17-поверховий" into "17" and "поверховий".
WORD = re.compile(r"[^\W_]+")

SQLITE_FUNCTION = "incident_text_matches"


def sqlite_text_matches(text: str | None, terms: str) -> bool:
    """Whether every space-separated term begins a word of `text`."""
    if not text:
        return False
    words = set(WORD.findall(text.lower()))
    return all(
        any(word.startswith(term) for word in words) for term in terms.split(" ")
    )


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """Connected to `connection_created` (incidents.apps)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            SQLITE_FUNCTION, 2, sqlite_text_matches, deterministic=True
        )


_JSON_WORDS = {
    "sqlite": "(SELECT group_concat(j.value, ' ') FROM json_each({column}) j)",
    "postgresql": "(SELECT string_agg(j, ' ') FROM "
    "jsonb_array_elements_text({column}) j)",
}
_JOINED = {
    "sqlite": "group_concat({value}, ' ')",
    "postgresql": "string_agg({value}, ' ')",
}


def _document_sql(vendor: str) -> str:
    def words(column: str) -> str:
        return "coalesce(" + _JSON_WORDS[vendor].format(column=column) + ", '')"

    def spaced(*parts: str) -> str:
        return " || ' ' || ".join(parts)

    incident = "incidents_incident"
    district = spaced("d.name_uk", "d.name_en", "d.name_ru", words("d.aliases"))
    street = spaced(
        "s.full_name_uk", "s.name_ru", "s.name_latin", words("s.former_names")
    )
    place = spaced("p.name_uk", "p.name_ru", "p.name_en", words("p.aliases"))
    sources = _JOINED[vendor].format(value="src.title || ' ' || src.outlet")
    return spaced(
        f"{incident}.title",
        f"{incident}.notes",
        f"{incident}.location_text",
        f"coalesce((SELECT {district} FROM geo_district d "
        f"WHERE d.id = {incident}.district_id), '')",
        f"coalesce((SELECT {street} FROM geo_street s "
        f"WHERE s.id = {incident}.street_id), '')",
        f"coalesce((SELECT {place} FROM geo_place p "
        f"WHERE p.id = {incident}.place_id), '')",
        f"coalesce((SELECT {sources} FROM incidents_source src "
        "JOIN incidents_incident_sources l ON l.source_id = src.id "
        f"WHERE l.incident_id = {incident}.id), '')",
    )


def text_search_q(terms: tuple[str, ...]) -> Q:
    """The condition for a queryset of incidents: every term begins a word."""
    vendor = connection.vendor
    document = _document_sql(vendor)
    if vendor == "postgresql":
        sql = f"to_tsvector('simple', {document}) @@ to_tsquery('simple', %s)"
        param = " & ".join(f"{term}:*" for term in terms)
    else:
        sql = f"{SQLITE_FUNCTION}({document}, %s)"
        param = " ".join(terms)
    return Q(RawSQL(sql, [param], output_field=BooleanField()))
