// The list of the incidents that match the filters, from /api/incidents.json: the
// accessible equivalent of the map. Every incident is reachable by Tab and shown on
// the map by Enter or a click; each row links to the incident's page.

import { el, fmt } from "../lib/dom.js";
import { isActivationKey } from "./markers.js";
import { currentParams } from "./state.js";

// Clicked once, a header sorts in its first direction here, then flips.
const FIRST_DIRECTION = { date: "-date", fatalities: "-fatalities", injured: "-injured", district: "district" };
export const DEFAULT_SORT = "-date";

export function nextSort(current, key) {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return key;
  return FIRST_DIRECTION[key];
}

function count(value) {
  return value === null || value === undefined ? "?" : String(value);
}

function where(row) {
  return [row.city, row.district, row.street || row.place].filter(Boolean).join(" · ") || "—";
}

export function createList(config, { onShow, onParams }) {
  const s = config.strings;
  const root = document.getElementById("incident-list");
  const body = root.querySelector("tbody");
  const status = document.getElementById("list-status");
  const pageLabel = document.getElementById("list-page");
  const prev = document.getElementById("list-prev");
  const next = document.getElementById("list-next");
  let rows = new Map();

  function sortOf(params) {
    return params.get("sort") || DEFAULT_SORT;
  }

  function markSort(params) {
    const sort = sortOf(params);
    for (const th of root.querySelectorAll("th[data-sort]")) {
      const key = th.dataset.sort;
      th.setAttribute("aria-sort", sort === key ? "ascending" : sort === `-${key}` ? "descending" : "none");
    }
  }

  for (const th of root.querySelectorAll("th[data-sort]")) {
    th.querySelector("button").addEventListener("click", () => {
      const params = currentParams();
      params.set("sort", nextSort(sortOf(params), th.dataset.sort));
      if (params.get("sort") === DEFAULT_SORT) params.delete("sort");
      params.delete("page");
      onParams(params);
    });
  }

  function goToPage(page) {
    const params = currentParams();
    if (page <= 1) params.delete("page");
    else params.set("page", String(page));
    onParams(params);
  }
  prev.addEventListener("click", () => goToPage(Number(root.dataset.page) - 1));
  next.addEventListener("click", () => goToPage(Number(root.dataset.page) + 1));

  function activate(tr) {
    const row = rows.get(Number(tr.dataset.incident));
    if (!row) return;
    for (const other of body.querySelectorAll("tr.selected")) other.classList.remove("selected");
    tr.classList.add("selected");
    onShow(row);
  }
  body.addEventListener("click", (event) => {
    if (event.target.closest("a")) return; // the incident page's link does its own thing
    const tr = event.target.closest("tr[data-incident]");
    if (tr) activate(tr);
  });
  body.addEventListener("keydown", (event) => {
    if (!isActivationKey(event) || event.target.tagName !== "TR") return;
    event.preventDefault();
    activate(event.target);
  });

  function rowFor(row) {
    const tr = el("tr", null, {
      tabindex: "0",
      "data-incident": row.id,
      "data-precision": row.geo_precision || "none",
      "aria-label": fmt(s.rowLabel, { title: row.title, when: row.when }),
    });
    const title = el("td", null, { class: "title" });
    title.append(el("a", row.title, { href: row.url }));
    tr.append(
      el("td", row.when, { class: "when" }),
      title,
      el("td", where(row), { class: "where" }),
      el("td", row.event_type_label, { class: "type" }),
      // The labels are for the phone layout, where each row is a card without headers.
      el("td", count(row.fatalities), { class: "num killed", "data-label": s.killed }),
      el("td", count(row.injured), { class: "num injured", "data-label": s.injured }),
      el("td", row.geo_precision_label || "—", { class: "precision", "data-label": s.locatedTo }),
      el("td", row.status_label, { class: "status", "data-label": s.status }),
      el("td", row.sources, { class: "num sources", "data-label": s.sourcesCount }),
    );
    return tr;
  }

  return {
    clear(message = "") {
      rows = new Map();
      body.replaceChildren();
      status.textContent = message;
      pageLabel.textContent = "";
      prev.disabled = true;
      next.disabled = true;
      delete root.dataset.count;
      delete root.dataset.page;
      root.dataset.loading = "false";
    },
    loading() {
      root.dataset.loading = "true";
    },
    draw(data, params) {
      rows = new Map(data.results.map((row) => [row.id, row]));
      body.replaceChildren(...data.results.map(rowFor));
      markSort(params);
      status.textContent = fmt(s.listCount, { count: data.count });
      pageLabel.textContent = fmt(s.listPage, { page: data.page, pages: Math.max(1, data.pages) });
      prev.disabled = data.page <= 1;
      next.disabled = data.page >= data.pages;
      root.dataset.count = String(data.count);
      root.dataset.page = String(data.page);
      root.dataset.loading = "false";
    },
  };
}
