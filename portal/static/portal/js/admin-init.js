// Wagtail's admin starts some panels and widgets with inline scripts, which the Content-Security-Policy
// refuses. Our copies of those templates leave a marker instead; this starts the same thing from it,
// for the markers on the page and for those added later (a new inline form, a modal).
const INITIALISERS = {
    InlinePanel: (el) => new window.InlinePanel(JSON.parse(el.dataset.options)),
    MultipleChooserPanel: (el) => new window.MultipleChooserPanel(JSON.parse(el.dataset.options)),
    initDateChooser: (el) => window.initDateChooser(el.dataset.target, JSON.parse(el.dataset.options)),
    initTimeChooser: (el) => window.initTimeChooser(el.dataset.target, JSON.parse(el.dataset.options)),
    initDateTimeChooser: (el) => window.initDateTimeChooser(el.dataset.target, JSON.parse(el.dataset.options)),
    chooser: (el) => new window[el.dataset.constructor](el.dataset.target, JSON.parse(el.dataset.options)),
};

function start(root) {
    root.querySelectorAll("[data-portal-admin-init]:not([data-portal-started])").forEach((el) => {
        const init = INITIALISERS[el.dataset.portalAdminInit];
        if (!init || el.closest("template")) return;
        el.dataset.portalStarted = "true";
        init(el);
    });
}

function startAll() {
    start(document);
    new MutationObserver((mutations) => {
        for (const mutation of mutations) {
            for (const node of mutation.addedNodes) {
                if (node.nodeType === Node.ELEMENT_NODE) start(node.parentElement || node);
            }
        }
    }).observe(document.body, { childList: true, subtree: true });
}

if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startAll);
} else {
    startAll();
}
