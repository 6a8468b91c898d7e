/* The guide's service worker: on install it saves the guide's pages and assets (listed by
   <guide>/offline-manifest/); afterwards pages come from the network when there is one and from the saved
   copy when there is not. Its scope is the guide, and `EthicsOffline.strategy` leaves every other
   address alone. */
/* global EthicsOffline */
"use strict";

const SCOPE = self.registration.scope;
const CACHE_PREFIX = "ethics-guide:" + new URL(SCOPE).pathname + ":";
const MANIFEST_URL = new URL("offline-manifest/", SCOPE).href;
let manifestPromise = null;

function cacheName(version) {
    return CACHE_PREFIX + version;
}

async function fetchManifest() {
    const response = await fetch(MANIFEST_URL, { cache: "no-store", credentials: "same-origin" });
    if (!response.ok) {
        throw new Error("The guide's offline list is not available: " + response.status);
    }
    return response.json();
}

// The list saved at install time, kept with the copies so a restarted worker knows it again.
async function currentManifest() {
    if (!manifestPromise) {
        manifestPromise = (async () => {
            const names = (await caches.keys()).filter((name) => name.startsWith(CACHE_PREFIX));
            for (const name of names) {
                const saved = await (await caches.open(name)).match(MANIFEST_URL);
                if (saved) {
                    return saved.json();
                }
            }
            return { assets: [], pages: [], offline_page: "" };
        })();
    }
    return manifestPromise;
}

self.addEventListener("install", (event) => {
    event.waitUntil(
        (async () => {
            const manifest = await fetchManifest();
            const cache = await caches.open(cacheName(manifest.version));
            await cache.addAll([...manifest.pages, ...manifest.assets]);
            await cache.put(MANIFEST_URL, new Response(JSON.stringify(manifest), {
                headers: { "Content-Type": "application/json" },
            }));
            manifestPromise = Promise.resolve(manifest);
            await self.skipWaiting();
        })()
    );
});

self.addEventListener("activate", (event) => {
    event.waitUntil(
        (async () => {
            const manifest = await currentManifest();
            const keep = cacheName(manifest.version);
            const names = await caches.keys();
            await Promise.all(
                names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== keep).map((name) => caches.delete(name))
            );
            await self.clients.claim();
        })()
    );
});

async function savedCopy(request) {
    const manifest = await currentManifest();
    const cache = await caches.open(cacheName(manifest.version));
    return { cache, manifest, copy: await cache.match(request) };
}

async function pageFromNetworkOrCopy(request) {
    const { cache, manifest, copy } = await savedCopy(request);
    try {
        const response = await fetch(request);
        // Only whole, public answers are saved: no error pages, no redirects.
        if (response.ok && response.type === "basic") {
            await cache.put(request, response.clone());
        }
        return response;
    } catch (error) {
        if (copy) {
            return copy;
        }
        const fallback = manifest.offline_page && (await cache.match(manifest.offline_page));
        if (fallback && request.mode === "navigate") {
            return fallback;
        }
        throw error;
    }
}

async function assetFromCopyOrNetwork(request) {
    const { cache, copy } = await savedCopy(request);
    if (copy) {
        return copy;
    }
    const response = await fetch(request);
    if (response.ok) {
        await cache.put(request, response.clone());
    }
    return response;
}

async function networkOrOfflinePage(request) {
    try {
        return await fetch(request);
    } catch (error) {
        const { cache, manifest } = await savedCopy(request);
        const fallback = manifest.offline_page && (await cache.match(manifest.offline_page));
        if (fallback && request.mode === "navigate") {
            return fallback;
        }
        throw error;
    }
}

self.addEventListener("fetch", (event) => {
    const request = event.request;
    if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) {
        return; // not ours: the browser handles it as if there were no worker
    }
    event.respondWith(
        (async () => {
            const manifest = await currentManifest();
            const how = EthicsOffline.strategy(request.url, request.method, SCOPE, manifest.assets);
            if (how === "page") {
                return pageFromNetworkOrCopy(request);
            }
            if (how === "asset") {
                return assetFromCopyOrNetwork(request);
            }
            if (how === "network") {
                return networkOrOfflinePage(request);
            }
            return fetch(request);
        })()
    );
});
