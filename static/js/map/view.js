// The incidents in the map's view. The server clusters them for the view and its
// zoom (api/incidents.clusters.json) and sends single incidents where few enough,
// so the page holds a few thousand markers at most whatever the number of
// incidents. A view is asked for with a margin around it, snapped to a grid of
// the zoom's tiles: a small pan needs nothing new, and analysts looking at the
// same place ask the same URL (the server caches it per data generation).

import { isActivationKey } from "./markers.js";

// Half the view's size again on each side.
const MARGIN = 0.5;

function snapped(bounds, zoom) {
  const step = 360 / 2 ** zoom; // a tile's width in degrees
  const down = (v) => Math.floor(v / step) * step;
  const up = (v) => Math.ceil(v / step) * step;
  const west = Math.max(-180, down(bounds.getWest()));
  const south = Math.max(-85, down(bounds.getSouth()));
  const east = Math.min(180, up(bounds.getEast()));
  const north = Math.min(85, up(bounds.getNorth()));
  return L.latLngBounds([south, west], [north, east]);
}

// The box of the view as the API takes it, within a box the URL's own filters
// may set (bbox=…): null where the two do not meet.
function boxWithin(bounds, filterBox) {
  let [west, south, east, north] = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
  if (filterBox) {
    const [w, s, e, n] = filterBox;
    [west, south, east, north] = [Math.max(west, w), Math.max(south, s), Math.min(east, e), Math.min(north, n)];
    if (west >= east || south >= north) return null;
  }
  return [west, south, east, north].map((v) => Number(v.toFixed(6)));
}

function filterBox(suffix) {
  const raw = new URLSearchParams(suffix).get("bbox");
  const box = raw?.split(",").map(Number);
  return box?.length === 4 && box.every(Number.isFinite) ? box : null;
}

const EMPTY = { clusters: [], points: [], total: 0 };

export function createView(map, { feeds, markers, onDraw }) {
  const clusters = L.featureGroup(); // made by the server: a feature group passes on their clicks
  const points = markers.clusterGroup(); // the single incidents
  const layer = L.layerGroup([clusters, points]);
  let shown = new Map(); // the single incidents' markers, by id
  let fetched = null; // {suffix, zoom, bounds} of what is drawn
  let controller = null;
  let pending = Promise.resolve(null);

  function covers(suffix) {
    return (
      fetched !== null &&
      fetched.suffix === suffix &&
      fetched.zoom === map.getZoom() &&
      fetched.bounds.contains(map.getBounds())
    );
  }

  // A pan keeps the markers still in the view, and a popup open on one; new data
  // (`fresh`) replaces them all.
  function draw(data, fresh) {
    clusters.clearLayers();
    for (const cluster of data.clusters) clusters.addLayer(markers.serverCluster(cluster));
    if (fresh) {
      points.clearLayers();
      shown.clear();
    }
    const next = new Map();
    const added = [];
    for (const point of data.points) {
      let marker = shown.get(point.id);
      if (!marker) {
        marker = markers.incidentMarker(point);
        added.push(marker);
      }
      next.set(point.id, marker);
    }
    points.removeLayers([...shown.values()].filter((m) => !next.has(m.incidentId)));
    points.addLayers(added, true);
    shown = next;
    onDraw(data, fetched);
  }

  async function fetchView(suffix, signal) {
    const zoom = map.getZoom();
    const bounds = snapped(map.getBounds().pad(MARGIN), zoom);
    const bbox = boxWithin(bounds, filterBox(suffix));
    const data = bbox ? await feeds.clusters(suffix, { zoom, bbox }, { signal }) : EMPTY;
    return { data, fetched: { suffix, zoom, bounds, bbox } };
  }

  // Draws the view for these filters, unless it is drawn already (`force`: new
  // filters or new data). Resolves to the feed drawn, or null where a newer
  // request took its place: a stale answer is never drawn.
  function load(suffix, { force = false } = {}) {
    if (!force && covers(suffix)) return pending;
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    pending = fetchView(suffix, mine.signal).then(
      (result) => {
        if (controller !== mine) return null;
        const fresh = force || fetched?.suffix !== suffix;
        fetched = result.fetched;
        draw(result.data, fresh);
        return result.data;
      },
      (error) => {
        if (controller !== mine || error.name === "AbortError") return null;
        fetched = null;
        throw error;
      },
    );
    return pending;
  }

  function clear() {
    controller?.abort();
    controller = null;
    fetched = null;
    clusters.clearLayers();
    points.clearLayers();
    shown.clear();
  }

  // A cluster of the server's opens two zoom levels closer, centred on it.
  const zoomIn = (cluster) => map.setView(cluster.getLatLng(), Math.min(map.getZoom() + 2, map.getMaxZoom()));
  clusters.on("click", (e) => zoomIn(e.layer));
  clusters.on("keypress", (e) => {
    if (!isActivationKey(e.originalEvent)) return;
    e.originalEvent.preventDefault();
    zoomIn(e.layer);
  });

  return {
    layer,
    points,
    load,
    clear,
    // The last load, once it has ended (whatever its outcome).
    settled: () => pending.catch(() => null),
    marker: (id) => shown.get(id) || null,
  };
}
