// Incidents with a point: clusters made by the server for the map's view, and one
// circle marker for each single incident. Colours and letters of the event types
// come from the server (incidents.choices), in the page's config.

import { el, fmt, number } from "../lib/dom.js";

const FALLBACK_COLOUR = "#555";

// A marker's drawn node made a named button, like the list's rows.
function asButton(node, label) {
  node.setAttribute("role", "button");
  node.setAttribute("aria-label", label);
}

// A circle marker that can be reached by Tab and opened by Enter or Space.
// Leaflet's circle markers are bare SVG paths; the attributes are set when a
// marker is drawn, so the markers kept in clusters cost nothing.
const IncidentMarker = L.CircleMarker.extend({
  onAdd(map) {
    L.CircleMarker.prototype.onAdd.call(this, map);
    if (!this._path) return;
    this._path.setAttribute("tabindex", "0");
    asButton(this._path, this.options.ariaLabel);
    this._path.dataset.incident = String(this.incidentId);
  },
});

// A cluster made by the server (a Leaflet marker: focusable already), named the same way.
const ClusterMarker = L.Marker.extend({
  onAdd(map) {
    L.Marker.prototype.onAdd.call(this, map);
    if (!this._icon) return;
    asButton(this._icon, this.options.ariaLabel);
    this._icon.classList.add("server-cluster");
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

  // A single incident of the clusters feed (api/incidents.clusters.json).
  function incidentMarker(point) {
    // The feed is lon, lat like GeoJSON; Leaflet wants lat, lng.
    const marker = new IncidentMarker([point.lat, point.lon], markerStyle(point.event_type, point.geo_precision));
    marker.incidentId = point.id;
    return marker;
  }

  // The bubble of a cluster: how many, and how many of each event type.
  function clusterIcon(count, byType) {
    const root = el("div", null, { class: "cluster-icon" });
    root.append(el("span", number(count)));
    const mix = el("div", null, { class: "mix" });
    for (const [type, n] of Object.entries(byType)) {
      const known = types.get(type);
      const badge = el("span", `${known?.short || "?"}${number(n)}`, {
        title: known?.label || type,
        "data-type": type,
      });
      badge.style.background = known?.colour || FALLBACK_COLOUR;
      mix.append(badge);
    }
    root.append(mix);
    const size = 40 + Math.min(30, Math.log10(count + 1) * 10);
    return L.divIcon({ html: root.outerHTML, className: "", iconSize: [size, size] });
  }

  // A cluster the server made: a marker that zooms in on a click or Enter.
  function serverCluster({ lon, lat, count, by_type: byType }) {
    const marker = new ClusterMarker([lat, lon], {
      icon: clusterIcon(count, byType),
      ariaLabel: fmt(strings.clusterLabel, { count }),
    });
    marker.count = count;
    return marker;
  }

  // The few single incidents of a view, clustered again in the page: those closer
  // than the last zoom separates fan out on a click.
  function clientClusterIcon(cluster) {
    const counts = {};
    for (const marker of cluster.getAllChildMarkers()) {
      counts[marker.options.eventType] = (counts[marker.options.eventType] || 0) + 1;
    }
    return clusterIcon(cluster.getChildCount(), counts);
  }

  function clusterGroup() {
    return L.markerClusterGroup({
      iconCreateFunction: clientClusterIcon,
      // A few thousand markers at most (incidents/clusters.py): in one go.
      chunkedLoading: false,
      showCoverageOnHover: false,
      // The fan's legs are drawn after the markers, in the same SVG, and end at their
      // centres: they must not take the click meant for an incident.
      spiderLegPolylineOptions: { weight: 1.5, color: "#222", opacity: 0.5, interactive: false },
    });
  }

  return { incidentMarker, serverCluster, clusterGroup };
}

export function isActivationKey(event) {
  return event.key === "Enter" || event.key === " ";
}
