// The outlines layer: the region, its districts and its cities drawn from their boundaries (the map
// API's areas.geojson, mapping/map/outlines.py) as light lines under the issues, with the names of the
// districts and cities, in the page's language, as labels.
//
// Drawn whether or not the tiles load: over the tiles they show where a district ends; when the tile
// server cannot be reached they are what keeps the map readable, and the box says so with the class
// issue-map--no-tiles (mapping/css/outlines.css then gives the land a colour of its own).

import { leaflet } from "../lib/leaflet-base.js";
import { element } from "./dom.js";
import { pageLanguage } from "./format.js";

// Labels go in a pane of their own, above the outlines and below every marker (mapping/css/outlines.css).
const LABEL_PANE = "areaLabels";
// District names from this zoom in (the whole region at zoom 6 has no room for them), the cities' from
// the next ones (Kokshetau lies near the middle of Zerendi District).
const DISTRICT_LABEL_ZOOM = 7;
const CITY_LABEL_ZOOM = 9;
const LABELLED_LEVELS = new Set(["district", "city"]);

// One request per page, whatever the number of maps on it.
const answers = new Map();

function fetchOutlines(url) {
    const address = `${url}?${new URLSearchParams({ lang: pageLanguage() || "" })}`;
    if (!answers.has(address)) {
        const request = fetch(address, {
            headers: { Accept: "application/geo+json, application/json" },
            credentials: "same-origin",
        }).then(async (response) => {
            const body = await response.json().catch(() => null);
            if (!response.ok || !body || !Array.isArray(body.features)) {
                throw new Error(`Outlines API: HTTP ${response.status}`);
            }
            return body;
        });
        answers.set(address, request);
    }
    return answers.get(address);
}

function outlineStyle(feature) {
    const level = (feature.properties && feature.properties.level) || "district";
    return {
        className: `area-outline area-outline--${level}`,
        interactive: false,
        color: "#4f6872",
        weight: level === "region" ? 2 : 1,
        opacity: 0.85,
        fill: level !== "region",
        fillColor: "#ffffff",
        fillOpacity: 0,
    };
}

function areaLabel(feature) {
    const props = feature.properties || {};
    const point = props.label_point;
    if (!LABELLED_LEVELS.has(props.level) || !props.name || !Array.isArray(point)) return null;
    const L = leaflet();
    const text = element("span", "area-label__text", props.name);
    // The names help the eye find a place; the list under the map is what a screen reader reads.
    text.setAttribute("aria-hidden", "true");
    return L.marker([point[1], point[0]], {
        icon: L.divIcon({ className: `area-label area-label--${props.level}`, html: text, iconSize: [0, 0] }),
        interactive: false,
        keyboard: false,
        pane: LABEL_PANE,
    });
}

function showLabelsForZoom(map, pane) {
    const zoom = map.getZoom();
    pane.classList.toggle("area-labels--districts", zoom >= DISTRICT_LABEL_ZOOM);
    pane.classList.toggle("area-labels--cities", zoom >= CITY_LABEL_ZOOM);
}

// Marks the box issue-map--no-tiles while no tile has loaded and one has failed (or there are no tiles).
function watchTiles(state) {
    const L = leaflet();
    const box = state.container;
    let tileLayers = 0;
    let anyLoaded = false;
    state.map.eachLayer((layer) => {
        if (!(layer instanceof L.TileLayer)) return;
        tileLayers += 1;
        layer.on("tileload", () => {
            anyLoaded = true;
            box.classList.remove("issue-map--no-tiles");
        });
        layer.on("tileerror", () => {
            if (!anyLoaded) box.classList.add("issue-map--no-tiles");
        });
    });
    if (!tileLayers) box.classList.add("issue-map--no-tiles");
}

export function drawOutlines(state) {
    watchTiles(state);
    const url = state.container.dataset.outlinesUrl;
    if (!url) return;
    const L = leaflet();
    const map = state.map;
    const pane = map.getPane(LABEL_PANE) || map.createPane(LABEL_PANE);
    fetchOutlines(url)
        .then((body) => {
            state.outlines = L.geoJSON(body, { style: outlineStyle, interactive: false }).addTo(map);
            state.outlines.bringToBack();
            state.areaLabels = L.layerGroup(body.features.map(areaLabel).filter(Boolean)).addTo(map);
            showLabelsForZoom(map, pane);
            map.on("zoomend", () => showLabelsForZoom(map, pane));
        })
        .catch((error) => {
            // The map works without its outlines: the issues and the list are still there.
            console.warn("issue-map:", error);
        });
}
