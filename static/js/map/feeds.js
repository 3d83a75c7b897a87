// The API's feeds. The points feed, the one the analyst waits for, is asked for as
// soon as the page's modules run rather than when the map is ready (window "load"):
// the server's half second then overlaps the page's loading (bench/bench_map.py).

import { getJSON } from "../lib/fetch.js";
import { mapQuery } from "./state.js";

export function createFeeds(urls) {
  let prefetched = { suffix: mapQuery(), body: getJSON(urls.points + mapQuery()) };
  prefetched.body.catch(() => {}); // reported where it is awaited

  return {
    points(suffix) {
      if (prefetched?.suffix === suffix) {
        const { body } = prefetched;
        prefetched = null;
        return body;
      }
      prefetched = null;
      return getJSON(urls.points + suffix);
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
