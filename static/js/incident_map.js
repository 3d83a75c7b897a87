// The analysts' map: clustered incidents over a district choropleth, filters kept in
// the URL, a timeline to brush a date range, and exports of exactly what is shown.
// URLs come from the json_script node "map-config". Text from reports is only ever
// put into the page with textContent, never as markup.

const config = JSON.parse(document.getElementById("map-config").textContent);
const form = document.getElementById("filters");

const EVENT_COLOURS = {
  explosions_remote_violence: "#c0392b",
  battles: "#8e44ad",
  violence_against_civilians: "#d35400",
  strategic_developments: "#2c3e50",
};
const EVENT_SHORT = {
  explosions_remote_violence: "E",
  battles: "B",
  violence_against_civilians: "V",
  strategic_developments: "S",
};
const CHOROPLETH = ["#f7f4f9", "#e7d4e8", "#d4b9da", "#c994c7", "#df65b0", "#e7298a", "#ce1256", "#91003f"];
const CITY_VIEWS = {
  kyiv: [[50.213, 30.239], [50.591, 30.826]],
  donetsk: [[47.85, 37.55], [48.12, 37.95]],
  "": [[47.7, 30.0], [50.7, 38.2]],
};

function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = String(text);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

function currentQuery() {
  const params = new URLSearchParams();
  for (const [key, value] of new FormData(form)) {
    if (value) params.set(key, value);
  }
  return params;
}

function setFormFromUrl() {
  const params = new URLSearchParams(window.location.search);
  for (const field of form.elements) {
    if (field.name) field.value = params.get(field.name) || "";
  }
}

async function getJSON(url) {
  const response = await fetch(url, { credentials: "same-origin" });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

// The data on the map is always that of the URL's query: the form writes its filters
// there before anything loads, and a value the form cannot hold (a mistyped city in a
// shared link) is still sent, and refused by name, rather than silently dropped.
function querySuffix() {
  return window.location.search;
}

// The first feed is asked for as soon as this module runs rather than when the map is
// ready (window "load"): the server's half second then overlaps the page's loading.
let prefetched = { suffix: querySuffix(), body: getJSON(config.incidents + querySuffix()) };
prefetched.body.catch(() => {}); // reported where it is awaited, in load()

function incidentFeed(suffix) {
  if (prefetched?.suffix === suffix) {
    const { body } = prefetched;
    prefetched = null;
    return body;
  }
  prefetched = null;
  return getJSON(config.incidents + suffix);
}

// The map's view lives in the URL's hash, #zoom/lat/lng as on openstreetmap.org, beside
// the filters in the query: a shared or bookmarked link opens where its author looked.
function viewFromHash() {
  const match = /^#(\d{1,2})\/(-?\d{1,2}(?:\.\d+)?)\/(-?\d{1,3}(?:\.\d+)?)$/.exec(window.location.hash);
  if (!match) return null;
  const [zoom, lat, lng] = match.slice(1).map(Number);
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 ? { zoom, center: [lat, lng] } : null;
}

function viewToHash(map) {
  const { lat, lng } = map.getCenter();
  // Five decimals (about a metre) are plenty at zoom 16.
  const hash = `#${map.getZoom()}/${lat.toFixed(5)}/${lng.toFixed(5)}`;
  map.getContainer().dataset.view = hash.slice(1); // where the map really is
  // Replaced, not pushed: the back button steps through filters, not every pan.
  if (hash !== window.location.hash) history.replaceState(history.state, "", hash);
}

function showError(message) {
  let node = document.getElementById("filter-errors");
  if (!node) {
    node = el("p", null, { id: "filter-errors", class: "error" });
    form.append(node);
  }
  node.textContent = message;
}

function clearError() {
  document.getElementById("filter-errors")?.remove();
}

function countLabel(value) {
  return value === null || value === undefined ? "unknown" : String(value);
}

function popupContent(detail) {
  const root = el("div", null, { class: "popup" });
  root.append(el("strong", detail.title));
  const list = el("dl");
  const rows = [
    ["When", `${detail.occurred_from} – ${detail.occurred_to} (${detail.time_precision})`],
    ["What", [detail.event_type, detail.sub_event_type].filter(Boolean).join(" / ")],
    ["Weapons", detail.weapons.join(", ") || "not reported"],
    ["Infrastructure", detail.tags.join(", ") || "none reported"],
    ["Killed", countLabel(detail.fatalities)],
    ["Injured", countLabel(detail.injured)],
    ["Reported location", detail.location_text || "—"],
    ["Geocoded", `${detail.geocoded || "—"} (${detail.geo_precision || "no precision"})`],
    ["Status", detail.status],
  ];
  for (const [term, value] of rows) {
    list.append(el("dt", term), el("dd", value));
  }
  root.append(list);
  if (detail.sources.length) {
    const sources = el("ul");
    for (const source of detail.sources) {
      const item = el("li");
      if (source.url && /^https?:\/\//i.test(source.url)) {
        item.append(el("a", source.title || source.url, { href: source.url, target: "_blank", rel: "noopener noreferrer" }));
      } else {
        item.textContent = source.title || source.outlet || "source";
      }
      sources.append(item);
    }
    root.append(el("div", "Sources:"), sources);
  }
  if (config.adminChange) {
    root.append(el("a", "Edit in admin", { href: config.adminChange.replace("/0/", `/${detail.id}/`) }));
  }
  return root;
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
    const badge = el("span", `${EVENT_SHORT[type] || "?"}${count}`, { title: type, "data-type": type });
    badge.style.background = EVENT_COLOURS[type] || "#555";
    mix.append(badge);
  }
  root.append(mix);
  const size = 40 + Math.min(30, Math.log10(cluster.getChildCount() + 1) * 10);
  return L.divIcon({ html: root.outerHTML, className: "", iconSize: [size, size] });
}

// One style per event type and precision, built once; Leaflet copies it into each
// marker's options.
const markerStyles = new Map();

function markerStyle(type, precision) {
  const key = `${type}|${precision}`;
  if (!markerStyles.has(key)) {
    const colour = EVENT_COLOURS[type] || "#555";
    // A precise point is a filled dot; a street or named place is a hollow ring,
    // because the pin only stands for "somewhere on that street / at that place".
    const exact = precision === "exact";
    markerStyles.set(key, {
      radius: exact ? 6 : 8,
      color: colour,
      weight: exact ? 1 : 3,
      fillColor: colour,
      fillOpacity: exact ? 0.9 : 0.15,
      dashArray: precision === "street" ? "3 3" : null,
      eventType: type,
      className: `incident-marker precision-${precision || "none"}`,
      // A click is the marker's alone, as with L.Marker: passed on to the map, it
      // would fold a fanned-out cluster before the popup could open.
      bubblingMouseEvents: false,
    });
  }
  return markerStyles.get(key);
}

// The compact feed (api/incidents.points.json): five numbers per point, event type
// and precision as indexes into the vocabularies given beside them.
function markersFrom(feed) {
  const { fields, points, event_types: types, geo_precisions: precisions } = feed;
  const stride = fields.length;
  const markers = new Array(points.length / stride);
  for (let i = 0, n = 0; i < points.length; i += stride, n += 1) {
    // The feed is lon, lat like GeoJSON; Leaflet wants lat, lng.
    const marker = L.circleMarker([points[i + 2], points[i + 1]], markerStyle(types[points[i + 3]], precisions[points[i + 4]]));
    marker.incidentId = points[i];
    markers[n] = marker;
  }
  return markers;
}

function choroplethColour(count, max) {
  if (!count) return CHOROPLETH[0];
  const steps = CHOROPLETH.length - 1;
  return CHOROPLETH[Math.min(steps, Math.ceil((count * steps) / Math.max(max, 1)))];
}

function legendControl() {
  const control = L.control({ position: "bottomright" });
  control.onAdd = () => el("div", null, { class: "legend", id: "legend" });
  control.update = (max) => {
    const node = document.getElementById("legend");
    node.replaceChildren(el("strong", "Incidents per district"), el("br"));
    const steps = CHOROPLETH.length - 1;
    const zero = el("i");
    zero.style.background = CHOROPLETH[0];
    node.append(zero, document.createTextNode("0"), el("br"));
    // Count c gets colour ceil(c * steps / max); list each colour's range once.
    for (let i = 1; i <= steps; i += 1) {
      const from = Math.floor(((i - 1) * max) / steps) + 1;
      const to = Math.floor((i * max) / steps);
      if (from > to) continue;
      const swatch = el("i");
      swatch.style.background = CHOROPLETH[i];
      node.append(swatch, document.createTextNode(from === to ? `${to}` : `${from}–${to}`), el("br"));
    }
    node.append(el("strong", "Event types"), el("br"));
    for (const [type, colour] of Object.entries(EVENT_COLOURS)) {
      const swatch = el("i");
      swatch.style.background = colour;
      node.append(swatch, document.createTextNode(`${EVENT_SHORT[type]} ${type.replaceAll("_", " ")}`), el("br"));
    }
  };
  return control;
}

function cityControl(map) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const root = el("div", null, { class: "leaflet-bar legend", id: "city-switch" });
    for (const [slug, label] of [["kyiv", "Kyiv"], ["donetsk", "Donetsk"], ["", "Both"]]) {
      const button = el("button", label, { type: "button", "data-city": slug });
      button.addEventListener("click", () => {
        form.elements.city.value = slug;
        // Submit first: its new history entry is the one that gets the new view.
        form.requestSubmit();
        map.fitBounds(CITY_VIEWS[slug]);
      });
      root.append(button);
    }
    L.DomEvent.disableClickPropagation(root);
    return root;
  };
  return control;
}

function drawTimeline(days, onBrush) {
  const container = document.getElementById("timeline");
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  container.replaceChildren(svg);
  container.dataset.days = String(days.length);
  if (!days.length) return;
  const width = container.clientWidth || 600;
  const height = container.clientHeight || 90;
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const first = new Date(`${days[0].date}T00:00:00Z`);
  const last = new Date(`${days[days.length - 1].date}T00:00:00Z`);
  const span = Math.round((last - first) / 86400000) + 1;
  const barWidth = width / span;
  const max = Math.max(...days.map((d) => d.count));
  for (const day of days) {
    const index = Math.round((new Date(`${day.date}T00:00:00Z`) - first) / 86400000);
    const barHeight = Math.max(1, (day.count / max) * (height - 14));
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "bar");
    rect.setAttribute("x", index * barWidth);
    rect.setAttribute("y", height - barHeight);
    rect.setAttribute("width", Math.max(1, barWidth - 1));
    rect.setAttribute("height", barHeight);
    const title = document.createElementNS(ns, "title");
    title.textContent = `${day.date}: ${day.count}`;
    rect.append(title);
    svg.append(rect);
  }
  const selection = document.createElementNS(ns, "rect");
  selection.setAttribute("class", "selection");
  selection.setAttribute("y", 0);
  selection.setAttribute("height", height);
  selection.setAttribute("width", 0);
  svg.append(selection);
  const dayAt = (clientX) => {
    const box = svg.getBoundingClientRect();
    const index = Math.min(span - 1, Math.max(0, Math.floor(((clientX - box.left) / box.width) * span)));
    return new Date(first.getTime() + index * 86400000).toISOString().slice(0, 10);
  };
  let start = null;
  svg.addEventListener("pointerdown", (event) => {
    start = event.clientX;
    svg.setPointerCapture(event.pointerId);
  });
  svg.addEventListener("pointermove", (event) => {
    if (start === null) return;
    const box = svg.getBoundingClientRect();
    const scale = width / box.width;
    const a = (Math.min(start, event.clientX) - box.left) * scale;
    const b = (Math.max(start, event.clientX) - box.left) * scale;
    selection.setAttribute("x", a);
    selection.setAttribute("width", b - a);
  });
  svg.addEventListener("pointerup", (event) => {
    if (start === null) return;
    const [from, to] = [dayAt(Math.min(start, event.clientX)), dayAt(Math.max(start, event.clientX))];
    start = null;
    onBrush(from, to);
  });
}

function fillTable(id, rows) {
  const body = document.querySelector(`#${id} tbody`);
  body.replaceChildren(
    ...rows.map(([name, count]) => {
      const tr = el("tr");
      tr.append(el("td", name), el("td", count));
      return tr;
    }),
  );
}

window.addEventListener("map:init", (event) => {
  const { map } = event.detail;
  const container = map.getContainer();
  if (container.id !== "incident-map") return;
  // The clusterer builds a grid for every zoom level in range and each costs a pass
  // over the markers: both cities fit at zoom 7, and zoom 16 (1.5 m a pixel) shows
  // the buildings on a street. Stopping there rather than at 17 or 18 takes a third
  // off the clustering of 100,000 incidents (bench/bench_map.py); incidents closer
  // than a cluster's radius at 16 fan out on a click.
  map.setMinZoom(7);
  map.setMaxZoom(16);
  // Straight to the view, before the clusters are added: a zoom animation at this
  // point would make the clusters ignore clicks until it ended.
  const view = viewFromHash();
  if (view) map.setView(view.center, view.zoom, { animate: false });
  else map.fitBounds(CITY_VIEWS[form.elements.city.value || "kyiv"], { animate: false });
  viewToHash(map);
  map.on("moveend", () => viewToHash(map));

  const districts = L.geoJSON(null, {
    style: () => ({ color: "#555", weight: 1, fillOpacity: 0.6 }),
    onEachFeature: (feature, layer) => {
      layer.on("mouseover", () => {
        const { name_uk: uk, name_en: en, count } = feature.properties;
        layer.bindTooltip(el("span", `${en} / ${uk}: ${count}`), { sticky: true }).openTooltip();
      });
    },
  }).addTo(map);
  const cities = L.geoJSON(null, { style: { color: "#222", weight: 2, fill: false, dashArray: "6 4" }, interactive: false }).addTo(map);
  const clusters = L.markerClusterGroup({
    iconCreateFunction: clusterIcon,
    // In one go: chunked loading keeps the page responsive but takes longer to
    // show the first clusters at 100,000 incidents (bench/bench_map.py).
    chunkedLoading: false,
    showCoverageOnHover: false,
    // The fan's legs are drawn after the markers, in the same SVG, and end at their
    // centres: they must not take the click meant for an incident.
    spiderLegPolylineOptions: { weight: 1.5, color: "#222", opacity: 0.5, interactive: false },
  }).addTo(map);
  const legend = legendControl().addTo(map);
  cityControl(map).addTo(map);
  L.control.layers(null, { Incidents: clusters, "Districts (choropleth)": districts, "City outlines": cities }, { collapsed: false }).addTo(map);

  getJSON(config.cities).then((data) => {
    cities.addData(data);
    container.dataset.cities = String(data.features.length);
  });

  clusters.on("click", async (e) => {
    const id = e.layer.incidentId;
    const detail = await getJSON(config.detail.replace("/0.json", `/${id}.json`));
    e.layer.bindPopup(popupContent(detail), { maxWidth: 360 }).openPopup();
  });

  let generation = 0;
  let loaded = null; // the query of the data on the map
  async function load() {
    const suffix = querySuffix();
    loaded = suffix;
    document.getElementById("export-geojson").href = config.exportGeojson + suffix;
    document.getElementById("export-csv").href = config.exportCsv + suffix;
    const mine = ++generation;
    container.dataset.loading = "true";
    try {
      // Markers first: they are what the analyst waits for. The district counts
      // and the timeline are asked for once the points have arrived, so the
      // server answers the big request alone, and drawn after the clustering.
      const incidents = await incidentFeed(suffix);

      if (mine !== generation) return; // a newer request has been made
      const rest = Promise.all([getJSON(config.districts + suffix), getJSON(config.timeline + suffix)]);
      clearError();
      performance.mark("incidents:received"); // marks for bench/bench_map.py
      clusters.clearLayers();
      const markers = markersFrom(incidents);
      // No "layeradd" event per marker: nothing listens, and there are 100,000.
      clusters.addLayers(markers, true);
      performance.mark("incidents:clustered");
      container.dataset.markers = String(markers.length);
      const [districtData, timeline] = await rest;
      if (mine !== generation) return;
      districts.clearLayers();
      const drawn = districtData.features.filter((f) => f.geometry);
      const max = Math.max(0, ...districtData.features.map((f) => f.properties.count));
      districts.addData({ type: "FeatureCollection", features: drawn });
      // Under the markers, which share the SVG: pins must stay clickable.
      districts.bringToBack();
      districts.eachLayer((layer) => {
        const { count, slug } = layer.feature.properties;
        layer.setStyle({ fillColor: choroplethColour(count, max) });
        layer.getElement()?.setAttribute("data-district", slug);
        layer.getElement()?.setAttribute("data-count", String(count));
      });
      legend.update(max);
      fillTable(
        "unmapped-districts",
        districtData.features.filter((f) => !f.geometry).map((f) => [`${f.properties.name_en} / ${f.properties.name_uk}`, f.properties.count]),
      );
      const cityNames = { kyiv: "Kyiv", donetsk: "Donetsk" };
      fillTable("city-level", Object.entries(districtData.city_level).map(([slug, n]) => [cityNames[slug] || slug, n]));
      const total = timeline.days.reduce((sum, d) => sum + d.count, 0);
      document.getElementById("summary").textContent = `${total} incident${total === 1 ? "" : "s"} match; ${markers.length} shown as points, the others by district or city.`;
      container.dataset.total = String(total);
      drawTimeline(timeline.days, (from, to) => {
        form.elements.from.value = from;
        form.elements.to.value = to;
        form.requestSubmit();
      });
    } catch (error) {
      showError(error.message);
    } finally {
      if (mine === generation) container.dataset.loading = "false";
    }
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const query = currentQuery().toString();
    history.pushState(null, "", (query ? `?${query}` : window.location.pathname) + window.location.hash);
    load();
  });
  window.addEventListener("popstate", () => {
    setFormFromUrl();
    const view = viewFromHash();
    if (view) map.setView(view.center, view.zoom);
    // A new hash alone (typed, or a link to another view) needs no new data.
    if (querySuffix() !== loaded) load();
  });
  load();
});
