// The district choropleth: each district shaded by its number of matching incidents,
// the only place where incidents located to a district (no point) appear on the map.

import { el, fmt } from "../lib/dom.js";

export const CHOROPLETH = ["#f7f4f9", "#e7d4e8", "#d4b9da", "#c994c7", "#df65b0", "#e7298a", "#ce1256", "#91003f"];

export function choroplethColour(count, max) {
  if (!count) return CHOROPLETH[0];
  const steps = CHOROPLETH.length - 1;
  return CHOROPLETH[Math.min(steps, Math.ceil((count * steps) / Math.max(max, 1)))];
}

const BASE_STYLE = { color: "#555", weight: 1, fillOpacity: 0.6 };
const HIGHLIGHT_STYLE = { color: "#0b63ce", weight: 4 };

export function districtKey(city, slug) {
  return `${city}/${slug}`;
}

export function createDistricts(config, { onSelect }) {
  const names = new Map(config.districts.map((d) => [districtKey(d.city, d.slug), d.name]));
  let highlighted = null;

  const layer = L.geoJSON(null, {
    style: () => ({ ...BASE_STYLE }),
    onEachFeature: (feature, polygon) => {
      const { city, slug } = feature.properties;
      polygon.on("mouseover", () => {
        const { count } = feature.properties;
        const name = names.get(districtKey(city, slug)) || slug;
        polygon
          .bindTooltip(el("span", fmt(config.strings.districtTooltip, { name, count })), { sticky: true })
          .openTooltip();
      });
      // Narrows the filters (and so the list) to this district.
      polygon.on("click", () => onSelect({ city, slug }));
    },
  });

  function find(city, slug) {
    let found = null;
    layer.eachLayer((polygon) => {
      const p = polygon.feature.properties;
      if (p.slug === slug && (!city || p.city === city)) found = polygon;
    });
    return found;
  }

  function unhighlight() {
    if (!highlighted) return;
    highlighted.setStyle({ color: BASE_STYLE.color, weight: BASE_STYLE.weight });
    highlighted.getElement()?.classList.remove("highlighted");
    highlighted = null;
  }

  return {
    layer,
    find,
    unhighlight,
    highlight(city, slug) {
      unhighlight();
      const polygon = find(city, slug);
      if (!polygon) return null;
      polygon.setStyle(HIGHLIGHT_STYLE);
      polygon.getElement()?.classList.add("highlighted");
      highlighted = polygon;
      return polygon;
    },
    clear() {
      highlighted = null;
      layer.clearLayers();
    },
    // Draws the features that have a polygon; returns the largest count, for the legend.
    draw(data) {
      highlighted = null;
      layer.clearLayers();
      const drawn = data.features.filter((f) => f.geometry);
      const max = Math.max(0, ...data.features.map((f) => f.properties.count));
      layer.addData({ type: "FeatureCollection", features: drawn });
      // Under the markers, which share the SVG: pins must stay clickable.
      layer.bringToBack();
      layer.eachLayer((polygon) => {
        const { count, slug } = polygon.feature.properties;
        polygon.setStyle({ fillColor: choroplethColour(count, max) });
        const path = polygon.getElement();
        path?.setAttribute("data-district", slug);
        path?.setAttribute("data-count", String(count));
      });
      return max;
    },
    name: (city, slug) => names.get(districtKey(city, slug)) || slug,
  };
}
