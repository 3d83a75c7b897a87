// One click on the map places the incident's point (or moves it there), and the
// point itself can be dragged: no edit mode, no toolbar Save before the form's Save.
//
// It builds on django-leaflet's geometry field (leaflet/leaflet.forms.js): the field
// announces itself with `map:loadfield`, keeps its layer in `field.drawnItems` and
// writes the form's hidden textarea with `field.store.save(...)`. The Leaflet.draw
// toolbar stays for deleting the point; while one of its tools is active, clicks and
// drags belong to that tool.

const precisionSelects = document.querySelectorAll("select[data-point-precision-for]");

function precisionRow(select) {
  return select.closest(".form-row") ?? select.parentElement;
}

// The precision is asked for a point placed by hand only: hidden until it moves,
// unless the server re-renders a refused form whose point had moved.
for (const select of precisionSelects) {
  if (select.dataset.pointChanged !== "true") precisionRow(select).hidden = true;
}

function showPrecision(fieldId) {
  for (const select of precisionSelects) {
    if (select.dataset.pointPrecisionFor === fieldId) precisionRow(select).hidden = false;
  }
}

function attach(map, field) {
  const fieldId = field.options.fieldid;
  const container = map.getContainer();
  let toolActive = false;

  const currentMarker = () => field.drawnItems.getLayers().find((layer) => layer instanceof L.Marker);

  const changed = () => {
    field.store.save(field.drawnItems);
    showPrecision(fieldId);
    container.dataset.pointChanged = "true";
  };

  // Leaflet.draw's edit mode turns a marker's dragging on and, when it ends, off:
  // it is turned on again then, and a drag inside that mode is the mode's to store
  // (or to revert on Cancel).
  const onDragEnd = () => {
    if (!toolActive) changed();
  };
  const makeDraggable = (marker) => {
    if (!marker.dragging) return;
    marker.dragging.enable();
    marker.off("dragend", onDragEnd).on("dragend", onDragEnd);
  };

  map.on("draw:drawstart draw:editstart draw:deletestart", () => {
    toolActive = true;
  });
  map.on("draw:drawstop draw:editstop draw:deletestop", () => {
    // Leaflet.draw ends a tool inside the click that used it; that click is not
    // also a click to place the point.
    setTimeout(() => {
      toolActive = false;
    }, 0);
    const marker = currentMarker();
    if (marker) makeDraggable(marker);
  });
  // A marker drawn with the toolbar or moved in its edit mode: django-leaflet has
  // stored it already (its handlers run first); it only has to ask the precision.
  map.on("draw:created draw:edited", (event) => {
    if (event.layer) makeDraggable(event.layer);
    showPrecision(fieldId);
  });

  map.on("click", (event) => {
    if (toolActive) return;
    const marker = currentMarker();
    if (marker) {
      marker.setLatLng(event.latlng);
    } else {
      const placed = L.marker(event.latlng);
      field.drawnItems.addLayer(placed);
      makeDraggable(placed);
    }
    changed();
  });

  const marker = currentMarker();
  if (marker) makeDraggable(marker);
  container.dataset.pointEditor = "ready";
}

window.addEventListener("map:init", (event) => {
  const { map } = event.detail;
  // django-leaflet runs the widget's callback, which creates the field, right after
  // this event: the listener is in place before the field announces itself.
  map.on("map:loadfield", (loaded) => {
    if (!loaded.field.options.is_point || loaded.field.options.is_collection) return;
    attach(map, loaded.field);
  });
});
