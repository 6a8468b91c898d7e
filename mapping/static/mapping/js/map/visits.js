// The monitoring visits layer, switched on by the "Monitoring visits" checkbox above the map.
// Visits are few next to issues: the layer is loaded whole, once, when the reader switches it on,
// and is only hidden and shown again after that.

import { leaflet } from "../lib/leaflet-base.js";
import { element, setStatus, timeElement } from "./dom.js";
import { formatCount, formatDate, interpolateCount, pageLanguage } from "./format.js";
import { featureLatLng } from "./geometry.js";
import { whenAdded } from "./markers.js";
import { closeOnEscape, moreLink, popupKeys } from "./popups.js";

const VISIT_ICON_SIZE = 30;

function visitPopup(state, feature, marker) {
    const props = feature.properties;
    const content = element("div", "issue-popup visit-popup");
    content.append(element("p", "issue-popup__title", props.title));
    const meta = element("p", "visit-popup__meta", `${state.labels.visit} · `);
    meta.append(timeElement(props.visited_on, pageLanguage()));
    content.append(meta);
    if (props.group) content.append(element("p", "visit-popup__group", props.group));
    content.append(element("p", "visit-popup__recommendations", interpolateCount(state.labels.recommendations, props.recommendations)));
    if (props.url) content.append(moreLink("issue-popup__link visit-popup__link", state.labels.visitOpen, props.url));
    closeOnEscape(content, marker);
    return content;
}

function visitMarker(state, feature) {
    const L = leaflet();
    const props = feature.properties;
    const half = VISIT_ICON_SIZE / 2;
    const label = `${state.labels.visit}: ${props.title}`;
    const marker = L.marker(featureLatLng(feature), {
        icon: L.divIcon({
            className: "visit-marker",
            html: "",
            iconSize: [VISIT_ICON_SIZE, VISIT_ICON_SIZE],
            iconAnchor: [half, half],
            popupAnchor: [0, -half],
        }),
        keyboard: true,
        title: label,
        alt: label,
        // Above the issues, so a visit at a busy object stays reachable.
        zIndexOffset: 1000,
    });
    marker.bindPopup(() => visitPopup(state, feature, marker), { maxWidth: 280 });
    return whenAdded(marker, (icon) => {
        icon.setAttribute("aria-label", `${label}, ${formatDate(props.visited_on, pageLanguage())}`);
        icon.addEventListener("keydown", popupKeys(marker));
    });
}

async function loadVisits(state) {
    const params = new URLSearchParams({ lang: pageLanguage() || "" });
    const response = await fetch(`${state.container.dataset.visitsUrl}?${params}`, {
        headers: { Accept: "application/geo+json, application/json" },
        credentials: "same-origin",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !Array.isArray(body.features)) throw new Error(`Visits API: HTTP ${response.status}`);
    body.features.forEach((feature) => visitMarker(state, feature).addTo(state.visitLayer));
    return body.features.length;
}

export function watchVisitsToggle(state) {
    const toggle = state.container.querySelector("[data-map-visits]");
    if (!toggle || !state.container.dataset.visitsUrl) return;
    state.visitLayer = leaflet().layerGroup();
    let loaded = null;
    const apply = async () => {
        if (!toggle.checked) {
            state.map.removeLayer(state.visitLayer);
            return;
        }
        try {
            loaded = loaded === null ? await loadVisits(state) : loaded;
            if (toggle.checked) {
                state.visitLayer.addTo(state.map);
                setStatus(state, interpolateCount(state.labels.visitsShown, formatCount(loaded)));
            }
        } catch (error) {
            console.error(error);
            setStatus(state, state.labels.error);
        }
    };
    toggle.addEventListener("change", apply);
    // A reader coming back to the page (or a browser restoring the form) finds the layer as left.
    if (toggle.checked) apply();
}
