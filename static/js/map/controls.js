// Map controls: the city switch and the layer switcher.

import { el } from "../lib/dom.js";

// [[south, west], [north, east]] around every city, for "both".
export function allBounds(cities) {
  const known = cities.filter((c) => c.bounds);
  if (!known.length)
    return [
      [47.7, 30.0],
      [50.7, 38.2],
    ];
  return [
    [Math.min(...known.map((c) => c.bounds[0][0])), Math.min(...known.map((c) => c.bounds[0][1]))],
    [Math.max(...known.map((c) => c.bounds[1][0])), Math.max(...known.map((c) => c.bounds[1][1]))],
  ];
}

export function cityBounds(config, slug) {
  return config.cities.find((c) => c.slug === slug)?.bounds || allBounds(config.cities);
}

export function cityControl(config, { onCity }) {
  const control = L.control({ position: "topright" });
  control.onAdd = () => {
    const root = el("div", null, {
      class: "leaflet-bar legend",
      id: "city-switch",
      role: "group",
      "aria-label": config.strings.cityLabel,
    });
    const choices = [...config.cities.map((c) => [c.slug, c.name]), ["", config.strings.bothCities]];
    for (const [slug, label] of choices) {
      const button = el("button", label, { type: "button", "data-city": slug });
      button.addEventListener("click", () => onCity(slug));
      root.append(button);
    }
    L.DomEvent.disableClickPropagation(root);
    return root;
  };
  return control;
}

export function layersControl(config, { clusters, districts, cities }, { collapsed = false } = {}) {
  const s = config.strings;
  return L.control.layers(
    null,
    { [s.layerIncidents]: clusters, [s.layerDistricts]: districts, [s.layerCities]: cities },
    { collapsed },
  );
}
