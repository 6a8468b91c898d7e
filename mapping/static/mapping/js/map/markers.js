// An issue's marker: a shape for its status, its category's symbol, and a popup.

import { leaflet } from "../lib/leaflet-base.js";
import { element, STATUSES } from "./dom.js";
import { featureLatLng } from "./geometry.js";
import { issuePopup, popupKeys } from "./popups.js";

const DEFAULT_SYMBOL = "•";
const ISSUE_ICON_SIZE = 28;

// Leaflet builds the marker's element when it is added to the map; label it and give it the
// keys a role=button element should answer to.
export function whenAdded(marker, setUp) {
    marker.on("add", () => {
        const icon = marker.getElement();
        if (icon) setUp(icon);
    });
    return marker;
}

export function issueMarker(state, feature) {
    const L = leaflet();
    const props = feature.properties;
    const status = STATUSES.includes(props.status) ? props.status : "registered";
    const category = state.categories.get(props.category);
    const symbolText = props.category_symbol || (category && category.symbol) || DEFAULT_SYMBOL;
    const symbol = element("span", "issue-marker__symbol", symbolText);
    symbol.setAttribute("aria-hidden", "true");

    const current = state.currentIssue && String(props.id) === state.currentIssue;
    const className =
        `issue-marker issue-marker--${status}` +
        `${props.overdue ? " issue-marker--overdue" : ""}${current ? " issue-marker--current" : ""}`;
    const half = ISSUE_ICON_SIZE / 2;
    const markerIcon = L.divIcon({
        className,
        html: symbol,
        iconSize: [ISSUE_ICON_SIZE, ISSUE_ICON_SIZE],
        iconAnchor: [half, half],
        popupAnchor: [0, -half],
    });
    const marker = L.marker(featureLatLng(feature), {
        icon: markerIcon,
        keyboard: true,
        title: props.title,
        alt: props.title,
    });
    marker.bindPopup(() => issuePopup(state, feature, marker), { maxWidth: 280 });
    return whenAdded(marker, (icon) => {
        // The shape says the status to sighted readers; say it to screen readers too.
        const parts = [props.title, props.status_label];
        if (props.overdue) parts.push(state.labels.overdue);
        icon.setAttribute("aria-label", parts.filter(Boolean).join(", "));
        icon.addEventListener("keydown", popupKeys(marker));
    });
}
