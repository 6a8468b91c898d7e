// Positions: the map's centre from the template, features' points, and the box of the map in view.

import { leaflet } from "../lib/leaflet-base.js";

// Issues are asked for the view less a margin as wide as half the largest icon: a marker at the very
// edge would be cut off by the canvas, leaving a target too small to tap (WCAG 2.5.8).
const EDGE_MARGIN_PX = 26;

export function clamp(value, min, max) {
    return Math.min(max, Math.max(min, value));
}

// "lat,lng" from data-centre.
export function parseCentre(value) {
    const [lat, lng] = (value || "").split(",").map(Number.parseFloat);
    return Number.isFinite(lat) && Number.isFinite(lng) ? leaflet().latLng(lat, lng) : null;
}

export function featureLatLng(feature) {
    const [lng, lat] = feature.geometry.coordinates;
    return leaflet().latLng(lat, lng);
}

export function samePosition(latlngs) {
    return latlngs.every((latlng) => latlng.equals(latlngs[0], 1e-7));
}

export function centroid(latlngs) {
    const sum = latlngs.reduce((acc, latlng) => [acc[0] + latlng.lat, acc[1] + latlng.lng], [0, 0]);
    return leaflet().latLng(sum[0] / latlngs.length, sum[1] / latlngs.length);
}

function insetBounds(map) {
    const size = map.getSize();
    if (size.x <= 4 * EDGE_MARGIN_PX || size.y <= 4 * EDGE_MARGIN_PX) return map.getBounds();
    return leaflet().latLngBounds(
        map.containerPointToLatLng([EDGE_MARGIN_PX, size.y - EDGE_MARGIN_PX]),
        map.containerPointToLatLng([size.x - EDGE_MARGIN_PX, EDGE_MARGIN_PX]),
    );
}

// The API's bbox parameter, "minLon,minLat,maxLon,maxLat": the view (less its margin) widened to the
// edges of the API's grid cells at this zoom (90 / 2^zoom degrees, a quarter of a tile). On cells' edges,
// the API counts no partial cell at the box's border, and readers of the same place ask the same boxes,
// which the page cache and the front proxy then answer. The markers outside the view are not drawn
// (`inView`). Multiples of a power of two: each number is exact, and reads back exactly on the server.
export function viewportBbox(map, zoom) {
    const bounds = insetBounds(map);
    const cell = 90 / 2 ** zoom;
    const down = (value, min, max) => clamp(Math.floor(value / cell) * cell, min, max);
    const up = (value, min, max) => clamp(Math.ceil(value / cell) * cell, min, max);
    return [
        down(bounds.getWest(), -180, 180),
        down(bounds.getSouth(), -90, 90),
        up(bounds.getEast(), -180, 180),
        up(bounds.getNorth(), -90, 90),
    ].join(",");
}

// Whether a feature of the answer lies in the view less its margin (a cluster by its centre).
export function inView(map, feature) {
    return insetBounds(map).contains(featureLatLng(feature));
}
