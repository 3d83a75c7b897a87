// Draws the district outlines on admin maps so an analyst sees which district a
// point falls in. The URL comes from a json_script node the template renders.
const urlNode = document.getElementById("district-outlines-url");
const outlines = urlNode
  ? fetch(JSON.parse(urlNode.textContent), { credentials: "same-origin" }).then((r) =>
      r.ok ? r.json() : Promise.reject(new Error(`outlines: HTTP ${r.status}`)),
    )
  : null;

const STYLE = { color: "#3b4a6b", weight: 1.5, fillColor: "#6b7fa8", fillOpacity: 0.08 };

window.addEventListener("map:init", async (event) => {
  if (!outlines) return;
  const { map } = event.detail;
  const overview = map.getContainer().id === "district-overview";
  const data = await outlines;
  const layer = L.geoJSON(data, {
    // The class names the district, for styling and for the browser tests.
    style: (feature) => ({ ...STYLE, className: `district-outline district-${feature.properties.slug}` }),
    // On an editing map the outlines must not catch the clicks that place a point.
    interactive: overview,
    onEachFeature: (feature, featureLayer) => {
      if (!overview) return;
      const { name_en: en, name_uk: uk } = feature.properties;
      // bindTooltip with a DOM node: names from data never become markup.
      const label = document.createElement("span");
      label.textContent = `${en} / ${uk}`;
      featureLayer.bindTooltip(label, { sticky: true });
    },
  }).addTo(map);
  layer.bringToBack();
  map.getContainer().dataset.outlines = String(data.features.length);
  if (overview && data.features.length) map.fitBounds(layer.getBounds());
});
