// The page's state lives in the URL: the filters in the query (shared by the map, the
// list, the timeline and the exports), the map's view in the hash (#zoom/lat/lng as
// on openstreetmap.org). A shared or bookmarked link opens what its author saw.

// Only the list reads these; the map's feeds and the exports get the rest.
export const LIST_ONLY = ["sort", "page", "page_size"];

export function currentParams() {
  return new URLSearchParams(window.location.search);
}

function suffix(params) {
  const query = params.toString();
  return query ? `?${query}` : "";
}

// The data on the map is always that of the URL's query, not the form's reading of
// it: a value the form cannot hold (a mistyped city in a shared link) is still sent,
// and refused by name, rather than silently dropped.
export function mapQuery(params = currentParams()) {
  const copy = new URLSearchParams(params);
  for (const name of LIST_ONLY) copy.delete(name);
  return suffix(copy);
}

export function listQuery(params = currentParams()) {
  return suffix(params);
}

// The timeline is drawn over every date the other filters allow, so that a narrowed
// range can be widened again.
export function timelineQuery(params = currentParams()) {
  const copy = new URLSearchParams(params);
  for (const name of [...LIST_ONLY, "from", "to"]) copy.delete(name);
  return suffix(copy);
}

// A new history entry for new filters; the hash (the view) is kept.
export function pushParams(params) {
  const query = params.toString();
  history.pushState(null, "", (query ? `?${query}` : window.location.pathname) + window.location.hash);
}

export function replaceParams(params) {
  const query = params.toString();
  history.replaceState(history.state, "", (query ? `?${query}` : window.location.pathname) + window.location.hash);
}

export function viewFromHash() {
  const match = /^#(\d{1,2})\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(window.location.hash);
  if (!match) return null;
  const [zoom, lat, lng] = match.slice(1).map(Number);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { zoom, center: [lat, lng] } : null;
}

export function viewToHash(map) {
  const { lat, lng } = map.getCenter();
  // Five decimals (about a metre) are plenty at zoom 16.
  const hash = `#${map.getZoom()}/${lat.toFixed(5)}/${lng.toFixed(5)}`;
  map.getContainer().dataset.view = hash.slice(1); // where the map really is
  // Replaced, not pushed: the back button steps through filters, not every pan.
  if (hash !== window.location.hash) history.replaceState(history.state, "", hash);
}
