// Setting up one map box ([data-issue-map], templates/components/mapping/issue_map.html): the Leaflet
// map, the state its parts share, and the events that tie them together.

import { addTiles, leaflet, MAX_ZOOM, translateLeaflet } from "../lib/leaflet-base.js";
import { fitToBounds } from "./bounds.js";
import { loadIssues, scheduleLoad } from "./data.js";
import { readCategories, watchFilters } from "./filters.js";
import { clamp, parseCentre } from "./geometry.js";
import { drawOutlines } from "./outlines.js";
import { render } from "./render.js";
import { watchObjectsToggle } from "./objects.js";
import { watchVisitsToggle } from "./visits.js";

const prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

// The template's translated labels (data-label-*).
function readLabels(dataset) {
    return {
        stack: dataset.labelStack || "%(count)s",
        cluster: dataset.labelCluster || "%(count)s",
        open: dataset.labelOpen || "",
        overdue: dataset.labelOverdue || "",
        due: dataset.labelDue || "",
        supporters: dataset.labelSupporters || "%(count)s",
        shown: dataset.labelShown || "%(count)s",
        error: dataset.labelError || "",
        visit: dataset.labelVisit || "",
        visitOpen: dataset.labelVisitOpen || "",
        recommendations: dataset.labelRecommendations || "%(count)s",
        visitsShown: dataset.labelVisitsShown || "%(count)s",
        objectOpen: dataset.labelObjectOpen || "",
        objectIssues: dataset.labelObjectIssues || "",
        objectFigures: dataset.labelObjectFigures || "",
        objectsShown: dataset.labelObjectsShown || "%(count)s",
        objectsGroup: dataset.labelObjectsGroup || "%(count)s",
    };
}

function createMap(canvas, centre, zoom, reducedMotion) {
    // The zoom buttons and the attribution live outside the canvas (see the template), where
    // they cannot cover a marker.
    return leaflet().map(canvas, {
        center: centre,
        zoom,
        maxZoom: MAX_ZOOM,
        zoomControl: false,
        attributionControl: false,
        zoomAnimation: !reducedMotion,
        fadeAnimation: !reducedMotion,
        markerZoomAnimation: !reducedMotion,
        inertia: !reducedMotion,
    });
}

function watchZoomButtons(state) {
    const zoomIn = state.container.querySelector("[data-map-zoom-in]");
    const zoomOut = state.container.querySelector("[data-map-zoom-out]");
    if (zoomIn) zoomIn.addEventListener("click", () => state.map.zoomIn());
    if (zoomOut) zoomOut.addEventListener("click", () => state.map.zoomOut());
}

export function startIssueMap(container) {
    if (container.dataset.issueMapReady) return;
    const canvas = container.querySelector(".issue-map__canvas");
    const centre = parseCentre(container.dataset.centre);
    if (!canvas || !centre) {
        console.warn("issue-map: missing canvas or centre", container);
        return;
    }
    container.dataset.issueMapReady = "true";
    // Leaflet measures the canvas when the map is made, so the box must be visible first.
    container.hidden = false;

    const reducedMotion = prefersReducedMotion();
    const zoom = clamp(Number.parseInt(container.dataset.zoom, 10) || 7, 0, MAX_ZOOM);
    const map = createMap(canvas, centre, zoom, reducedMotion);
    addTiles(map, container.dataset);
    translateLeaflet(map, container.dataset);
    fitToBounds(map, container.dataset);

    const formSelector = container.dataset.filtersForm;
    const form = formSelector ? document.querySelector(formSelector) : null;
    const state = {
        container,
        map,
        form,
        reducedMotion,
        categories: readCategories(form),
        labels: readLabels(container.dataset),
        currentIssue: container.dataset.currentIssue || "",
        statusLine: container.querySelector(".issue-map__status"),
        layerGroup: leaflet().layerGroup().addTo(map),
        layers: new Map(),
        features: [],
        controller: null,
        debounceTimer: null,
    };

    // Re-group the markers we already have at once, without waiting for the new answer.
    map.on("zoomend", () => render(state));
    map.on("popupopen", () => {
        state.popupOpen = true;
    });
    map.on("popupclose", () => {
        state.popupOpen = false;
        if (state.renderPending) render(state);
    });
    map.on("moveend", () => scheduleLoad(state));
    watchFilters(form, () => loadIssues(state));
    watchZoomButtons(state);
    watchVisitsToggle(state);
    watchObjectsToggle(state);
    drawOutlines(state);
    loadIssues(state);
}
