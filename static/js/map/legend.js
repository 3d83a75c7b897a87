// The legend explains every way the map shows where an incident happened: a filled
// dot for an exact point, a ring for a street or a named place, the shading for
// incidents located to a district, and the panel for those located to a city only.

import { el, fmt, number } from "../lib/dom.js";
import { CHOROPLETH } from "./districts.js";

const SVG = "http://www.w3.org/2000/svg";

function symbol({ fill, fillOpacity, stroke, weight, dash, radius }) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("width", "18");
  svg.setAttribute("height", "18");
  svg.setAttribute("viewBox", "0 0 18 18");
  svg.setAttribute("aria-hidden", "true");
  const circle = document.createElementNS(SVG, "circle");
  for (const [key, value] of Object.entries({
    cx: 9,
    cy: 9,
    r: radius,
    fill,
    "fill-opacity": fillOpacity,
    stroke,
    "stroke-width": weight,
    "stroke-dasharray": dash || "",
  })) {
    circle.setAttribute(key, value);
  }
  svg.append(circle);
  return svg;
}

function swatch(colour) {
  const node = el("i", null, { "aria-hidden": "true" });
  node.style.background = colour;
  return node;
}

function row(...children) {
  const node = el("div", null, { class: "legend-row" });
  node.append(...children);
  return node;
}

// Pixels: a map shorter than this opens with its legend folded.
const SHORT_MAP = 480;

export function legendControl(config) {
  const s = config.strings;
  const control = L.control({ position: "bottomright" });
  control.onAdd = (map) => {
    // Folded on a phone, where it would cover the map, and on a map too short for
    // it beside the city switch above it (a laptop's 720 pixels); a click opens it.
    const folded = window.matchMedia("(max-width: 760px)").matches || map.getSize().y < SHORT_MAP;
    const root = el("details", null, { class: "legend", id: "legend", open: folded ? null : "" });
    L.DomEvent.disableClickPropagation(root);
    L.DomEvent.disableScrollPropagation(root);
    return root;
  };
  control.update = (max) => {
    const node = document.getElementById("legend");
    const precision = el("div", null, { class: "legend-precision" });
    precision.append(
      el("strong", s.legendWhere),
      row(symbol({ fill: "#444", fillOpacity: 0.9, stroke: "#444", weight: 1, radius: 5 }), el("span", s.legendExact)),
      row(
        symbol({ fill: "#444", fillOpacity: 0.15, stroke: "#444", weight: 2.5, dash: "3 3", radius: 6 }),
        el("span", s.legendStreet),
      ),
      row(
        symbol({ fill: "#444", fillOpacity: 0.15, stroke: "#444", weight: 2.5, radius: 6 }),
        el("span", s.legendPlace),
      ),
      row(swatch(CHOROPLETH[4]), el("span", s.legendDistrict)),
      row(el("span", "▤", { class: "legend-glyph", "aria-hidden": "true" }), el("span", s.legendCity)),
    );
    const shading = el("div", null, { class: "legend-shading" });
    const scale = el("div", null, { class: "legend-scale" });
    scale.append(row(swatch(CHOROPLETH[0]), el("span", "0")));
    const steps = CHOROPLETH.length - 1;
    // Count c gets colour ceil(c * steps / max); list each colour's range once.
    for (let i = 1; i <= steps; i += 1) {
      const from = Math.floor(((i - 1) * max) / steps) + 1;
      const to = Math.floor((i * max) / steps);
      if (from > to) continue;
      scale.append(row(swatch(CHOROPLETH[i]), el("span", from === to ? number(to) : fmt("{from}–{to}", { from, to }))));
    }
    shading.append(el("strong", s.legendPerDistrict), scale);
    const types = el("div", null, { class: "legend-types" });
    types.append(el("strong", s.legendEventTypes));
    for (const type of config.eventTypes) {
      types.append(row(swatch(type.colour), el("span", `${type.short} ${type.label}`)));
    }
    node.replaceChildren(el("summary", s.legendTitle), precision, shading, types);
  };
  return control;
}
