// The public issue map: fills every `[data-issue-map]` box (templates/components/mapping/issue_map.html)
// with a Leaflet map of the published issues in view, read from the map API. The parts are in map/:
// setup (one map), data (the API), filters, render, markers, clusters, popups, visits (the monitoring
// visits layer), objects (the objects layer), outlines (the areas' outlines and names, which keep the map
// readable without tiles), bounds (a map fitted to what it lists), with small helpers in dom, format and
// geometry.
//
// The page works without this module: the box stays hidden and the server-rendered list is the
// interface. Leaflet is the classic script loaded just before it (see lib/leaflet-base.js).

import { leaflet } from "./lib/leaflet-base.js";
import { startIssueMap } from "./map/setup.js";
// Every module of the map, named here so that the browser asks for them all at once instead of
// discovering them one level of imports at a time.
import "./map/bounds.js";
import "./map/clusters.js";
import "./map/data.js";
import "./map/dom.js";
import "./map/filters.js";
import "./map/format.js";
import "./map/geometry.js";
import "./map/markers.js";
import "./map/objects.js";
import "./map/outlines.js";
import "./map/popups.js";
import "./map/render.js";
import "./map/visits.js";

function startAll() {
    if (typeof leaflet() === "undefined") {
        console.warn("issue-map: Leaflet did not load; the list of issues remains.");
        return;
    }
    document.querySelectorAll("[data-issue-map]").forEach(startIssueMap);
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
} else {
    startAll();
}
