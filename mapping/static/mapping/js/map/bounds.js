// A map that opens on what it lists: a box with data-bounds ("south,west,north,east", the box of a map
// block's issues: mapping/map/blocks.py) is fitted to it, never closer than its data-zoom.

import { leaflet } from "../lib/leaflet-base.js";

// Wider than the margin the issues are asked for inside the view (EDGE_MARGIN_PX in geometry.js), so an
// issue on the edge of the box is still asked for and drawn whole.
const PADDING_PX = 40;

export function parseBounds(value) {
    const sides = (value || "").split(",").map(Number.parseFloat);
    if (sides.length !== 4 || !sides.every(Number.isFinite)) return null;
    const [south, west, north, east] = sides;
    if (south > north || west > east) return null;
    return leaflet().latLngBounds([south, west], [north, east]);
}

export function fitToBounds(map, dataset) {
    const bounds = parseBounds(dataset.bounds);
    if (!bounds) return;
    map.fitBounds(bounds, { padding: [PADDING_PX, PADDING_PX], maxZoom: map.getZoom(), animate: false });
}
