// The incident page's small map: the point, or the district shaded, or the city's
// outline; never a point the report does not give. The data comes from the
// json_script "incident-map-data" (incidents/incident_page.py).

const SHADE = { color: "#26334d", weight: 2, fillColor: "#4a6fa5", fillOpacity: 0.35 };
const OUTLINE = { color: "#26334d", weight: 2, dashArray: "4 4", fill: false };

function draw(map, data) {
  const L = window.L;
  if (data.point) {
    // GeoJSON is lon, lat; Leaflet is lat, lng.
    const latlng = [data.point[1], data.point[0]];
    L.circleMarker(latlng, {
      radius: 8,
      color: "#fff",
      weight: 2,
      fillColor: "#c0392b",
      fillOpacity: 1,
    }).addTo(map);
    map.setView(latlng, data.precision === "exact" ? 16 : 15);
    return;
  }
  const geometry = data.district || data.city;
  if (!geometry) return;
  const layer = L.geoJSON(geometry, { style: data.district ? SHADE : OUTLINE }).addTo(map);
  map.fitBounds(layer.getBounds(), { padding: [8, 8] });
}

window.addEventListener("map:init", (event) => {
  const { map } = event.detail;
  if (map.getContainer().id !== "incident-page-map") return;
  const data = JSON.parse(document.getElementById("incident-map-data").textContent);
  draw(map, data);
  map.getContainer().dataset.drawn = data.point ? "point" : data.district ? "district" : data.city ? "city" : "none";
});
