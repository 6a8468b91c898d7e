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

// Round outwards so that the box sent to the API never cuts off the edge of the visible map.
function roundDown(value) {
    return (Math.floor(value * 1e5) / 1e5).toFixed(5);
}

function roundUp(value) {
    return (Math.ceil(value * 1e5) / 1e5).toFixed(5);
}

function insetBounds(map) {
    const size = map.getSize();
    if (size.x <= 4 * EDGE_MARGIN_PX || size.y <= 4 * EDGE_MARGIN_PX) return map.getBounds();
    return leaflet().latLngBounds(
        map.containerPointToLatLng([EDGE_MARGIN_PX, size.y - EDGE_MARGIN_PX]),
        map.containerPointToLatLng([size.x - EDGE_MARGIN_PX, EDGE_MARGIN_PX]),
    );
}

// The API's bbox parameter: "minLon,minLat,maxLon,maxLat".
export function viewportBbox(map) {
    const bounds = insetBounds(map);
    return [
        roundDown(clamp(bounds.getWest(), -180, 180)),
        roundDown(clamp(bounds.getSouth(), -90, 90)),
        roundUp(clamp(bounds.getEast(), -180, 180)),
        roundUp(clamp(bounds.getNorth(), -90, 90)),
    ].join(",");
}
