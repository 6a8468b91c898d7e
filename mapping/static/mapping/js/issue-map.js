/*
 * The public issue map: fills every `[data-issue-map]` box (templates/components/mapping/issue_map.html)
 * with a Leaflet map of the published issues in view, read from the map API.
 *
 * The page works without this script: the box stays hidden and the server-rendered list is the
 * interface. The site runs under a strict Content-Security-Policy, so nothing here writes HTML
 * strings or style attributes: elements are built with the DOM and styled by mapping/css/map.css.
 */
(() => {
    "use strict";

    const FILTER_NAMES = ["area", "category", "status", "period"];
    const STATUSES = ["registered", "forwarded", "in_progress", "resolved", "not_confirmed", "duplicate"];
    const DEFAULT_SYMBOL = "•";
    const MOVE_DEBOUNCE_MS = 250;
    // Below this zoom, issues that sit close together on screen are drawn as one cluster.
    const CLUSTER_BELOW_ZOOM = 13;
    const CLUSTER_CELL_PX = 60;
    // Markers are 28 px wide; closer than this they would hide each other.
    const OVERLAP_PX = 36;
    const EDGE_MARGIN_PX = 26;
    const MAX_ZOOM = 19;
    const ISSUE_ICON_SIZE = 28;

    const prefersReducedMotion = () => window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    /* ---- small helpers ---------------------------------------------------------------------- */

    function element(tag, className, text) {
        const node = document.createElement(tag);
        if (className) node.className = className;
        if (text !== undefined && text !== null) node.textContent = String(text);
        return node;
    }

    function interpolateCount(label, count) {
        return (label || "").replace("%(count)s", String(count));
    }

    function parseCentre(value) {
        const [lat, lng] = (value || "").split(",").map(Number.parseFloat);
        return Number.isFinite(lat) && Number.isFinite(lng) ? L.latLng(lat, lng) : null;
    }

    function clamp(value, min, max) {
        return Math.min(max, Math.max(min, value));
    }

    // Round outwards so that the box sent to the API never cuts off the edge of the visible map.
    function roundDown(value) {
        return (Math.floor(value * 1e5) / 1e5).toFixed(5);
    }

    function roundUp(value) {
        return (Math.ceil(value * 1e5) / 1e5).toFixed(5);
    }

    function viewportBbox(map) {
        const bounds = insetBounds(map);
        return [
            roundDown(clamp(bounds.getWest(), -180, 180)),
            roundDown(clamp(bounds.getSouth(), -90, 90)),
            roundUp(clamp(bounds.getEast(), -180, 180)),
            roundUp(clamp(bounds.getNorth(), -90, 90)),
        ].join(",");
    }

    // Issues are asked for the view less a margin as wide as half the largest icon: a marker at the very
    // edge would be cut off by the canvas, leaving a target too small to tap (WCAG 2.5.8).
    function insetBounds(map) {
        const size = map.getSize();
        if (size.x <= 4 * EDGE_MARGIN_PX || size.y <= 4 * EDGE_MARGIN_PX) return map.getBounds();
        return L.latLngBounds(
            map.containerPointToLatLng([EDGE_MARGIN_PX, size.y - EDGE_MARGIN_PX]),
            map.containerPointToLatLng([size.x - EDGE_MARGIN_PX, EDGE_MARGIN_PX]),
        );
    }

    // API dates are calendar days ("2025-03-14"); parsing them as UTC would show the day before
    // for readers west of Greenwich, so build a local date.
    function formatDate(isoDate, language) {
        const [year, month, day] = (isoDate || "").split("-").map(Number);
        if (!year || !month || !day) return isoDate || "";
        try {
            return new Intl.DateTimeFormat(language || undefined, { dateStyle: "long" }).format(
                new Date(year, month - 1, day),
            );
        } catch {
            return isoDate;
        }
    }

    function timeElement(isoDate, language) {
        const time = element("time", null, formatDate(isoDate, language));
        time.dateTime = isoDate;
        return time;
    }

    function statusBadge(status, label) {
        // The same markup as templates/components/mapping/status_badge.html, so the popup's badge
        // matches the legend and the list.
        const known = STATUSES.includes(status) ? status : "registered";
        const badge = element("span", `status-badge status-badge--${known}`);
        const glyph = element("span", "status-badge__glyph");
        glyph.setAttribute("aria-hidden", "true");
        badge.append(glyph, document.createTextNode(label || status));
        return badge;
    }

    /* ---- categories, read from the filter form --------------------------------------------- */

    // The API gives only the category slug; its name and symbol are in the filter form's options.
    function readCategories(form) {
        const categories = new Map();
        if (!form) return categories;
        form.querySelectorAll('select[name="category"] option').forEach((option) => {
            if (option.value) {
                categories.set(option.value, {
                    name: option.textContent.trim(),
                    symbol: (option.dataset.symbol || "").trim(),
                });
            }
        });
        return categories;
    }

    /* ---- the query sent to the API ---------------------------------------------------------- */

    function selectedValues(select) {
        return Array.from(select.selectedOptions)
            .map((option) => option.value)
            .filter(Boolean)
            .join(",");
    }

    function buildQuery(state) {
        const params = new URLSearchParams(state.container.dataset.query || "");
        if (state.form) {
            // The form shows what the reader chose since the page loaded; it wins over the
            // filters the server rendered the page with.
            FILTER_NAMES.forEach((name) => {
                const select = state.form.querySelector(`select[name="${name}"]`);
                if (!select) return;
                const value = selectedValues(select);
                if (value) params.set(name, value);
                else params.delete(name);
            });
        }
        params.set("bbox", viewportBbox(state.map));
        params.set("zoom", String(clamp(Math.round(state.map.getZoom()), 0, 20)));
        params.set("lang", document.documentElement.lang || "");
        return params;
    }

    /* ---- loading ---------------------------------------------------------------------------- */

    function setStatus(state, text) {
        if (state.statusLine && state.statusLine.textContent !== text) state.statusLine.textContent = text;
    }

    async function loadIssues(state) {
        window.clearTimeout(state.debounceTimer);
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
            state.features = body.features;
            render(state);
            setStatus(state, interpolateCount(state.labels.shown, formatCount(body.total ?? body.features.length)));
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

    function scheduleLoad(state) {
        window.clearTimeout(state.debounceTimer);
        state.debounceTimer = window.setTimeout(() => loadIssues(state), MOVE_DEBOUNCE_MS);
    }

    function formatCount(count) {
        try {
            return new Intl.NumberFormat(document.documentElement.lang || undefined).format(count);
        } catch {
            return String(count);
        }
    }

    /* ---- grouping issues into clusters ------------------------------------------------------ */

    function featureLatLng(feature) {
        const [lng, lat] = feature.geometry.coordinates;
        return L.latLng(lat, lng);
    }

    function samePosition(latlngs) {
        return latlngs.every((latlng) => latlng.equals(latlngs[0], 1e-7));
    }

    // Zoomed out, issues in the same square of the screen grid form one group; zoomed in, only
    // issues at the very same point do (sensitive issues all sit at their area's centre).
    // Below CLUSTER_BELOW_ZOOM nearby issues gather into clusters; above it only issues whose markers
    // would overlap do, so that every marker keeps a target of its own (WCAG 2.5.8, target size).
    function groupIssues(map, issues) {
        const zoom = map.getZoom();
        const radius = zoom < CLUSTER_BELOW_ZOOM ? CLUSTER_CELL_PX : OVERLAP_PX;
        const groups = [];
        issues.forEach((feature) => {
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

    function addToGroup(group, member, point) {
        const count = group.members.length;
        group.point = group.point.multiplyBy(count).add(point).divideBy(count + 1);
        group.members.push(member);
    }

    function centroid(latlngs) {
        const sum = latlngs.reduce((acc, latlng) => [acc[0] + latlng.lat, acc[1] + latlng.lng], [0, 0]);
        return L.latLng(sum[0] / latlngs.length, sum[1] / latlngs.length);
    }

    /* ---- what to draw ----------------------------------------------------------------------- */

    // Each drawable has a key that changes whenever what it shows changes. Rendering keeps the
    // layers whose key is still wanted, so an open popup or a focused marker survives a refetch
    // after every pan.
    function drawables(state) {
        const items = [];
        const issues = [];
        state.features.forEach((feature) => {
            if (!feature || !feature.geometry || !feature.properties) return;
            if (feature.properties.cluster) {
                items.push({ key: `s:${JSON.stringify(feature)}`, create: () => serverClusterMarker(state, feature) });
            } else {
                issues.push(feature);
            }
        });
        groupIssues(state.map, issues).forEach((members) => {
            if (members.length === 1) {
                const { feature } = members[0];
                items.push({
                    key: `i:${JSON.stringify([feature.geometry.coordinates, feature.properties])}`,
                    create: () => issueMarker(state, feature),
                });
                return;
            }
            const ids = members.map((member) => member.feature.properties.id).sort((a, b) => a - b);
            const latlngs = members.map((member) => member.latlng);
            // Zooming in cannot part issues at one point, nor any issues at the deepest zoom.
            const atDeepestZoom = state.map.getZoom() >= state.map.getMaxZoom();
            if (samePosition(latlngs) || atDeepestZoom) {
                const key = `p:${members.map((m) => JSON.stringify(m.feature.properties)).sort().join("|")}`;
                items.push({ key, create: () => stackMarker(state, members) });
            } else {
                items.push({ key: `c:${ids.join(",")}`, create: () => clientClusterMarker(state, members) });
            }
        });
        return items;
    }

    function render(state) {
        // While a popup is open the markers stay as they are: regrouping could take away the marker
        // the reader is looking at. The newest data is drawn when the popup closes.
        if (state.popupOpen) {
            state.renderPending = true;
            return;
        }
        state.renderPending = false;
        const next = new Map();
        drawables(state).forEach(({ key, create }) => {
            if (next.has(key)) return;
            next.set(key, state.layers.get(key) || create().addTo(state.layerGroup));
        });
        state.layers.forEach((layer, key) => {
            if (!next.has(key)) state.layerGroup.removeLayer(layer);
        });
        state.layers = next;
    }

    /* ---- markers ---------------------------------------------------------------------------- */

    // Leaflet builds the marker's element when it is added to the map; label it and give it the
    // keys a role=button element should answer to.
    function whenAdded(marker, setUp) {
        marker.on("add", () => {
            const icon = marker.getElement();
            if (icon) setUp(icon);
        });
        return marker;
    }

    function isActivationKey(event) {
        return event.key === "Enter" || event.key === " ";
    }

    // Keys for a marker with a popup. Enter and Space are handled here rather than by Leaflet's
    // keypress handler, which toggles the popup and leaves keyboard focus behind the other markers;
    // Escape closes the popup, which Leaflet does only while the map itself has focus.
    function popupKeys(marker) {
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

    function issueMarker(state, feature) {
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

    function openPopupWithFocus(marker) {
        marker.openPopup();
        const popup = marker.getPopup();
        const content = popup && popup.getElement();
        if (!content) return;
        const target = content.querySelector(".leaflet-popup-content a[href]") || content.querySelector("a[href]");
        if (target) target.focus({ preventScroll: true });
    }

    // Escape inside a popup closes it and gives focus back to its marker: focus inside the popup
    // does not reach Leaflet's own map keyboard handler.
    function closeOnEscape(content, marker) {
        content.addEventListener("keydown", (event) => {
            if (event.key !== "Escape") return;
            event.preventDefault();
            marker.closePopup();
            const icon = marker.getElement();
            if (icon) icon.focus({ preventScroll: true });
        });
    }

    function issuePopup(state, feature, marker) {
        const props = feature.properties;
        const language = document.documentElement.lang;
        const content = element("div", "issue-popup");
        content.append(element("p", "issue-popup__title", props.title));

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

        if (props.url) {
            const link = element("a", "issue-popup__link", state.labels.open);
            link.href = props.url;
            const paragraph = element("p", "issue-popup__more");
            paragraph.append(link);
            content.append(paragraph);
        }
        closeOnEscape(content, marker);
        return content;
    }

    /* ---- clusters --------------------------------------------------------------------------- */

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
        return L.divIcon({
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
        const marker = L.marker(latlng, { icon: clusterIcon(count), keyboard: true, title: label, alt: label });
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

    function zoomToBounds(state, bounds) {
        const animate = !state.reducedMotion;
        if (bounds.getSouthWest().equals(bounds.getNorthEast())) {
            state.map.setView(bounds.getCenter(), Math.min(state.map.getZoom() + 2, state.map.getMaxZoom()), { animate });
        } else {
            state.map.fitBounds(bounds, { padding: [32, 32], animate });
        }
    }

    function serverClusterMarker(state, feature) {
        const props = feature.properties;
        const latlng = featureLatLng(feature);
        const [west, south, east, north] = Array.isArray(props.bounds) ? props.bounds : [];
        const bounds = [west, south, east, north].every(Number.isFinite)
            ? L.latLngBounds([south, west], [north, east])
            : L.latLngBounds(latlng, latlng);
        return zoomingCluster(state, latlng, props.count, () => zoomToBounds(state, bounds));
    }

    function clientClusterMarker(state, members) {
        const latlngs = members.map((member) => member.latlng);
        const bounds = L.latLngBounds(latlngs);
        return zoomingCluster(state, centroid(latlngs), members.length, () => zoomToBounds(state, bounds));
    }

    // Issues at one and the same point (sensitive issues are all placed at their area's centre)
    // never come apart by zooming in, so their cluster opens a list of them instead.
    function stackMarker(state, members) {
        const count = members.length;
        const label = interpolateCount(state.labels.stack, formatCount(count));
        const marker = L.marker(members[0].latlng, {
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

    function stackPopup(state, members, marker, label) {
        const content = element("div", "issue-popup issue-popup--list");
        content.append(element("p", "issue-popup__title", label));
        const list = element("ul", "issue-popup__list");
        members.forEach(({ feature }) => {
            const props = feature.properties;
            const item = element("li", "issue-popup__item");
            const title = props.url ? element("a", "issue-popup__link", props.title) : element("span", null, props.title);
            if (props.url) title.href = props.url;
            item.append(title, document.createTextNode(" "), statusBadge(props.status, props.status_label));
            if (props.overdue) item.append(element("span", "issue-popup__deadline--overdue", ` ${state.labels.overdue}`));
            list.append(item);
        });
        content.append(list);
        closeOnEscape(content, marker);
        return content;
    }

    /* ---- the monitoring visits layer -------------------------------------------------------- */

    // Visits are few next to issues: the layer is loaded whole, once, when the reader switches it on
    // with the checkbox in the map's controls, and is only hidden and shown again after that.
    const VISIT_ICON_SIZE = 30;

    function visitMarker(state, feature) {
        const props = feature.properties;
        const half = VISIT_ICON_SIZE / 2;
        const label = `${state.labels.visit}: ${props.title}`;
        const marker = L.marker(featureLatLng(feature), {
            icon: L.divIcon({
                className: "visit-marker",
                html: "",
                iconSize: [VISIT_ICON_SIZE, VISIT_ICON_SIZE],
                iconAnchor: [half, half],
                popupAnchor: [0, -half],
            }),
            keyboard: true,
            title: label,
            alt: label,
            // Above the issues, so a visit at a busy object stays reachable.
            zIndexOffset: 1000,
        });
        marker.bindPopup(() => visitPopup(state, feature, marker), { maxWidth: 280 });
        return whenAdded(marker, (icon) => {
            icon.setAttribute("aria-label", `${label}, ${formatDate(props.visited_on, document.documentElement.lang)}`);
            icon.addEventListener("keydown", popupKeys(marker));
        });
    }

    function visitPopup(state, feature, marker) {
        const props = feature.properties;
        const content = element("div", "issue-popup visit-popup");
        content.append(element("p", "issue-popup__title", props.title));
        const meta = element("p", "visit-popup__meta", `${state.labels.visit} · `);
        meta.append(timeElement(props.visited_on, document.documentElement.lang));
        content.append(meta);
        if (props.group) content.append(element("p", "visit-popup__group", props.group));
        content.append(element("p", "visit-popup__recommendations", interpolateCount(state.labels.recommendations, props.recommendations)));
        if (props.url) {
            const link = element("a", "issue-popup__link visit-popup__link", state.labels.visitOpen);
            link.href = props.url;
            const paragraph = element("p", "issue-popup__more");
            paragraph.append(link);
            content.append(paragraph);
        }
        closeOnEscape(content, marker);
        return content;
    }

    async function loadVisits(state) {
        const params = new URLSearchParams({ lang: document.documentElement.lang || "" });
        const response = await fetch(`${state.container.dataset.visitsUrl}?${params}`, {
            headers: { Accept: "application/geo+json, application/json" },
            credentials: "same-origin",
        });
        const body = await response.json().catch(() => null);
        if (!response.ok || !body || !Array.isArray(body.features)) throw new Error(`Visits API: HTTP ${response.status}`);
        body.features.forEach((feature) => visitMarker(state, feature).addTo(state.visitLayer));
        return body.features.length;
    }

    function watchVisitsToggle(state) {
        const toggle = state.container.querySelector("[data-map-visits]");
        if (!toggle || !state.container.dataset.visitsUrl) return;
        state.visitLayer = L.layerGroup();
        let loaded = null;
        const apply = async () => {
            if (!toggle.checked) {
                state.map.removeLayer(state.visitLayer);
                return;
            }
            try {
                loaded = loaded === null ? await loadVisits(state) : loaded;
                if (toggle.checked) {
                    state.visitLayer.addTo(state.map);
                    setStatus(state, interpolateCount(state.labels.visitsShown, formatCount(loaded)));
                }
            } catch (error) {
                console.error(error);
                setStatus(state, state.labels.error);
            }
        };
        toggle.addEventListener("change", apply);
        // A reader coming back to the page (or a browser restoring the form) finds the layer as left.
        if (toggle.checked) apply();
    }

    /* ---- setting up one map ----------------------------------------------------------------- */

    function readLabels(dataset) {
        return {
            stack: dataset.labelStack || "%(count)s",
            cluster: dataset.labelCluster || "%(count)s",
            open: dataset.labelOpen || "",
            overdue: dataset.labelOverdue || "",
            due: dataset.labelDue || "",
            shown: dataset.labelShown || "%(count)s",
            error: dataset.labelError || "",
            visit: dataset.labelVisit || "",
            visitOpen: dataset.labelVisitOpen || "",
            recommendations: dataset.labelRecommendations || "%(count)s",
            visitsShown: dataset.labelVisitsShown || "%(count)s",
        };
    }

    function createMap(canvas, centre, zoom, reducedMotion) {
        // The zoom buttons and the attribution live outside the canvas (see the template), where
        // they cannot cover a marker.
        const map = L.map(canvas, {
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
        return map;
    }

    function addTiles(map, dataset) {
        if (!dataset.tileUrl) return;
        L.tileLayer(dataset.tileUrl, { maxZoom: MAX_ZOOM }).addTo(map);
    }

    function watchZoomButtons(state) {
        const zoomIn = state.container.querySelector("[data-map-zoom-in]");
        const zoomOut = state.container.querySelector("[data-map-zoom-out]");
        if (zoomIn) zoomIn.addEventListener("click", () => state.map.zoomIn());
        if (zoomOut) zoomOut.addEventListener("click", () => state.map.zoomOut());
    }

    function watchFilters(state) {
        if (!state.form) return;
        state.form.addEventListener("change", (event) => {
            if (FILTER_NAMES.includes(event.target.name)) loadIssues(state);
        });
    }

    function initIssueMap(container) {
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
            layerGroup: L.layerGroup().addTo(map),
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
        watchFilters(state);
        watchZoomButtons(state);
        watchVisitsToggle(state);
        loadIssues(state);
    }

    function initAll() {
        if (typeof L === "undefined") {
            console.warn("issue-map: Leaflet did not load; the list of issues remains.");
            return;
        }
        document.querySelectorAll("[data-issue-map]").forEach(initIssueMap);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", initAll);
    } else {
        initAll();
    }
})();
