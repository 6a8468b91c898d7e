// Clusters: issues close together on screen drawn as one marker. The server groups issues itself when
// a view holds too many of them; the issues it sends one by one are grouped here.

import { leaflet } from "../lib/leaflet-base.js";
import { element } from "./dom.js";
import { formatCount, interpolateCount } from "./format.js";
import { centroid, featureLatLng } from "./geometry.js";
import { whenAdded } from "./markers.js";
import { isActivationKey, popupKeys, stackPopup } from "./popups.js";

// Below this zoom, issues that sit close together on screen are drawn as one cluster.
const CLUSTER_BELOW_ZOOM = 13;
const CLUSTER_CELL_PX = 60;
// Markers are 28 px wide; closer than this they would hide each other.
export const OVERLAP_PX = 36;

/* ---- grouping ---------------------------------------------------------------------------- */

function addToGroup(group, member, point) {
    const count = group.members.length;
    group.point = group.point.multiplyBy(count).add(point).divideBy(count + 1);
    group.members.push(member);
}

// Zoomed out, issues in the same square of the screen grid form one group; zoomed in, only
// issues at the very same point do (sensitive issues all sit at their area's centre).
// Below CLUSTER_BELOW_ZOOM nearby issues gather into clusters; above it only issues whose markers
// would overlap do, so that every marker keeps a target of its own (WCAG 2.5.8, target size).
// Returns the groups as lists of {feature, latlng}.
export function groupIssues(map, issues) {
    const radius = map.getZoom() < CLUSTER_BELOW_ZOOM ? CLUSTER_CELL_PX : OVERLAP_PX;
    return groupByDistance(map, issues, radius);
}

// Features whose points lie closer than `radius` pixels on screen, as groups of {feature, latlng}.
export function groupByDistance(map, features, radius) {
    const zoom = map.getZoom();
    const groups = [];
    features.forEach((feature) => {
        const latlng = featureLatLng(feature);
        const point = map.project(latlng, zoom);
        const near = groups.find((group) => group.point.distanceTo(point) < radius);
        if (near) {
            addToGroup(near, { feature, latlng }, point);
        } else {
            groups.push({ point, members: [{ feature, latlng }] });
        }
    });
    // A group's centre moves as it grows, so two groups may end up on top of each other.
    let merged = true;
    while (merged) {
        merged = false;
        for (let i = 0; i < groups.length && !merged; i += 1) {
            for (let j = i + 1; j < groups.length && !merged; j += 1) {
                if (groups[i].point.distanceTo(groups[j].point) < radius) {
                    groups[j].members.forEach((member) =>
                        addToGroup(groups[i], member, map.project(member.latlng, zoom)),
                    );
                    groups.splice(j, 1);
                    merged = true;
                }
            }
        }
    }
    return groups.map((group) => group.members);
}

/* ---- cluster markers --------------------------------------------------------------------- */

function clusterSizeClass(count) {
    if (count < 10) return "issue-cluster--small";
    if (count < 100) return "issue-cluster--medium";
    return "issue-cluster--large";
}

function clusterSize(count) {
    if (count < 10) return 36;
    if (count < 100) return 44;
    return 52;
}

function clusterIcon(count, extraClass) {
    const size = clusterSize(count);
    const label = element("span", "issue-cluster__count", formatCount(count));
    label.setAttribute("aria-hidden", "true");
    return leaflet().divIcon({
        className: `issue-cluster ${clusterSizeClass(count)}${extraClass ? ` ${extraClass}` : ""}`,
        html: label,
        iconSize: [size, size],
        iconAnchor: [size / 2, size / 2],
        popupAnchor: [0, -size / 2],
    });
}

// A cluster marker that zooms the map to its members when clicked or activated from the keyboard.
function zoomingCluster(state, latlng, count, zoomTo) {
    const label = interpolateCount(state.labels.cluster, formatCount(count));
    const marker = leaflet().marker(latlng, { icon: clusterIcon(count), keyboard: true, title: label, alt: label });
    marker.on("click", zoomTo);
    return whenAdded(marker, (icon) => {
        icon.setAttribute("aria-label", label);
        icon.addEventListener("keydown", (event) => {
            if (!isActivationKey(event)) return;
            event.preventDefault();
            zoomTo();
            // The cluster disappears once the map zooms in; keep keyboard focus on the map
            // rather than losing it to the top of the page.
            state.map.getContainer().focus({ preventScroll: true });
        });
    });
}

export function zoomToBounds(state, bounds) {
    const animate = !state.reducedMotion;
    if (bounds.getSouthWest().equals(bounds.getNorthEast())) {
        state.map.setView(bounds.getCenter(), Math.min(state.map.getZoom() + 2, state.map.getMaxZoom()), { animate });
    } else {
        state.map.fitBounds(bounds, { padding: [32, 32], animate });
    }
}

// A cluster the server made: its count and the bounds of its issues.
export function serverClusterMarker(state, feature) {
    const L = leaflet();
    const props = feature.properties;
    const latlng = featureLatLng(feature);
    const [west, south, east, north] = Array.isArray(props.bounds) ? props.bounds : [];
    const bounds = [west, south, east, north].every(Number.isFinite)
        ? L.latLngBounds([south, west], [north, east])
        : L.latLngBounds(latlng, latlng);
    return zoomingCluster(state, latlng, props.count, () => zoomToBounds(state, bounds));
}

// A cluster of issues grouped here (`members` from groupIssues).
export function clientClusterMarker(state, members) {
    const latlngs = members.map((member) => member.latlng);
    const bounds = leaflet().latLngBounds(latlngs);
    return zoomingCluster(state, centroid(latlngs), members.length, () => zoomToBounds(state, bounds));
}

// Issues at one and the same point (sensitive issues are all placed at their area's centre)
// never come apart by zooming in, so their cluster opens a list of them instead.
export function stackMarker(state, members) {
    const count = members.length;
    const label = interpolateCount(state.labels.stack, formatCount(count));
    const marker = leaflet().marker(members[0].latlng, {
        icon: clusterIcon(count, "issue-cluster--stack"),
        keyboard: true,
        title: label,
        alt: label,
    });
    marker.bindPopup(() => stackPopup(state, members, marker, label), { maxWidth: 300 });
    return whenAdded(marker, (icon) => {
        icon.setAttribute("aria-label", label);
        icon.addEventListener("keydown", popupKeys(marker));
    });
}
