// The analysts' map page: clustered incidents over a district choropleth, the list of
// the same incidents beside it, filters kept in the URL, a timeline to brush a date
// range, and exports of exactly what is shown. Everything the page knows about the
// vocabularies, the cities and its URLs comes from the json_script node "map-config".

import { readJSONScript } from "../lib/dom.js";
import { createFeeds } from "./feeds.js";
import { setFormFromUrl } from "./filters.js";
import { startWorkspace } from "./workspace.js";

const config = readJSONScript("map-config");
// Asked for now, while Leaflet and the tiles load: the map draws it on map:init.
const feeds = createFeeds(config.urls);
const form = document.getElementById("filters");
setFormFromUrl(form);

window.addEventListener("map:init", (event) => {
  const { map } = event.detail;
  if (map.getContainer().id !== "incident-map") return;
  startWorkspace({ map, config, feeds, form });
});
