"""The OGC API – Features documents (landing page, conformance, collections, the
OpenAPI definition) as plain dicts, each with its links absolute: clients such as
GDAL follow them as given."""

import datetime as dt

from django.urls import reverse

from incidents.api.ogc_params import CRS84, DEFAULT_LIMIT, MAX_LIMIT

JSON = "application/json"
GEOJSON = "application/geo+json"
HTML = "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"

CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
]

# The collections, in the order listed. Their items are the export's rows
# (ACLED's codebook names first) and the districts with their counts.
COLLECTIONS = {
    "incidents": {
        "title": "Incidents",
        "description": (
            "Strikes, shelling and their damage in Kyiv and Donetsk, located as "
            "precisely as the reports allow and as your role may see them; an "
            "incident located to a district or a city only has no geometry. "
            "Properties use ACLED's codebook names where they share a meaning."
        ),
    },
    "districts": {
        "title": "Districts",
        "description": (
            "The cities' districts with `count`, the incidents that match the same "
            "filters (datetime, event_type, tag, status...) in each. Donetsk's "
            "districts have no geometry until their outlines are imported."
        ),
    },
}

# The app's own filters, beside bbox, datetime and limit (incidents.filters).
APP_FILTERS = {
    "city": "a city's slug: kyiv or donetsk",
    "district": "a district's slug; repeat for any of several",
    "event_type": "an event type (ACLED's, as a slug); repeat for any of several",
    "tag": "an infrastructure tag's slug; repeat for any of several",
    "precision": "exact, street, place, district or city; repeat for several",
    "status": "draft, review, published or archived (default: all but archived)",
    "q": "words each incident's text must contain (prefixes of its words)",
}


REPEATABLE = {"district", "event_type", "tag", "precision"}


# JSON Schema of each collection's features: clients type the fields from it rather
# than guess from a first page whose figures may all be unknown (null).
_TEXT = {"type": "string"}
_INTEGER = {"type": "integer"}
_NUMBER = {"type": "number"}
_TEXTS = {"type": "array", "items": _TEXT}
PROPERTY_TYPES = {
    "incidents": {
        "event_id": _INTEGER,
        "event_date": {"type": "string", "format": "date"},
        "occurred_from": {"type": "string", "format": "date-time"},
        "occurred_to": {"type": "string", "format": "date-time"},
        "latitude": _NUMBER,
        "longitude": _NUMBER,
        "fatalities": _INTEGER,
        "injured": _INTEGER,
        "geocode_confidence": _NUMBER,
        "weapons": _TEXTS,
        "tags": _TEXTS,
        "source_urls": _TEXTS,
    },
    "districts": {"count": _INTEGER},
}
SCHEMA = "application/schema+json"


def feature_schema(collection_id: str, columns: list[str]) -> dict:
    """A Feature whose properties are `columns`, typed (text where not listed)."""
    types = PROPERTY_TYPES[collection_id]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": COLLECTIONS[collection_id]["title"],
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": _INTEGER if collection_id == "incidents" else _TEXT,
            "geometry": {"type": ["object", "null"]},
            "properties": {
                "type": "object",
                "properties": {name: types.get(name, _TEXT) for name in columns},
            },
        },
    }


def _link(href: str, rel: str, type_: str, title: str = "") -> dict:
    link = {"href": href, "rel": rel, "type": type_}
    if title:
        link["title"] = title
    return link


def _url(request, name: str, *args, **query) -> str:
    url = request.build_absolute_uri(reverse(name, args=args))
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    return url


def self_links(request, name: str, *args, json_type: str = JSON) -> list[dict]:
    """self (in the representation asked for) and its alternate."""
    as_json = _link(_url(request, name, *args, f="json"), "self", json_type)
    as_html = _link(_url(request, name, *args, f="html"), "self", HTML)
    if getattr(request, "representation", "json") == "html":
        as_json["rel"], as_json["title"] = "alternate", "this document as JSON"
        as_html["title"] = "this document"
        return [as_html, as_json]
    as_json["title"] = "this document"
    as_html["rel"], as_html["title"] = "alternate", "this document as HTML"
    return [as_json, as_html]


def landing_page(request) -> dict:
    return {
        "title": "Incident map",
        "description": (
            "Incidents in Kyiv and Donetsk from news reports, geocoded to districts "
            "and streets, as OGC API – Features collections."
        ),
        "links": [
            *self_links(request, "ogc-landing"),
            _link(_url(request, "ogc-openapi"), "service-desc", OPENAPI, "the API"),
            _link(
                _url(request, "ogc-conformance"),
                "conformance",
                JSON,
                "the conformance classes",
            ),
            _link(_url(request, "ogc-collections"), "data", JSON, "the collections"),
        ],
    }


def conformance() -> dict:
    return {"conformsTo": CONFORMANCE}


def collection(
    request,
    collection_id: str,
    *,
    bbox: tuple[float, float, float, float] | None,
    first: dt.datetime | None,
    last: dt.datetime | None,
) -> dict:
    meta = COLLECTIONS[collection_id]
    items = _url(request, "ogc-items", collection_id)
    schema = _url(request, "ogc-schema", collection_id)
    extent: dict = {}
    if bbox:
        extent["spatial"] = {"bbox": [list(bbox)], "crs": CRS84}
    if collection_id == "incidents":
        extent["temporal"] = {
            "interval": [[_rfc3339(first), _rfc3339(last)]],
            "trs": "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian",
        }
    return {
        "id": collection_id,
        "title": meta["title"],
        "description": meta["description"],
        "itemType": "feature",
        "crs": [CRS84],
        "storageCrs": CRS84,
        "extent": extent,
        "links": [
            *self_links(request, "ogc-collection", collection_id),
            # GDAL looks for "describedBy"; the standard writes "describedby".
            *(
                _link(schema, rel, SCHEMA, "the features' schema")
                for rel in ("describedby", "describedBy")
            ),
            _link(items, "items", GEOJSON, f"{meta['title']} as GeoJSON"),
            _link(items + "?f=html", "items", HTML, f"{meta['title']} as HTML"),
        ],
    }


def _rfc3339(moment: dt.datetime | None) -> str | None:
    return (
        moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z") if moment else None
    )


def _parameter(name: str, description: str, schema: dict, **extra) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
        **extra,
    }


def _items_parameters() -> list[dict]:
    many = {"type": "array", "items": {"type": "string"}}
    return [
        _parameter(
            "bbox",
            "west,south,east,north in CRS84 (six numbers: heights are ignored)",
            {
                "type": "array",
                "minItems": 4,
                "maxItems": 6,
                "items": {"type": "number"},
            },
            style="form",
            explode=False,
        ),
        _parameter(
            "datetime",
            "an RFC 3339 instant or interval (start/end, '..' for an open end): "
            "incidents whose span overlaps it",
            {"type": "string"},
        ),
        _parameter(
            "limit",
            f"features per page (at most {MAX_LIMIT})",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_LIMIT,
                "default": DEFAULT_LIMIT,
            },
        ),
        *(
            _parameter(name, text, many if name in REPEATABLE else {"type": "string"})
            for name, text in APP_FILTERS.items()
        ),
    ]


def openapi(request) -> dict:
    """The API definition (OpenAPI 3.0), the oas30 conformance class: what each
    path answers and which parameters its items take."""
    base = reverse("ogc-landing").rstrip("/")
    ok = {"200": {"description": "OK"}}
    paths = {
        "/": {"get": {"summary": "Landing page", "responses": ok}},
        "/conformance": {"get": {"summary": "Conformance classes", "responses": ok}},
        "/collections": {"get": {"summary": "The collections", "responses": ok}},
    }
    for collection_id, meta in COLLECTIONS.items():
        paths[f"/collections/{collection_id}"] = {
            "get": {"summary": meta["title"], "responses": ok}
        }
        paths[f"/collections/{collection_id}/items"] = {
            "get": {
                "summary": f"{meta['title']}: features",
                "parameters": _items_parameters(),
                "responses": {
                    "200": {
                        "description": "A page of features; `next` links page on",
                        "content": {GEOJSON: {}},
                    },
                    "400": {"description": "A parameter is not valid"},
                },
            }
        }
        paths[f"/collections/{collection_id}/items/{{featureId}}"] = {
            "get": {
                "summary": f"One of {meta['title'].lower()}",
                "parameters": [
                    {
                        "name": "featureId",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string"},
                    }
                ],
                "responses": {**ok, "404": {"description": "No such feature"}},
            }
        }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Incident map – OGC API – Features", "version": "1.0"},
        "servers": [{"url": request.build_absolute_uri(base)}],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}}
        },
        "security": [{"token": []}],
        "paths": paths,
    }
