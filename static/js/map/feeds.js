// The API's feeds.

import { getJSON } from "../lib/fetch.js";

export function createFeeds(urls) {
  return {
    // The clusters and single incidents of one view: `view` is {zoom, bbox}.
    clusters(suffix, view, options) {
      const params = new URLSearchParams(suffix);
      params.set("z", String(view.zoom));
      params.set("bbox", view.bbox.join(","));
      return getJSON(`${urls.clusters}?${params}`, options);
    },
    districts: (suffix) => getJSON(urls.districts + suffix),
    cities: () => getJSON(urls.cities),
    timeline: (suffix) => getJSON(urls.timeline + suffix),
    list: (suffix, options) => getJSON(urls.list + suffix, options),
    detail: (id) => getJSON(urls.detail.replace("/0.json", `/${id}.json`)),
  };
}

// /incidents/0/ → /incidents/<id>/: the URL comes from reverse() on the server.
export function incidentPageUrl(urls, id) {
  return urls.page.replace("/0/", `/${id}/`);
}
