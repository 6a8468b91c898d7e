// The point of a report on a small map in the admin's report view (read only).
(() => {
    "use strict";

    function show(container) {
        const lat = Number(container.dataset.lat);
        const lng = Number(container.dataset.lng);
        if (typeof L === "undefined" || Number.isNaN(lat) || Number.isNaN(lng)) return;
        container.hidden = false;
        const map = L.map(container, { center: [lat, lng], zoom: 16, scrollWheelZoom: false });
        map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
        if (container.dataset.tileUrl) {
            L.tileLayer(container.dataset.tileUrl, {
                maxZoom: 19,
                attribution: container.dataset.tileAttribution || "",
            }).addTo(map);
        }
        L.circleMarker([lat, lng], { radius: 9, weight: 3, color: "#b3261e", fillOpacity: 0.4 }).addTo(map);
    }

    document.querySelectorAll("[data-report-point]").forEach(show);
})();
