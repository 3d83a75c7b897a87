// Incidents with a point: one circle marker each, clustered. Colours and letters of
// the event types come from the server (incidents.choices), in the page's config.

import { el, fmt } from "../lib/dom.js";

const FALLBACK_COLOUR = "#555";

// A circle marker that can be reached by Tab and opened by Enter or Space, like the
// list's rows. Leaflet's circle markers are bare SVG paths; the attributes are set
// when a marker is drawn, so the 100,000 markers kept in clusters cost nothing.
const IncidentMarker = L.CircleMarker.extend({
  onAdd(map) {
    L.CircleMarker.prototype.onAdd.call(this, map);
    const path = this._path;
    if (path) {
      path.setAttribute("tabindex", "0");
      path.setAttribute("role", "button");
      path.setAttribute("aria-label", this.options.ariaLabel);
      path.dataset.incident = String(this.incidentId);
    }
  },
});

export function createMarkers(config) {
  const types = new Map(config.eventTypes.map((t) => [t.value, t]));
  const precisionLabels = new Map(config.precisions.map((p) => [p.value, p.label]));
  const strings = config.strings;

  // One style per event type and precision, built once; Leaflet copies it into each
  // marker's options.
  const styles = new Map();
  function markerStyle(type, precision) {
    const key = `${type}|${precision}`;
    if (!styles.has(key)) {
      const colour = types.get(type)?.colour || FALLBACK_COLOUR;
      // A precise point is a filled dot; a street or named place is a hollow ring,
      // because the pin only stands for "somewhere on that street / at that place".
      const exact = precision === "exact";
      styles.set(key, {
        radius: exact ? 6 : 8,
        color: colour,
        weight: exact ? 1 : 3,
        fillColor: colour,
        fillOpacity: exact ? 0.9 : 0.15,
        dashArray: precision === "street" ? "3 3" : null,
        eventType: type,
        className: `incident-marker precision-${precision || "none"}`,
        ariaLabel: fmt(strings.markerLabel, {
          type: types.get(type)?.label || type,
          precision: precisionLabels.get(precision) || precision || "",
        }),
        // A click is the marker's alone, as with L.Marker: passed on to the map, it
        // would fold a fanned-out cluster before the popup could open.
        bubblingMouseEvents: false,
      });
    }
    return styles.get(key);
  }

  // The compact feed (api/incidents.points.json): five numbers per point, event type
  // and precision as indexes into the vocabularies given beside them.
  function markersFrom(feed) {
    const { fields, points, event_types: feedTypes, geo_precisions: precisions } = feed;
    const stride = fields.length;
    const markers = new Array(points.length / stride);
    for (let i = 0, n = 0; i < points.length; i += stride, n += 1) {
      // The feed is lon, lat like GeoJSON; Leaflet wants lat, lng.
      const marker = new IncidentMarker(
        [points[i + 2], points[i + 1]],
        markerStyle(feedTypes[points[i + 3]], precisions[points[i + 4]]),
      );
      marker.incidentId = points[i];
      markers[n] = marker;
    }
    return markers;
  }

  function clusterIcon(cluster) {
    const counts = {};
    for (const marker of cluster.getAllChildMarkers()) {
      counts[marker.options.eventType] = (counts[marker.options.eventType] || 0) + 1;
    }
    const root = el("div", null, { class: "cluster-icon" });
    root.append(el("span", cluster.getChildCount()));
    const mix = el("div", null, { class: "mix" });
    for (const [type, count] of Object.entries(counts)) {
      const known = types.get(type);
      const badge = el("span", `${known?.short || "?"}${count}`, { title: known?.label || type, "data-type": type });
      badge.style.background = known?.colour || FALLBACK_COLOUR;
      mix.append(badge);
    }
    root.append(mix);
    const size = 40 + Math.min(30, Math.log10(cluster.getChildCount() + 1) * 10);
    return L.divIcon({ html: root.outerHTML, className: "", iconSize: [size, size] });
  }

  function clusterGroup() {
    return L.markerClusterGroup({
      iconCreateFunction: clusterIcon,
      // In one go: chunked loading keeps the page responsive but takes longer to
      // show the first clusters at 100,000 incidents (bench/bench_map.py).
      chunkedLoading: false,
      showCoverageOnHover: false,
      // The fan's legs are drawn after the markers, in the same SVG, and end at their
      // centres: they must not take the click meant for an incident.
      spiderLegPolylineOptions: { weight: 1.5, color: "#222", opacity: 0.5, interactive: false },
    });
  }

  return { markersFrom, clusterGroup };
}

export function isActivationKey(event) {
  return event.key === "Enter" || event.key === " ";
}
