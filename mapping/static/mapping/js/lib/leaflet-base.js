// What every Leaflet map of the public site shares: the library itself, the tiles and the credit line.
//
// Leaflet stays a classic script (vendor/leaflet-1.9.4/leaflet.js, loaded with `defer` before the
// modules that use it): deferred classic scripts and module scripts run in the order of the page, so the
// global `L` is defined, or Leaflet failed to load, by the time these modules run.

export const MAX_ZOOM = 19;

// Leaflet's global, or undefined when its script did not load (the page then works without a map).
export function leaflet() {
    return window.L;
}

// The tiles named by data-tile-url (settings.MAP_TILE_URL, the one other host the CSP allows, for images
// only). With `credit`, the tile credit (HTML from the settings) goes in Leaflet's attribution control;
// the issue map writes it below the map instead.
export function addTiles(map, dataset, { credit = false } = {}) {
    if (!dataset.tileUrl) return null;
    const options = { maxZoom: MAX_ZOOM };
    if (credit) options.attribution = dataset.tileAttribution || "";
    return leaflet().tileLayer(dataset.tileUrl, options).addTo(map);
}

// Leaflet's default credit carries a flag image; a plain link to Leaflet is enough.
export function creditLeaflet(map) {
    map.attributionControl.setPrefix('<a href="https://leafletjs.com">Leaflet</a>');
}

// Leaflet's own texts (the zoom buttons' titles, the popup's close button) in the page's language, from
// the container's data-label-zoom-in, data-label-zoom-out and data-label-close.
export function translateLeaflet(map, dataset) {
    const label = (node, text) => {
        if (!node || !text) return;
        node.title = text;
        node.setAttribute("aria-label", text);
    };
    if (map.zoomControl) {
        label(map.zoomControl._zoomInButton, dataset.labelZoomIn);
        label(map.zoomControl._zoomOutButton, dataset.labelZoomOut);
    }
    map.on("popupopen", (event) => {
        const element = event.popup.getElement();
        label(element && element.querySelector(".leaflet-popup-close-button"), dataset.labelClose);
    });
}
