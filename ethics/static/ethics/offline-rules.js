/* What the guide's service worker may answer and save: the guide's own pages and the assets they use,
   nothing else on the site. A plain script (no module) so the worker and a test page can both load it. */
(function (global) {
    "use strict";

    // Guide addresses that change with every request or are the worker's own: never saved.
    const UNSAVED = ["search/", "service-worker/", "offline-manifest/"];

    /**
     * How the worker treats a request:
     * "page"  — a page of the guide: from the network, saved for offline, the saved copy when offline;
     * "asset" — a static file the guide's pages use: the saved copy first;
     * "network" — a guide address that is not saved (search results);
     * "none"  — anything else: the worker does not touch it, so it is never saved.
     */
    function strategy(requestUrl, method, scopeUrl, assets) {
        const url = new URL(requestUrl);
        const scope = new URL(scopeUrl);
        if (method !== "GET" || url.origin !== scope.origin) {
            return "none";
        }
        if (url.pathname.startsWith(scope.pathname)) {
            const rest = url.pathname.slice(scope.pathname.length);
            if (UNSAVED.some((prefix) => rest.startsWith(prefix))) {
                return "network";
            }
            return "page";
        }
        if (!url.search && assets.includes(url.pathname)) {
            return "asset";
        }
        return "none";
    }

    global.EthicsOffline = { strategy: strategy };
})(self);
