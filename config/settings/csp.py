"""Content-Security-Policy (django-csp): scripts only from this site, plus the inline
scripts that carry the response's nonce (django-leaflet's map loaders take it)."""

from urllib.parse import urlsplit

from csp.constants import NONCE, NONE, SELF, UNSAFE_INLINE

from config.settings.leaflet import MAP_TILES_URL

# The tile server's origin, without the {s} subdomain placeholder's letter.
_tiles = urlsplit(MAP_TILES_URL.replace("{s}.", "*.")) if MAP_TILES_URL else None
_TILE_ORIGINS = [f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles else []

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        # Leaflet and the admin set style attributes; no script can come from them.
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", *_TILE_ORIGINS],
        "connect-src": [SELF],
        "font-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
