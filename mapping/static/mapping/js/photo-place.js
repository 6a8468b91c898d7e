// The report form's offer of a chosen photo's own position as the place. When a JPEG records where it was
// taken (its EXIF GPS, read in the browser by lib/exif-gps.js: nothing is sent), a button sets the
// report's point to it; the marker on the map follows (location-picker.js listens for
// "report:placechange"), the steps' indicator says where the place came from (report-steps.js), and a
// polite status says so. Without this script the server offers the same position after a submit
// (mapping/reports/forms.py, `use_photo_location`).

import { readPhotoGps } from "./lib/exif-gps.js";

// The server checks only the first five photos (mapping/reports/photos.py, MAX_PHOTOS).
const MAX_PHOTOS = 5;

function format(template, values) {
    return Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`%(${key})s`, value), template);
}

function inBounds(bounds, { latitude, longitude }) {
    const [minLng, minLat, maxLng, maxLat] = bounds;
    return latitude >= minLat && latitude <= maxLat && longitude >= minLng && longitude <= maxLng;
}

function start(container) {
    const form = container.closest("form");
    const input = document.getElementById(container.dataset.input);
    const status = container.querySelector("[data-photo-place-status]");
    const button = container.querySelector("[data-photo-place-use]");
    if (!form || !input || !status || !button || typeof Blob === "undefined" || !Blob.prototype.arrayBuffer) return;
    const latField = form.querySelector('input[name="latitude"]');
    const lngField = form.querySelector('input[name="longitude"]');
    if (!latField || !lngField) return;
    const picker = form.querySelector("[data-location-picker]");
    const bounds = ((picker && picker.dataset.bounds) || "-180,-90,180,90").split(",").map(Number);
    let offered = null;
    let choice = 0; // the latest choice of files: an earlier one still being read is dropped
    container.hidden = false; // before anything is said, so that the status is announced

    input.addEventListener("change", async () => {
        choice += 1;
        const thisChoice = choice;
        offered = null;
        button.hidden = true;
        status.textContent = "";
        let outside = false;
        for (const file of Array.from(input.files || []).slice(0, MAX_PHOTOS)) {
            const position = await readPhotoGps(file);
            if (thisChoice !== choice) return;
            if (!position) continue;
            if (!inBounds(bounds, position)) {
                outside = true;
                continue;
            }
            offered = position;
            status.textContent = format(container.dataset.msgFound, {
                name: file.name,
                latitude: position.latitude.toFixed(5),
                longitude: position.longitude.toFixed(5),
            });
            button.hidden = false;
            return;
        }
        if (outside) status.textContent = container.dataset.msgOutside;
    });

    button.addEventListener("click", () => {
        if (!offered) return;
        const { latitude, longitude } = offered;
        latField.value = latitude.toFixed(6);
        lngField.value = longitude.toFixed(6);
        form.dispatchEvent(
            new CustomEvent("report:placechange", { detail: { latitude, longitude, source: "photo" } }),
        );
        status.textContent = container.dataset.msgUsed;
    });
}

// A module runs once the page is parsed, so the form is there.
document.querySelectorAll("[data-photo-place]").forEach(start);
