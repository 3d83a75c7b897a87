from config.env import env
from geo.cities import BY_SLUG, DEFAULT_CITY

# Tiles are a setting so the app works offline or against a private tile server;
# with an empty URL no tile layer is added and the vector layers still draw.
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
OSM_ATTRIBUTION = "© OpenStreetMap contributors"

LEAFLET_CONFIG = {
    # The page fits the city's bounds (map_page.py); this is Leaflet's first view.
    "DEFAULT_CENTER": BY_SLUG[DEFAULT_CITY].center,
    "DEFAULT_ZOOM": 10,
    "MIN_ZOOM": 3,
    "MAX_ZOOM": 19,
    # The attribution sits in the prefix rather than on the tile layer, so it shows
    # even when no tiles are configured or none can be fetched.
    "ATTRIBUTION_PREFIX": f"Leaflet | {OSM_ATTRIBUTION}",
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": ""})]
    if MAP_TILES_URL
    else [],
    "RESET_VIEW": False,
}
