// Registers the guide's service worker, so the guide stays readable without a connection once opened.
// Loaded only by the guide's pages, which name the guide's address in <meta name="ethics-guide">.

const meta = document.querySelector('meta[name="ethics-guide"]');
const status = document.querySelector("[data-offline-status]");

async function register() {
    const scope = new URL(meta.content, window.location.href);
    const registration = await navigator.serviceWorker.register(new URL("service-worker/", scope).href, {
        scope: scope.pathname,
    });
    await navigator.serviceWorker.ready;
    if (status && registration.active) {
        status.hidden = false;
    }
}

if (meta && "serviceWorker" in navigator && window.isSecureContext) {
    register().catch(() => {
        // Offline reading is an extra: the guide works the same without it.
    });
}
