// The popup of one incident, from /api/incidents/<id>.json. Report text is data:
// textContent only, and only http(s) links from reports become links.

import { el } from "../lib/dom.js";
import { incidentPageUrl } from "./feeds.js";

// In Kyiv time, in the UI's language; an interval only when it is one.
function when(detail, config) {
  const format = new Intl.DateTimeFormat(config.locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: config.timeZone,
  });
  const [from, to] = [new Date(detail.occurred_from), new Date(detail.occurred_to)];
  return from.getTime() === to.getTime() ? format.format(from) : format.formatRange(from, to);
}

export function popupContent(detail, config) {
  const s = config.strings;
  const count = (value) => (value === null || value === undefined ? s.unknown : String(value));
  const root = el("div", null, { class: "popup", "data-incident": detail.id });
  root.append(el("strong", detail.title));
  const list = el("dl");
  const rows = [
    [s.when, `${when(detail, config)} (${detail.time_precision})`],
    [s.what, [detail.event_type, detail.sub_event_type].filter(Boolean).join(" / ")],
    [s.weapons, detail.weapons.join(", ") || s.notReported],
    [s.infrastructure, detail.tags.join(", ") || s.noneReported],
    [s.killed, count(detail.fatalities)],
    [s.injured, count(detail.injured)],
    [s.reportedLocation, detail.location_text || "—"],
    [s.geocoded, `${detail.geocoded || "—"} (${detail.geo_precision || s.noPrecision})`],
    [s.status, detail.status],
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
        item.append(
          el("a", source.title || source.url, { href: source.url, target: "_blank", rel: "noopener noreferrer" }),
        );
      } else {
        item.textContent = source.title || source.outlet || s.source;
      }
      sources.append(item);
    }
    root.append(el("div", s.sources), sources);
  }
  const links = el("p", null, { class: "popup-links" });
  const page = detail.url || (config.urls.page && incidentPageUrl(config.urls, detail.id));
  if (page) links.append(el("a", s.openIncidentPage, { href: page, class: "incident-page" }));
  if (config.urls.adminChange) {
    links.append(el("a", s.editInAdmin, { href: config.urls.adminChange.replace("/0/", `/${detail.id}/`) }));
  }
  root.append(links);
  return root;
}
