// The objects layer: public-service centres, akimats, utilities… as square markers carrying their
// number of open issues, switched on by the "Objects" checkbox above the map (checked at first on
// the object index). Objects are few next to issues: the layer is loaded whole, once, with the
// object index's filters (data-objects-query), and only hidden and shown again after that.

import { leaflet } from "../lib/leaflet-base.js";
import { groupByDistance, OVERLAP_PX, zoomToBounds } from "./clusters.js";
import { element, setStatus } from "./dom.js";
import { formatCount, interpolateCount, pageLanguage } from "./format.js";
import { centroid, featureLatLng, samePosition } from "./geometry.js";
import { whenAdded } from "./markers.js";
import { closeOnEscape, isActivationKey, moreLink, popupKeys } from "./popups.js";

const OBJECT_ICON_SIZE = 30;

// The square every object marker is: a single object's, or a group's (`className` says which).
function squareMarker(latlng, className, label) {
    const L = leaflet();
    const half = OBJECT_ICON_SIZE / 2;
    return L.marker(latlng, {
        icon: L.divIcon({
            className,
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
}

function figuresText(state, props) {
    return (state.labels.objectFigures || "")
        .replace("%(open)s", formatCount(props.open))
        .replace("%(resolved)s", formatCount(props.resolved))
        .replace("%(overdue)s", formatCount(props.overdue));
}

function objectPopup(state, feature, marker) {
    const props = feature.properties;
    const content = element("div", "issue-popup object-popup");
    content.append(titleElement("p", "issue-popup__title", props));
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
    const props = feature.properties;
    const label = `${props.type_label}: ${props.title}`;
    const className = `object-marker${props.overdue ? " object-marker--overdue" : ""}`;
    const marker = squareMarker(featureLatLng(feature), className, label);
    marker.bindPopup(() => objectPopup(state, feature, marker), { maxWidth: 280 });
    return whenAdded(marker, (icon) => {
        const count = element("span", "object-marker__count", formatCount(props.open));
        count.setAttribute("aria-hidden", "true");
        icon.replaceChildren(count);
        icon.setAttribute("aria-label", `${label}. ${figuresText(state, props)}`);
        icon.addEventListener("keydown", popupKeys(marker));
    });
}

function titleElement(tag, className, props) {
    const title = element(tag, className, props.title);
    // A title not yet translated is shown in Russian, and said to be.
    if (props.lang && props.lang !== pageLanguage()) title.lang = props.lang;
    return title;
}

// Objects at one place (or still overlapping at the deepest zoom): a list of links to their pages.
function groupPopup(state, members, marker, label) {
    const content = element("div", "issue-popup object-popup");
    content.append(element("p", "issue-popup__title", label));
    const list = element("ul", "object-popup__list");
    members.forEach(({ feature }) => {
        const item = element("li");
        const link = titleElement("a", "object-popup__link", feature.properties);
        link.href = feature.properties.url;
        item.append(link);
        list.append(item);
    });
    content.append(list);
    closeOnEscape(content, marker);
    return content;
}

// Objects whose squares would overlap are drawn as one square with their number, so that every
// target keeps its own place (WCAG 2.5.8): it zooms in on them, or lists them where zooming cannot
// part them.
function groupMarker(state, members) {
    const latlngs = members.map((member) => member.latlng);
    const label = interpolateCount(state.labels.objectsGroup, formatCount(members.length));
    const atDeepestZoom = state.map.getZoom() >= state.map.getMaxZoom();
    const zoomable = !samePosition(latlngs) && !atDeepestZoom;
    const marker = squareMarker(centroid(latlngs), "object-marker object-marker--group", label);
    const zoomIn = () => zoomToBounds(state, leaflet().latLngBounds(latlngs));
    if (zoomable) marker.on("click", zoomIn);
    else marker.bindPopup(() => groupPopup(state, members, marker, label), { maxWidth: 300 });
    return whenAdded(marker, (icon) => {
        const count = element("span", "object-marker__count", `${formatCount(members.length)}+`);
        count.setAttribute("aria-hidden", "true");
        icon.replaceChildren(count);
        icon.setAttribute("aria-label", label);
        if (!zoomable) {
            icon.addEventListener("keydown", popupKeys(marker));
            return;
        }
        icon.addEventListener("keydown", (event) => {
            if (!isActivationKey(event)) return;
            event.preventDefault();
            zoomIn();
            state.map.getContainer().focus({ preventScroll: true });
        });
    });
}

// (Re)draws the layer for the current zoom: one square per object, or per group of overlapping ones.
function drawObjects(state) {
    if (!state.objectFeatures) return;
    state.objectLayer.clearLayers();
    groupByDistance(state.map, state.objectFeatures, OVERLAP_PX).forEach((members) => {
        const marker = members.length === 1 ? objectMarker(state, members[0].feature) : groupMarker(state, members);
        marker.addTo(state.objectLayer);
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
    state.objectFeatures = body.features;
    drawObjects(state);
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
    // Squares that overlap at one zoom may stand apart at the next, and the reverse.
    state.map.on("zoomend", () => {
        if (state.objectPopupOpen) return;
        drawObjects(state);
    });
    state.map.on("popupopen", () => {
        state.objectPopupOpen = true;
    });
    state.map.on("popupclose", () => {
        state.objectPopupOpen = false;
    });
    if (toggle.checked) apply();
}
