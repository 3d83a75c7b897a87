"""OGC API – Features (Part 1: Core, GeoJSON, HTML, OpenAPI 3.0) under /ogcapi/:
the incidents and the districts as live layers for QGIS and other GIS clients.

Every read goes through the same selectors, so roles and publication rules apply;
clients that cannot sign in send a personal token (incidents/api/tokens.py). An
items page is two queries (the count and the page) however deep it is, and is
written out as it is read.
"""

import dataclasses
import functools
import json

from django.contrib.gis.db.models import Extent
from django.contrib.gis.geos import Polygon
from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_GET

from geo.models import City
from incidents.access import role_required
from incidents.api.ogc_documents import (
    COLLECTIONS,
    GEOJSON,
    HTML,
    JSON,
    OPENAPI,
    SCHEMA,
    collection,
    conformance,
    feature_schema,
    landing_page,
    openapi,
    self_links,
)
from incidents.api.ogc_params import ItemsForm, ItemsRequest
from incidents.filters import IncidentFilter, error_json
from incidents.http_cache import data_conditional
from incidents.models import Incident
from incidents.selectors import (
    district_counts,
    incident_feature,
    incident_feature_page,
    incident_list,
    incident_time_extent,
)
from incidents.serializers import (
    DISTRICT_COLUMNS,
    EXPORT_COLUMNS,
    array_text,
    boundary_feature,
    district_properties,
    export_feature_text,
    export_properties,
    incident_url_template,
)


def _representation(request) -> str:
    """The representation asked for: `f=html`, or a browser that prefers HTML to
    JSON, is "html"; anything else "json"."""
    asked = request.GET.get("f")
    if asked in ("json", "html"):
        return asked
    preferred = request.get_preferred_type([JSON, GEOJSON, HTML])
    return "html" if preferred == HTML else "json"


def ogc_view(view):
    """The OGC API's views: the representation negotiated first (it decides how a
    refusal reads: JSON for clients, the sign-in page for a browser), then a role
    (a session or a token), GET only, and ETags, of which the representation is
    part."""
    conditional = require_GET(data_conditional(view))
    for_clients = role_required(api=True)(conditional)
    for_browsers = role_required(conditional)

    @functools.wraps(view)
    def negotiated(request, *args, **kwargs):
        request.representation = _representation(request)
        guarded = for_browsers if request.representation == "html" else for_clients
        response = guarded(request, *args, **kwargs)
        response["Vary"] = "Accept, Authorization, Cookie"
        if response.status_code == 401:
            response["WWW-Authenticate"] = 'Bearer realm="incident-map"'
        return response

    return gzip_page(negotiated)


def _answer(request, document: dict, *, title: str, content_type: str = JSON):
    if request.representation == "html":
        return render(
            request,
            "incidents/ogcapi/document.html",
            {"title": title, "document": document, "links": document.get("links", [])},
        )
    return JsonResponse(
        document, content_type=content_type, json_dumps_params={"ensure_ascii": False}
    )


def _bad_request(form) -> JsonResponse:
    errors = error_json(form)
    # The error as OGC's exception schema gives it, beside the app's own form.
    return JsonResponse(
        {**errors, "code": "InvalidParameterValue", "description": errors["error"]},
        status=400,
    )


def _collection_id(collection_id: str) -> str:
    if collection_id not in COLLECTIONS:
        raise Http404(
            f"no collection {collection_id!r} (there are {', '.join(COLLECTIONS)})"
        )
    return collection_id


@ogc_view
def ogc_landing(request):
    return _answer(request, landing_page(request), title="Incident map: OGC API")


@ogc_view
def ogc_conformance(request):
    document = {**conformance(), "links": self_links(request, "ogc-conformance")}
    return _answer(request, document, title="Conformance")


@ogc_view
def ogc_openapi(request):
    return JsonResponse(openapi(request), content_type=OPENAPI)


def _collections(request) -> list[dict]:
    bbox = City.objects.aggregate(box=Extent("boundary"))["box"]
    first, last = incident_time_extent(user=request.user)
    return [
        collection(request, collection_id, bbox=bbox, first=first, last=last)
        for collection_id in COLLECTIONS
    ]


@ogc_view
def ogc_collections(request):
    document = {
        "collections": _collections(request),
        "links": self_links(request, "ogc-collections"),
    }
    return _answer(request, document, title="Collections")


@ogc_view
def ogc_collection(request, collection_id: str):
    _collection_id(collection_id)
    document = next(c for c in _collections(request) if c["id"] == collection_id)
    return _answer(request, document, title=document["title"])


@ogc_view
def ogc_schema(request, collection_id: str):
    columns = (
        EXPORT_COLUMNS
        if _collection_id(collection_id) == "incidents"
        else DISTRICT_COLUMNS
    )
    return JsonResponse(feature_schema(collection_id, columns), content_type=SCHEMA)


def _page_links(request, *, next_query: dict | None) -> list[dict]:
    html = request.representation == "html"
    other = request.GET.copy()
    other["f"] = "json" if html else "html"
    links = [
        {
            "href": request.build_absolute_uri(),
            "rel": "self",
            "type": HTML if html else GEOJSON,
        },
        {
            "href": request.build_absolute_uri("?" + other.urlencode()),
            "rel": "alternate",
            "type": GEOJSON if html else HTML,
        },
    ]
    if next_query is not None:
        query = request.GET.copy()
        for key, value in next_query.items():
            query[key] = str(value)
        links.append(
            {
                "href": request.build_absolute_uri("?" + query.urlencode()),
                "rel": "next",
                "type": HTML if request.representation == "html" else GEOJSON,
                "title": "the next page",
            }
        )
    return links


def _for_html(feature: dict) -> dict:
    """A feature with its properties as (name, text) pairs: lists joined, empty
    values left out."""
    shown = [
        (name, ", ".join(map(str, value)) if isinstance(value, list) else value)
        for name, value in feature["properties"].items()
        if value not in (None, "", [])
    ]
    return {**feature, "shown": shown}


def _stamp() -> str:
    return timezone.now().isoformat(timespec="seconds")


@ogc_view
def ogc_items(request, collection_id: str):
    _collection_id(collection_id)
    form = ItemsForm(request.GET, collection=collection_id)
    if not form.is_valid():
        return _bad_request(form)
    wanted = form.to_items()
    if collection_id == "districts":
        return _district_items(request, wanted)
    return _incident_items(request, wanted)


def _incident_items(request, wanted: ItemsRequest):
    matched = incident_list(filters=wanted.filters, user=request.user).count()
    rows = incident_feature_page(
        filters=wanted.filters,
        user=request.user,
        after=wanted.after,
        limit=wanted.limit,
    )
    page_url = incident_url_template(request.build_absolute_uri("/"))

    def properties(row):
        return export_properties(row, page_url=page_url)

    if request.representation == "html":
        rows = list(rows)
        shown = rows[: wanted.limit]
        more = len(rows) > wanted.limit
        return render(
            request,
            "incidents/ogcapi/items.html",
            {
                "title": COLLECTIONS["incidents"]["title"],
                "matched": matched,
                "features": [
                    _for_html({"id": row[0], "properties": properties(row)})
                    for row in shown
                ],
                "links": _page_links(
                    request, next_query={"after": shown[-1][0]} if more else None
                ),
            },
        )

    page = {"returned": 0, "last": None, "more": False}

    def features():
        for row in rows:
            if page["returned"] == wanted.limit:
                page["more"] = True
                break
            page["returned"] += 1
            page["last"] = row[0]
            yield export_feature_text(row, properties)

    def tail() -> str:
        rest = {
            "numberReturned": page["returned"],
            "timeStamp": _stamp(),
            "links": _page_links(
                request,
                next_query={"after": page["last"]} if page["more"] else None,
            ),
        }
        return "]," + json.dumps(rest, ensure_ascii=False)[1:]

    head = json.dumps({"type": "FeatureCollection", "numberMatched": matched})
    return StreamingHttpResponse(
        array_text(head[:-1] + ', "features": [', features(), 100, tail),
        content_type=GEOJSON,
    )


def _district_items(request, wanted: ItemsRequest):
    # The box selects districts; the other filters are what they count.
    box = wanted.filters.bbox
    counted = district_counts(
        filters=dataclasses.replace(wanted.filters, bbox=None), user=request.user
    )
    if box:
        area = Polygon.from_bbox(box)
        counted = [d for d in counted if d.boundary and d.boundary.intersects(area)]
    shown = counted[wanted.offset : wanted.offset + wanted.limit]
    more = wanted.offset + wanted.limit < len(counted)
    features = [
        boundary_feature(d, district_properties(d), feature_id=d.slug) for d in shown
    ]
    links = _page_links(
        request,
        next_query={"offset": wanted.offset + wanted.limit} if more else None,
    )
    if request.representation == "html":
        return render(
            request,
            "incidents/ogcapi/items.html",
            {
                "title": COLLECTIONS["districts"]["title"],
                "matched": len(counted),
                "features": [_for_html(f) for f in features],
                "links": links,
            },
        )
    return JsonResponse(
        {
            "type": "FeatureCollection",
            "numberMatched": len(counted),
            "numberReturned": len(features),
            "timeStamp": _stamp(),
            "features": features,
            "links": links,
        },
        content_type=GEOJSON,
        json_dumps_params={"ensure_ascii": False},
    )


@ogc_view
def ogc_item(request, collection_id: str, feature_id: str):
    _collection_id(collection_id)
    links = [
        *_page_links(request, next_query=None),
        {
            "href": request.build_absolute_uri(
                reverse("ogc-collection", args=[collection_id])
            ),
            "rel": "collection",
            "type": JSON,
        },
    ]
    if collection_id == "districts":
        district = next(
            (
                d
                for d in district_counts(filters=IncidentFilter(), user=request.user)
                if d.slug == feature_id
            ),
            None,
        )
        if district is None:
            raise Http404(f"no district {feature_id!r}")
        feature = boundary_feature(
            district, district_properties(district), feature_id=district.slug
        )
    else:
        try:
            row = incident_feature(pk=int(feature_id), user=request.user)
        except (ValueError, Incident.DoesNotExist):
            raise Http404(f"no incident {feature_id!r}") from None
        page_url = incident_url_template(request.build_absolute_uri("/"))
        feature = json.loads(
            export_feature_text(row, lambda r: export_properties(r, page_url=page_url))
        )
    feature["links"] = links
    if request.representation == "html":
        return render(
            request,
            "incidents/ogcapi/items.html",
            {
                "title": f"{COLLECTIONS[collection_id]['title']}: {feature['id']}",
                "matched": 1,
                "features": [_for_html(feature)],
                "links": links,
            },
        )
    return JsonResponse(
        feature, content_type=GEOJSON, json_dumps_params={"ensure_ascii": False}
    )
