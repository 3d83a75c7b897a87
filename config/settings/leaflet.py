from config.env import env

# Tiles are a setting so the app works offline or against a private tile server;
# with an empty URL no tile layer is added and the vector layers still draw.
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
OSM_ATTRIBUTION = "© OpenStreetMap contributors"

LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (50.45, 30.52),
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
