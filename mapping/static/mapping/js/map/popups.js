// Popups: what an issue's marker and a stack of issues at one point open, and the keys that open and
// close them.

import { element, statusBadge, timeElement } from "./dom.js";
import { formatCount, pageLanguage } from "./format.js";

export function isActivationKey(event) {
    return event.key === "Enter" || event.key === " ";
}

function openPopupWithFocus(marker) {
    marker.openPopup();
    const popup = marker.getPopup();
    const content = popup && popup.getElement();
    if (!content) return;
    const target = content.querySelector(".leaflet-popup-content a[href]") || content.querySelector("a[href]");
    if (target) target.focus({ preventScroll: true });
}

// Keys for a marker with a popup. Enter and Space are handled here rather than by Leaflet's
// keypress handler, which toggles the popup and leaves keyboard focus behind the other markers;
// Escape closes the popup, which Leaflet does only while the map itself has focus.
export function popupKeys(marker) {
    return (event) => {
        if (isActivationKey(event)) {
            event.preventDefault();
            openPopupWithFocus(marker);
        } else if (event.key === "Escape" && marker.isPopupOpen()) {
            event.preventDefault();
            marker.closePopup();
        }
    };
}

// Escape inside a popup closes it and gives focus back to its marker: focus inside the popup
// does not reach Leaflet's own map keyboard handler.
export function closeOnEscape(content, marker) {
    content.addEventListener("keydown", (event) => {
        if (event.key !== "Escape") return;
        event.preventDefault();
        marker.closePopup();
        const icon = marker.getElement();
        if (icon) icon.focus({ preventScroll: true });
    });
}

// A paragraph with one link, the last line of a popup.
export function moreLink(className, text, href) {
    const link = element("a", className, text);
    link.href = href;
    const paragraph = element("p", "issue-popup__more");
    paragraph.append(link);
    return paragraph;
}

// A text in another language than the page's (an issue not yet translated) says so, for screen readers.
function inLanguage(node, lang, language) {
    if (lang && lang !== language) node.lang = lang;
    return node;
}

export function issuePopup(state, feature, marker) {
    const props = feature.properties;
    const language = pageLanguage();
    const content = element("div", "issue-popup");
    content.append(inLanguage(element("p", "issue-popup__title", props.title), props.lang, language));

    const status = element("p", "issue-popup__status");
    status.append(statusBadge(props.status, props.status_label));
    content.append(status);

    const category = state.categories.get(props.category);
    const categoryName = props.category_name || (category && category.name);
    if (categoryName) content.append(element("p", "issue-popup__category", categoryName));

    if (props.overdue) {
        content.append(element("p", "issue-popup__deadline issue-popup__deadline--overdue", state.labels.overdue));
    } else if (props.due) {
        const deadline = element("p", "issue-popup__deadline", `${state.labels.due} `);
        deadline.append(timeElement(props.due, language));
        content.append(deadline);
    }

    // "Me too": how many people support the issue, when anyone does.
    if (props.supporters > 0) {
        const text = state.labels.supporters.replace("%(count)s", formatCount(props.supporters));
        content.append(element("p", "issue-popup__supporters", text));
    }

    if (props.url) content.append(moreLink("issue-popup__link", state.labels.open, props.url));
    closeOnEscape(content, marker);
    return content;
}

// The list a stack of issues at one point opens (see clusters.js).
export function stackPopup(state, members, marker, label) {
    const content = element("div", "issue-popup issue-popup--list");
    content.append(element("p", "issue-popup__title", label));
    const list = element("ul", "issue-popup__list");
    members.forEach(({ feature }) => {
        const props = feature.properties;
        const item = element("li", "issue-popup__item");
        const title = props.url ? element("a", "issue-popup__link", props.title) : element("span", null, props.title);
        if (props.url) title.href = props.url;
        inLanguage(title, props.lang, pageLanguage());
        item.append(title, document.createTextNode(" "), statusBadge(props.status, props.status_label));
        if (props.overdue) item.append(element("span", "issue-popup__deadline--overdue", ` ${state.labels.overdue}`));
        list.append(item);
    });
    content.append(list);
    closeOnEscape(content, marker);
    return content;
}
