// Loading the issues in view from the map API (GeoJSON), with the filters, after every move.

import { setStatus } from "./dom.js";
import { applyFilters } from "./filters.js";
import { formatCount, interpolateCount, pageLanguage } from "./format.js";
import { clamp, inView, viewportBbox } from "./geometry.js";
import { render } from "./render.js";

const MOVE_DEBOUNCE_MS = 250;

function buildQuery(state) {
    const params = applyFilters(new URLSearchParams(state.container.dataset.query || ""), state.form);
    const zoom = clamp(Math.round(state.map.getZoom()), 0, 20);
    params.set("bbox", viewportBbox(state.map, zoom));
    params.set("zoom", String(zoom));
    params.set("lang", pageLanguage() || "");
    return params;
}

export async function loadIssues(state) {
    window.clearTimeout(state.debounceTimer);
    // A map of objects alone (the object index) has no issues to load.
    if (!state.container.dataset.apiUrl) return;
    if (state.controller) state.controller.abort();
    const controller = new AbortController();
    state.controller = controller;

    const url = `${state.container.dataset.apiUrl}?${buildQuery(state)}`;
    try {
        const response = await fetch(url, {
            signal: controller.signal,
            headers: { Accept: "application/geo+json, application/json" },
            credentials: "same-origin",
        });
        const body = await response.json().catch(() => null);
        if (!response.ok || !body || !Array.isArray(body.features)) {
            const reason = body && body.error ? body.error : `HTTP ${response.status}`;
            throw new Error(`Map API: ${reason}`);
        }
        if (controller.signal.aborted) return;
        // The box asked for reaches past the view to the grid's edges: what is drawn, and counted as shown,
        // is what lies in the view.
        state.features = body.features.filter((feature) => inView(state.map, feature));
        render(state);
        const shown = state.features.reduce(
            (sum, feature) => sum + (feature.properties.cluster ? feature.properties.count : 1),
            0,
        );
        setStatus(state, interpolateCount(state.labels.shown, formatCount(shown)));
    } catch (error) {
        // A newer request replaced this one (its body may fail to parse for that reason alone).
        if (error.name === "AbortError" || controller.signal.aborted) return;
        // Keep the markers of the last good answer: a stale map is better than an empty one.
        console.warn("issue-map:", error);
        setStatus(state, state.labels.error);
    } finally {
        if (state.controller === controller) state.controller = null;
    }
}

// After a pan or zoom: wait until the map has been still for a moment.
export function scheduleLoad(state) {
    window.clearTimeout(state.debounceTimer);
    state.debounceTimer = window.setTimeout(() => loadIssues(state), MOVE_DEBOUNCE_MS);
}
