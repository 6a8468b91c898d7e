// The objects layer: public-service centres, akimats, utilities… as square markers carrying their
// number of open issues, switched on by the "Objects" checkbox above the map (checked at first on
// the object index). Objects are few next to issues: the layer is loaded whole, once, with the
// object index's filters (data-objects-query), and only hidden and shown again after that.

import { leaflet } from "../lib/leaflet-base.js";
import { element, setStatus } from "./dom.js";
import { formatCount, interpolateCount, pageLanguage } from "./format.js";
import { featureLatLng } from "./geometry.js";
import { whenAdded } from "./markers.js";
import { closeOnEscape, moreLink, popupKeys } from "./popups.js";

const OBJECT_ICON_SIZE = 30;

function figuresText(state, props) {
    return (state.labels.objectFigures || "")
        .replace("%(open)s", formatCount(props.open))
        .replace("%(resolved)s", formatCount(props.resolved))
        .replace("%(overdue)s", formatCount(props.overdue));
}

function objectPopup(state, feature, marker) {
    const props = feature.properties;
    const content = element("div", "issue-popup object-popup");
    const title = element("p", "issue-popup__title", props.title);
    // A title not yet translated is shown in Russian, and said to be.
    if (props.lang && props.lang !== pageLanguage()) title.lang = props.lang;
    content.append(title);
    const kind = [props.type_label, props.area].filter(Boolean).join(" · ");
    if (kind) content.append(element("p", "object-popup__meta", kind));
    content.append(element("p", "object-popup__figures", figuresText(state, props)));
    if (props.url) content.append(moreLink("issue-popup__link object-popup__link", state.labels.objectOpen, props.url));
    if (props.map_url && props.open + props.resolved > 0) {
        content.append(moreLink("issue-popup__link object-popup__issues", state.labels.objectIssues, props.map_url));
    }
    closeOnEscape(content, marker);
    return content;
}

function objectMarker(state, feature) {
    const L = leaflet();
    const props = feature.properties;
    const half = OBJECT_ICON_SIZE / 2;
    const label = `${props.type_label}: ${props.title}`;
    const marker = L.marker(featureLatLng(feature), {
        icon: L.divIcon({
            className: `object-marker${props.overdue ? " object-marker--overdue" : ""}`,
            html: "",
            iconSize: [OBJECT_ICON_SIZE, OBJECT_ICON_SIZE],
            iconAnchor: [half, half],
            popupAnchor: [0, -half],
        }),
        keyboard: true,
        title: label,
        alt: label,
        // Between the issues and the visits.
        zIndexOffset: 500,
    });
    marker.bindPopup(() => objectPopup(state, feature, marker), { maxWidth: 280 });
    return whenAdded(marker, (icon) => {
        const count = element("span", "object-marker__count", formatCount(props.open));
        count.setAttribute("aria-hidden", "true");
        icon.replaceChildren(count);
        icon.setAttribute("aria-label", `${label}. ${figuresText(state, props)}`);
        icon.addEventListener("keydown", popupKeys(marker));
    });
}

async function loadObjects(state) {
    const params = new URLSearchParams(state.container.dataset.objectsQuery || "");
    params.set("lang", pageLanguage() || "");
    const response = await fetch(`${state.container.dataset.objectsUrl}?${params}`, {
        headers: { Accept: "application/geo+json, application/json" },
        credentials: "same-origin",
    });
    const body = await response.json().catch(() => null);
    if (!response.ok || !body || !Array.isArray(body.features)) throw new Error(`Objects API: HTTP ${response.status}`);
    body.features.forEach((feature) => objectMarker(state, feature).addTo(state.objectLayer));
    return body.features;
}

// On a map of objects alone (the object index), the view fits them once they have arrived.
function fitObjects(state, features) {
    if (state.container.dataset.apiUrl || !features.length) return;
    const bounds = leaflet().latLngBounds(features.map(featureLatLng));
    state.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 14, animate: !state.reducedMotion });
}

export function watchObjectsToggle(state) {
    const toggle = state.container.querySelector("[data-map-objects]");
    if (!toggle || !state.container.dataset.objectsUrl) return;
    state.objectLayer = leaflet().layerGroup();
    let loaded = null;
    const apply = async () => {
        if (!toggle.checked) {
            state.map.removeLayer(state.objectLayer);
            return;
        }
        try {
            const first = loaded === null;
            loaded = first ? await loadObjects(state) : loaded;
            if (toggle.checked) {
                state.objectLayer.addTo(state.map);
                if (first) fitObjects(state, loaded);
                setStatus(state, interpolateCount(state.labels.objectsShown, formatCount(loaded.length)));
            }
        } catch (error) {
            console.error(error);
            setStatus(state, state.labels.error);
        }
    };
    toggle.addEventListener("change", apply);
    if (toggle.checked) apply();
}
