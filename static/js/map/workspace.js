// The page once the map exists: loads the URL's filters into the map, the panels, the
// list and the timeline, and keeps them in step with each other and with history.

import { fmt } from "../lib/dom.js";
import { allBounds, cityBounds, cityControl, layersControl } from "./controls.js";
import { createDistricts } from "./districts.js";
import { clearErrors, formParams, setFormFromUrl, showErrors } from "./filters.js";
import { legendControl } from "./legend.js";
import { createList } from "./list.js";
import { createMarkers, isActivationKey } from "./markers.js";
import { cityLevelParams, createPanels } from "./panels.js";
import { popupContent } from "./popup.js";
import { currentParams, listQuery, mapQuery, pushParams, timelineQuery, viewFromHash, viewToHash } from "./state.js";
import { renderTimeline } from "./timeline.js";

const PHONE = window.matchMedia("(max-width: 760px)");

// The slide-in panel of the phone layout; on wide screens it is always shown.
function panelToggle() {
  const button = document.getElementById("panel-toggle");
  const side = document.getElementById("side");
  const set = (open) => {
    side.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
    document.body.dataset.panel = open ? "open" : "closed";
  };
  button.addEventListener("click", () => set(!side.classList.contains("open")));
  set(false);
  return { open: () => set(true), close: () => set(false), isPhone: () => PHONE.matches };
}

export function startWorkspace({ map, config, feeds, form }) {
  const s = config.strings;
  const container = map.getContainer();
  const panel = panelToggle();
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
  else map.fitBounds(cityBounds(config, currentParams().get("city") || config.defaultCity), { animate: false });
  viewToHash(map);
  // data-moving tells the browser tests when a fly or a pan has ended.
  container.dataset.moving = "false";
  map.on("movestart", () => {
    container.dataset.moving = "true";
  });
  map.on("moveend", () => {
    container.dataset.moving = "false";
    viewToHash(map);
  });

  const { markersFrom, clusterGroup } = createMarkers(config);
  const districts = createDistricts(config, { onSelect: narrowToDistrict });
  districts.layer.addTo(map);
  const cities = L.geoJSON(null, {
    style: { color: "#222", weight: 2, fill: false, dashArray: "6 4" },
    interactive: false,
  }).addTo(map);
  const clusters = clusterGroup().addTo(map);
  const legend = legendControl(config).addTo(map);
  cityControl(config, {
    onCity(slug) {
      form.elements.city.value = slug;
      // Submit first: its new history entry is the one that gets the new view.
      form.requestSubmit();
      map.fitBounds(slug ? cityBounds(config, slug) : allBounds(config.cities));
    },
  }).addTo(map);
  layersControl(config, { clusters, districts: districts.layer, cities }, { collapsed: true }).addTo(map);
  const panels = createPanels(config, { onCityLevel: openCityLevel });
  const list = createList(config, { onShow: showIncident, onParams: applyListParams });
  const timeline = document.getElementById("timeline");

  feeds.cities().then((data) => {
    cities.addData(data);
    container.dataset.cities = String(data.features.length);
  });

  let markers = [];

  // Clear of the controls in the map's corners; on a phone it scrolls rather than
  // running off the map.
  function popupOptions() {
    const height = map.getSize().y;
    return {
      maxWidth: 360,
      maxHeight: panel.isPhone() ? Math.round(height * 0.6) : null,
      autoPanPaddingTopLeft: [10, 110],
      autoPanPaddingBottomRight: [10, 10],
    };
  }

  async function openMarkerPopup(marker) {
    const detail = await feeds.detail(marker.incidentId);
    marker.bindPopup(popupContent(detail, config), popupOptions()).openPopup();
  }
  clusters.on("click", (e) => openMarkerPopup(e.layer));
  // Markers are focusable (markers.js); Leaflet hands their keys to the layer.
  clusters.on("keypress", (e) => {
    if (!isActivationKey(e.originalEvent)) return;
    e.originalEvent.preventDefault();
    openMarkerPopup(e.layer);
  });
  clusters.on("clusterkeypress", (e) => {
    if (!isActivationKey(e.originalEvent)) return;
    e.originalEvent.preventDefault();
    if (map.getZoom() >= map.getMaxZoom()) e.layer.spiderfy();
    else e.layer.zoomToBounds({ padding: [20, 20] });
  });

  // Everything the filters drew, gone: a refused query shows no stale results.
  function clearResults(error) {
    listGeneration += 1; // a list still on its way is not drawn
    clusters.clearLayers();
    markers = [];
    districts.clear();
    legend.update(0);
    panels.clear();
    list.clear(error ? s.listCleared : "");
    drawTimeline([], null, null);
    delete container.dataset.markers;
    delete container.dataset.total;
    map.closePopup();
  }

  function exportsFor(suffix) {
    document.getElementById("export-geojson").href = config.urls.exportGeojson + suffix;
    document.getElementById("export-csv").href = config.urls.exportCsv + suffix;
    document.getElementById("export-xlsx").href = config.urls.exportXlsx + suffix;
    document.getElementById("export-gpkg").href = config.urls.exportGpkg + suffix;
  }

  let listGeneration = 0;
  let listed = null; // the query of the rows in the list
  async function loadList() {
    const suffix = listQuery();
    listed = suffix;
    const mine = ++listGeneration;
    list.loading();
    try {
      const data = await feeds.list(suffix);
      if (mine !== listGeneration) return;
      list.draw(data, currentParams());
    } catch (error) {
      if (mine !== listGeneration) return;
      if (Object.keys(error.parameters || {}).length) {
        showErrors(form, error, s);
        clearResults(error);
      } else {
        list.clear(fmt(s.listFailed, { error: error.message }));
      }
    }
  }

  // Through the module even when emptied: it keeps redrawing what it last drew.
  function drawTimeline(days, from, to) {
    renderTimeline(timeline, days, { from, to, locale: config.locale, strings: s, onRange: setRange });
  }

  function totalIn(days, from, to) {
    return days.reduce((sum, d) => sum + ((!from || d.date >= from) && (!to || d.date <= to) ? d.count : 0), 0);
  }

  // The map's feeds do not read the list's own parameters (sort, page): the list is
  // asked too, so that a refused link names every bad parameter at once.
  async function withListErrors(error) {
    if (error.status !== 400 || listQuery() === mapQuery()) return error;
    try {
      await feeds.list(listQuery());
    } catch (listError) {
      if (listError.status === 400) return listError;
    }
    return error;
  }

  let generation = 0;
  let loaded = null; // the query of the data on the map
  async function load() {
    const suffix = mapQuery();
    loaded = suffix;
    exportsFor(suffix);
    const mine = ++generation;
    container.dataset.loading = "true";
    try {
      // Markers first: they are what the analyst waits for. The district counts,
      // the timeline and the list are asked for once the points have arrived, so
      // the server answers the big request alone, and drawn after the clustering.
      const incidents = await feeds.points(suffix);

      if (mine !== generation) return; // a newer request has been made
      const rest = Promise.all([feeds.districts(suffix), feeds.timeline(timelineQuery())]);
      loadList();
      clearErrors(form);
      delete container.dataset.error;
      performance.mark("incidents:received"); // marks for bench/bench_map.py
      clusters.clearLayers();
      map.closePopup();
      markers = markersFrom(incidents);
      // No "layeradd" event per marker: nothing listens, and there are 100,000.
      clusters.addLayers(markers, true);
      performance.mark("incidents:clustered");
      container.dataset.markers = String(markers.length);
      const [districtData, timelineData] = await rest;
      if (mine !== generation) return;
      legend.update(districts.draw(districtData));
      panels.draw(districtData, districts.name);
      const params = currentParams();
      const [from, to] = [params.get("from"), params.get("to")];
      // The timeline spans every date; the total is that of the chosen range.
      const total = totalIn(timelineData.days, from, to);
      panels.summary(total, markers.length);
      container.dataset.total = String(total);
      drawTimeline(timelineData.days, from, to);
    } catch (error) {
      if (mine !== generation) return;
      container.dataset.error = "true";
      clearResults(error);
      showErrors(form, await withListErrors(error), s);
    } finally {
      if (mine === generation) container.dataset.loading = "false";
    }
  }

  // New filters: a new history entry, the form showing them, and everything reloaded.
  function applyParams(params) {
    params.delete("page");
    pushParams(params);
    setFormFromUrl(form);
    load();
  }

  // Sort and page concern the list alone.
  function applyListParams(params) {
    pushParams(params);
    if (mapQuery() !== loaded) load();
    else loadList();
  }

  function setRange(from, to) {
    const params = currentParams();
    if (from) params.set("from", from);
    else params.delete("from");
    if (to) params.set("to", to);
    else params.delete("to");
    applyParams(params);
  }

  function narrowToDistrict({ city, slug }) {
    const params = currentParams();
    const already = params.getAll("district");
    if (already.length === 1 && already[0] === slug) return;
    params.delete("district");
    params.append("district", slug);
    if (params.get("city") && params.get("city") !== city) params.set("city", city);
    applyParams(params);
    // On a phone the list is in the folded panel: shown, at the list.
    if (panel.isPhone()) {
      panel.open();
      document.getElementById("incident-list").scrollIntoView({ block: "start" });
    }
  }

  function openCityLevel(slug) {
    applyParams(cityLevelParams(slug));
    document.getElementById("incident-list").scrollIntoView({ block: "start" });
  }

  // A row of the list, shown where the map shows its kind of location.
  async function showIncident(row) {
    const detail = await feeds.detail(row.id);
    panels.clearSelected();
    districts.unhighlight();
    if (row.lon !== null && row.lat !== null) {
      if (panel.isPhone()) panel.close();
      const marker = markers.find((m) => m.incidentId === row.id);
      if (marker && clusters.hasLayer(marker)) {
        clusters.zoomToShowLayer(marker, () => {
          marker.bindPopup(popupContent(detail, config), popupOptions()).openPopup();
        });
      } else {
        map.once("moveend", () => {
          L.popup(popupOptions()).setLatLng([row.lat, row.lon]).setContent(popupContent(detail, config)).openOn(map);
        });
        map.flyTo([row.lat, row.lon], map.getMaxZoom());
      }
      return;
    }
    const polygon = row.district_slug ? districts.highlight(row.city_slug, row.district_slug) : null;
    if (polygon) {
      if (panel.isPhone()) panel.close();
      map.once("moveend", () => {
        L.popup(popupOptions()).setLatLng(polygon.getCenter()).setContent(popupContent(detail, config)).openOn(map);
      });
      map.flyToBounds(polygon.getBounds(), { padding: [20, 20] });
      return;
    }
    // Located to a district without a polygon, or to a city only: the panel counts it.
    if (row.district_slug) panels.markUnmappedDistrict(row.district_slug);
    if (row.city_slug) map.flyToBounds(cityBounds(config, row.city_slug));
    panels.showSelected(detail, {
      citySlug: row.district_slug ? null : row.city_slug,
      heading: row.district_slug
        ? fmt(s.selectedInDistrict, { district: row.district })
        : fmt(s.selectedInCity, { city: row.city || "" }),
    });
    if (panel.isPhone()) panel.open();
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    applyParams(formParams(form));
    if (panel.isPhone()) panel.close();
  });
  form.addEventListener("reset", (e) => {
    e.preventDefault();
    applyParams(new URLSearchParams());
  });
  window.addEventListener("popstate", () => {
    setFormFromUrl(form);
    const restored = viewFromHash();
    // Without animation: an animated zoom ends on a rounded pixel, not the hash's point.
    if (restored) map.setView(restored.center, restored.zoom, { animate: false });
    // A new hash alone (typed, or a link to another view) needs no new data.
    if (mapQuery() !== loaded) load();
    else if (listQuery() !== listed) loadList();
  });
  // Shown so that a list row can be reached without the mouse after the map.
  container.setAttribute("aria-label", s.mapLabel);
  load();
}
