// Elements of the map built with the DOM. The site runs under a strict Content-Security-Policy, so
// nothing here writes HTML strings or style attributes: the classes are styled by mapping/css/map.css.

import { formatDate } from "./format.js";

export const STATUSES = ["registered", "forwarded", "in_progress", "disputed", "resolved", "not_confirmed", "duplicate"];

export function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
}

export function timeElement(isoDate, language) {
    const time = element("time", null, formatDate(isoDate, language));
    time.dateTime = isoDate;
    return time;
}

export function statusBadge(status, label) {
    // The same markup as templates/components/mapping/status_badge.html, so the popup's badge
    // matches the legend and the list.
    const known = STATUSES.includes(status) ? status : "registered";
    const badge = element("span", `status-badge status-badge--${known}`);
    const glyph = element("span", "status-badge__glyph");
    glyph.setAttribute("aria-hidden", "true");
    badge.append(glyph, document.createTextNode(label || status));
    return badge;
}

// The status line above the map (role=status), written only when its text changes.
export function setStatus(state, text) {
    if (state.statusLine && state.statusLine.textContent !== text) state.statusLine.textContent = text;
}
