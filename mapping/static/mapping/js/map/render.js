// Drawing: the features of the last answer become markers and clusters on the map's layer group.

import { clientClusterMarker, groupIssues, serverClusterMarker, stackMarker } from "./clusters.js";
import { samePosition } from "./geometry.js";
import { issueMarker } from "./markers.js";

// Each drawable has a key that changes whenever what it shows changes. Rendering keeps the
// layers whose key is still wanted, so an open popup or a focused marker survives a refetch
// after every pan.
function drawables(state) {
    const items = [];
    const issues = [];
    state.features.forEach((feature) => {
        if (!feature || !feature.geometry || !feature.properties) return;
        if (feature.properties.cluster) {
            items.push({ key: `s:${JSON.stringify(feature)}`, create: () => serverClusterMarker(state, feature) });
        } else {
            issues.push(feature);
        }
    });
    groupIssues(state.map, issues).forEach((members) => {
        if (members.length === 1) {
            const { feature } = members[0];
            items.push({
                key: `i:${JSON.stringify([feature.geometry.coordinates, feature.properties])}`,
                create: () => issueMarker(state, feature),
            });
            return;
        }
        const ids = members.map((member) => member.feature.properties.id).sort((a, b) => a - b);
        const latlngs = members.map((member) => member.latlng);
        // Zooming in cannot part issues at one point, nor any issues at the deepest zoom.
        const atDeepestZoom = state.map.getZoom() >= state.map.getMaxZoom();
        if (samePosition(latlngs) || atDeepestZoom) {
            const key = `p:${members.map((m) => JSON.stringify(m.feature.properties)).sort().join("|")}`;
            items.push({ key, create: () => stackMarker(state, members) });
        } else {
            items.push({ key: `c:${ids.join(",")}`, create: () => clientClusterMarker(state, members) });
        }
    });
    return items;
}

export function render(state) {
    // While a popup is open the markers stay as they are: regrouping could take away the marker
    // the reader is looking at. The newest data is drawn when the popup closes.
    if (state.popupOpen) {
        state.renderPending = true;
        return;
    }
    state.renderPending = false;
    const next = new Map();
    drawables(state).forEach(({ key, create }) => {
        if (next.has(key)) return;
        next.set(key, state.layers.get(key) || create().addTo(state.layerGroup));
    });
    state.layers.forEach((layer, key) => {
        if (!next.has(key)) state.layerGroup.removeLayer(layer);
    });
    state.layers = next;
}
