// The point of a report on a small map in the admin's report view (read only).

import { addTiles, creditLeaflet, leaflet, translateLeaflet } from "./lib/leaflet-base.js";

function show(container) {
    const L = leaflet();
    const lat = Number(container.dataset.lat);
    const lng = Number(container.dataset.lng);
    if (!L || Number.isNaN(lat) || Number.isNaN(lng)) return;
    container.hidden = false;
    const map = L.map(container, { center: [lat, lng], zoom: 16, scrollWheelZoom: false });
    creditLeaflet(map);
    translateLeaflet(map, container.dataset);
    addTiles(map, container.dataset, { credit: true });
    L.circleMarker([lat, lng], { radius: 9, weight: 3, color: "#b3261e", fillOpacity: 0.4 }).addTo(map);
}

document.querySelectorAll("[data-report-point]").forEach(show);
