// The report form's place picker: tap the map, drag the marker, or use the phone's location.
// It only fills the hidden latitude and longitude fields; without it the address field is the place.
// It tells the form when it sets the point ("report:placechange", source "map"), and its marker follows
// a point set another way (a photo's own position: photo-place.js). On the stepped form
// (report-steps.js) the map is measured again whenever its step is shown ("report:stepshown").

import { addTiles, creditLeaflet, leaflet, translateLeaflet } from "./lib/leaflet-base.js";

function field(form, name) {
    return form.querySelector(`input[name="${name}"]`);
}

function inBounds(bounds, lat, lng) {
    const [minLng, minLat, maxLng, maxLat] = bounds;
    return lat >= minLat && lat <= maxLat && lng >= minLng && lng <= maxLng;
}

function startPicker(container) {
    const L = leaflet();
    const form = container.closest("form");
    const canvas = container.querySelector(".location-picker__map");
    const status = container.querySelector(".location-picker__status");
    if (!form || !canvas || typeof L === "undefined") return;
    const latField = field(form, "latitude");
    const lngField = field(form, "longitude");
    const bounds = (container.dataset.bounds || "-180,-90,180,90").split(",").map(Number);
    const [lat0, lng0] = (container.dataset.centre || "53.28,69.38").split(",").map(Number);
    container.hidden = false;

    const map = L.map(canvas, { center: [lat0, lng0], zoom: Number(container.dataset.zoom) || 12 });
    creditLeaflet(map);
    translateLeaflet(map, container.dataset);
    addTiles(map, container.dataset, { credit: true });
    let marker = null;

    function say(text) {
        status.textContent = text || "";
    }

    function place(lat, lng, message) {
        if (!inBounds(bounds, lat, lng)) {
            say(container.dataset.labelOutside);
            return;
        }
        latField.value = lat.toFixed(6);
        lngField.value = lng.toFixed(6);
        mark(lat, lng);
        say(message || container.dataset.labelLocated);
        form.dispatchEvent(
            new CustomEvent("report:placechange", { detail: { latitude: lat, longitude: lng, source: "map" } }),
        );
    }

    function mark(lat, lng) {
        if (marker) {
            marker.setLatLng([lat, lng]);
            return;
        }
        marker = L.marker([lat, lng], { draggable: true, keyboard: true }).addTo(map);
        marker.on("dragend", () => {
            const moved = marker.getLatLng();
            place(moved.lat, moved.lng, container.dataset.labelLocated);
        });
    }

    form.addEventListener("report:placechange", (event) => {
        const { latitude, longitude, source } = event.detail || {};
        if (source === "map" || !Number.isFinite(latitude) || !Number.isFinite(longitude)) return;
        mark(latitude, longitude);
        map.setView([latitude, longitude], 16);
        say(container.dataset.labelLocated);
    });
    form.addEventListener("report:stepshown", () => map.invalidateSize());

    if (latField.value && lngField.value) {
        const lat = Number(latField.value);
        const lng = Number(lngField.value);
        if (Number.isFinite(lat) && Number.isFinite(lng)) {
            map.setView([lat, lng], 15);
            place(lat, lng);
        }
    }
    map.on("click", (event) => place(event.latlng.lat, event.latlng.lng));

    if ("geolocation" in navigator) {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "button button--small";
        button.textContent = container.dataset.labelLocate;
        button.addEventListener("click", () => {
            say(container.dataset.labelLocating);
            navigator.geolocation.getCurrentPosition(
                (position) => {
                    const { latitude, longitude } = position.coords;
                    map.setView([latitude, longitude], 16);
                    place(latitude, longitude);
                },
                () => say(container.dataset.labelDenied),
                { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
            );
        });
        container.insertBefore(button, canvas);
    }
}

function startAll() {
    document.querySelectorAll("[data-location-picker]").forEach(startPicker);
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
} else {
    startAll();
}
