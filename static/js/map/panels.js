// The panel beside the map: the summary, the incidents the map cannot draw (districts
// without a polygon, incidents located to a city only) and the incident shown from
// the list when it has no point.

import { el, fmt } from "../lib/dom.js";
import { popupContent } from "./popup.js";
import { currentParams } from "./state.js";

// The list of one city's city-level incidents: the same definition as the panel's count.
export function cityLevelParams(slug) {
  const params = currentParams();
  for (const name of ["district", "precision", "page", "city"]) params.delete(name);
  params.set("city", slug);
  params.set("precision", "city");
  return params;
}

export function createPanels(config, { onCityLevel }) {
  const s = config.strings;
  const cityNames = new Map(config.cities.map((c) => [c.slug, c.name]));
  const summary = document.getElementById("summary");
  const unmapped = document.querySelector("#unmapped-districts tbody");
  const cityLevel = document.querySelector("#city-level tbody");
  const selected = document.getElementById("selected-incident");

  function row(cells, attrs = {}) {
    const tr = el("tr", null, attrs);
    for (const cell of cells) {
      const td = el("td");
      td.append(cell instanceof Node ? cell : document.createTextNode(String(cell)));
      tr.append(td);
    }
    return tr;
  }

  return {
    clear() {
      summary.textContent = "";
      unmapped.replaceChildren();
      cityLevel.replaceChildren();
      this.clearSelected();
    },
    summary(total, points) {
      summary.textContent = fmt(s.summary, { total, points });
    },
    draw(districtData, districtName) {
      unmapped.replaceChildren(
        ...districtData.features
          .filter((f) => !f.geometry)
          .map((f) =>
            row([districtName(f.properties.city, f.properties.slug), f.properties.count], {
              "data-district": f.properties.slug,
            }),
          ),
      );
      cityLevel.replaceChildren(
        ...Object.entries(districtData.city_level).map(([slug, count]) => {
          const params = cityLevelParams(slug);
          // The count, then what it does for screen readers (the visible text first
          // in the accessible name, as speech control needs).
          const link = el("a", count, { href: `?${params}`, "data-city": slug, "data-count": count });
          link.append(
            el("span", ` ${fmt(s.cityLevelOpen, { city: cityNames.get(slug) || slug })}`, { class: "visually-hidden" }),
          );
          link.addEventListener("click", (event) => {
            event.preventDefault();
            onCityLevel(slug);
          });
          return row([cityNames.get(slug) || slug, link], { "data-city": slug });
        }),
      );
    },
    markUnmappedDistrict(slug) {
      for (const tr of unmapped.querySelectorAll("tr"))
        tr.classList.toggle("highlighted", tr.dataset.district === slug);
    },
    // An incident without a point, shown in the panel where its kind is counted.
    showSelected(detail, { citySlug, heading }) {
      for (const tr of cityLevel.querySelectorAll("tr"))
        tr.classList.toggle("highlighted", tr.dataset.city === citySlug);
      const card = popupContent(detail, config);
      selected.replaceChildren(el("h3", heading), card);
      selected.dataset.incident = String(detail.id);
      selected.hidden = false;
      selected.scrollIntoView({ block: "nearest" });
      selected.focus({ preventScroll: true });
    },
    clearSelected() {
      selected.replaceChildren();
      selected.hidden = true;
      delete selected.dataset.incident;
      for (const tr of document.querySelectorAll("#city-level tr.highlighted, #unmapped-districts tr.highlighted")) {
        tr.classList.remove("highlighted");
      }
    },
  };
}
