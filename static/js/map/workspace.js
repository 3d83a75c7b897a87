// The page once the map exists: loads the URL's filters into the map, the panels, the
// list and the timeline, and keeps them in step with each other and with history.

import { el, fmt } from "../lib/dom.js";
import { allBounds, cityBounds, cityControl, layersControl } from "./controls.js";
import { createDistricts } from "./districts.js";
import { clearErrors, formParams, isFilterError, setFormFromUrl, showErrors, showFailure } from "./filters.js";
import { legendControl } from "./legend.js";
import { createList } from "./list.js";
import { createMarkers, isActivationKey } from "./markers.js";
import { cityLevelParams, createPanels } from "./panels.js";
import { popupContent } from "./popup.js";
import { currentParams, listQuery, mapQuery, pushParams, timelineQuery, viewFromHash, viewToHash } from "./state.js";
import { renderTimeline } from "./timeline.js";
import { createView } from "./view.js";

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
  // Both cities fit at zoom 7, and zoom 16 (1.5 m a pixel) shows the buildings on
  // a street; incidents closer than a cluster's radius at 16 fan out on a click.
  map.setMinZoom(7);
  map.setMaxZoom(16);
  // Straight to the view, before the clusters are added: a zoom animation at this
  // point would make the clusters ignore clicks until it ended.
  const opened = viewFromHash();
  if (opened) map.setView(opened.center, opened.zoom, { animate: false });
  else map.fitBounds(cityBounds(config, currentParams().get("city") || config.defaultCity), { animate: false });
  viewToHash(map);
  // data-moving tells the browser tests when a fly or a pan has ended.
  container.dataset.moving = "false";
  map.on("movestart", () => {
    container.dataset.moving = "true";
  });

  const view = createView(map, { feeds, markers: createMarkers(config), onDraw: drawnView });
  const districts = createDistricts(config, { onSelect: narrowToDistrict });
  districts.layer.addTo(map);
  const cities = L.geoJSON(null, {
    style: { color: "#222", weight: 2, fill: false, dashArray: "6 4" },
    interactive: false,
  }).addTo(map);
  view.layer.addTo(map);
  const legend = legendControl(config).addTo(map);
  cityControl(config, {
    onCity(slug) {
      form.elements.city.value = slug;
      // Another city's districts would make the query one the server refuses.
      for (const option of form.elements.district.options) {
        if (slug && option.dataset.city !== slug) option.selected = false;
      }
      // Submit first: its new history entry is the one that gets the new view.
      form.requestSubmit();
      map.fitBounds(slug ? cityBounds(config, slug) : allBounds(config.cities));
    },
  }).addTo(map);
  layersControl(config, { clusters: view.layer, districts: districts.layer, cities }, { collapsed: true }).addTo(map);
  const panels = createPanels(config, { onCityLevel: openCityLevel });
  const list = createList(config, { onShow: showIncident, onParams: applyListParams });
  const timeline = document.getElementById("timeline");

  feeds.cities().then((data) => {
    cities.addData(data);
    container.dataset.cities = String(data.features.length);
  });

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

  // An incident's details for the latest click only: a slower answer to an earlier
  // click never opens over it. A failure says so where the click was.
  let opening = 0;
  async function detailFor(id, where) {
    const mine = ++opening;
    try {
      const detail = await feeds.detail(id);
      return mine === opening ? detail : null;
    } catch (error) {
      if (mine === opening) {
        const text = fmt(s.detailFailed, { error: error.message });
        L.popup(popupOptions())
          .setLatLng(where())
          .setContent(el("p", text, { class: "error", role: "alert" }))
          .openOn(map);
      }
      return null;
    }
  }

  async function openMarkerPopup(marker) {
    const detail = await detailFor(marker.incidentId, () => marker.getLatLng());
    if (detail) marker.bindPopup(popupContent(detail, config), popupOptions()).openPopup();
  }
  view.points.on("click", (e) => openMarkerPopup(e.layer));
  // Markers are focusable (markers.js); Leaflet hands their keys to the layer.
  view.points.on("keypress", (e) => {
    if (!isActivationKey(e.originalEvent)) return;
    e.originalEvent.preventDefault();
    openMarkerPopup(e.layer);
  });
  view.points.on("clusterkeypress", (e) => {
    if (!isActivationKey(e.originalEvent)) return;
    e.originalEvent.preventDefault();
    if (map.getZoom() >= map.getMaxZoom()) e.layer.spiderfy();
    else e.layer.zoomToBounds({ padding: [20, 20] });
  });

  // Everything the filters drew, gone: a refused query shows no stale results.
  function clearResults(error) {
    listGeneration += 1; // a list still on its way is not drawn
    view.clear();
    matching = null;
    districts.clear();
    legend.update(0);
    panels.clear();
    list.clear(error ? s.listCleared : "");
    drawTimeline([], null, null);
    delete container.dataset.markers;
    delete container.dataset.clusters;
    delete container.dataset.points;
    delete container.dataset.drawn;
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
  // Resolves to the matching incidents' count (null where the list failed or a
  // newer one took its place).
  async function loadList() {
    const suffix = listQuery();
    listed = suffix;
    const mine = ++listGeneration;
    list.loading();
    try {
      const data = await feeds.list(suffix);
      if (mine !== listGeneration) return null;
      list.draw(data, currentParams());
      return data.count;
    } catch (error) {
      if (mine !== listGeneration) return null;
      if (Object.keys(error.parameters || {}).length) {
        container.dataset.error = "true"; // nothing is drawn until they are fixed
        showErrors(form, error, s);
        clearResults(error);
      } else {
        list.clear(fmt(s.listFailed, { error: error.message }));
      }
      return null;
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

  // The summary and the data- attributes the tests and benchmarks read: the
  // matching incidents (the list's count: an incident counts when its span meets
  // the range, as the server filters) and those with a point in the view.
  let matching = null;
  let inView = null;
  function summarise() {
    if (matching === null || inView === null) return;
    panels.summary(matching, inView);
  }

  function drawnView(data, { zoom, bbox }) {
    inView = data.total;
    container.dataset.drawn = `${zoom}/${bbox}`; // what was asked for
    container.dataset.markers = String(data.total);
    container.dataset.clusters = String(data.clusters.length);
    container.dataset.points = String(data.points.length);
    summarise();
    if (!performance.getEntriesByName("clusters:drawn").length) performance.mark("clusters:drawn");
  }

  // The filters refused: nothing stale is shown. Anything else (the server, the
  // network, a session that ended): what is drawn stays, the next pan or Retry
  // asks again.
  function failed(error, listError = error) {
    if (isFilterError(error)) {
      container.dataset.error = "true";
      clearResults(error);
      showErrors(form, listError, s);
      return;
    }
    container.dataset.failed = "true";
    showFailure(form, error, s, { onRetry: load, signInUrl: config.urls.signIn });
  }

  // A pan or a zoom: the new view's clusters, if not drawn already.
  map.on("moveend", () => {
    container.dataset.moving = "false";
    viewToHash(map);
    if (loaded === null || container.dataset.error === "true") return;
    view.load(loaded).catch((error) => failed(error));
  });

  let generation = 0;
  let loaded = null; // the query of the data on the map
  async function load() {
    const suffix = mapQuery();
    loaded = suffix;
    exportsFor(suffix);
    const mine = ++generation;
    container.dataset.loading = "true";
    delete container.dataset.total; // that of the new filters once known
    inView = null;
    try {
      // All at once: each is a small answer now (the view's clusters are bounded).
      const drawn = view.load(suffix, { force: true });
      const rest = Promise.all([feeds.districts(suffix), feeds.timeline(timelineQuery())]);
      rest.catch(() => {}); // reported through the view's request, which fails alike
      await drawn;
      if (mine !== generation) return; // a newer request has been made
      map.closePopup();
      const counted = loadList();
      clearErrors(form);
      delete container.dataset.error;
      delete container.dataset.failed;
      const [districtData, timelineData] = await rest;
      if (mine !== generation) return;
      legend.update(districts.draw(districtData));
      panels.draw(districtData, districts.name);
      const params = currentParams();
      const [from, to] = [params.get("from"), params.get("to")];
      drawTimeline(timelineData.days, from, to);
      // The timeline files an incident under the day it starts, so one that began
      // before the range is not in its days: the list's count is exact, the
      // timeline's total stands in only where the list failed.
      const count = await counted;
      // A newer request, or the list's own parameters refused (page, sort).
      if (mine !== generation || container.dataset.error === "true") return;
      matching = count ?? totalIn(timelineData.days, from, to);
      summarise();
      container.dataset.total = String(matching);
    } catch (error) {
      if (mine !== generation) return;
      failed(error, isFilterError(error) ? await withListErrors(error) : error);
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
    const detail = await detailFor(row.id, () =>
      row.lat !== null && row.lon !== null ? L.latLng(row.lat, row.lon) : map.getCenter(),
    );
    if (!detail) return;
    panels.clearSelected();
    districts.unhighlight();
    if (row.lon !== null && row.lat !== null) {
      if (panel.isPhone()) panel.close();
      // Asked to be shown: the incidents' layer, if turned off, comes back on.
      if (!map.hasLayer(view.layer)) view.layer.addTo(map);
      const openOn = (marker) =>
        view.points.zoomToShowLayer(marker, () => {
          marker.bindPopup(popupContent(detail, config), popupOptions()).openPopup();
        });
      const marker = view.marker(row.id);
      if (marker) {
        openOn(marker);
        return;
      }
      // In a cluster or out of the view: there, at the last zoom, where the view
      // holds it as a single incident (or, in a crowd too dense even there, as a
      // popup at its point).
      map.once("moveend", async () => {
        // Leaflet runs a map's handlers in the order they were added: the moveend
        // handler above, added at start, has begun this view's load already.
        await view.settled();
        const there = view.marker(row.id);
        if (there) openOn(there);
        else L.popup(popupOptions()).setLatLng([row.lat, row.lon]).setContent(popupContent(detail, config)).openOn(map);
      });
      map.flyTo([row.lat, row.lon], map.getMaxZoom());
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
