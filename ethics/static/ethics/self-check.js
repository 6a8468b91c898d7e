// The self-check in place: an answer shows the next step without loading a page, keeps the address
// of that step (so Back, bookmarks and reloads work), and moves the focus to the step's heading so a
// screen reader reads the new question. Without this script every answer is an ordinary link.

const root = document.querySelector("[data-self-check]");

function pathOf(url) {
    return new URL(url, window.location.href).pathname;
}

if (root) {
    const steps = new Map();
    for (const step of root.querySelectorAll("[data-step-url]")) {
        steps.set(pathOf(step.dataset.stepUrl), step);
    }

    const show = (url, moveFocus) => {
        const target = steps.get(pathOf(url));
        if (!target) {
            return false;
        }
        for (const step of steps.values()) {
            step.hidden = step !== target;
        }
        document.title = target.dataset.stepTitle;
        if (moveFocus) {
            target.querySelector("[data-step-heading]")?.focus();
        }
        return true;
    };

    root.addEventListener("click", (event) => {
        const link = event.target.closest("a[data-step-link]");
        if (!link || event.defaultPrevented || event.button !== 0) {
            return;
        }
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
            return; // a new tab or window: let the browser open the step's own address
        }
        if (show(link.href, true)) {
            event.preventDefault();
            window.history.pushState({ selfCheck: true }, "", link.href);
            followSwitcher();
        }
    });

    // The language switcher follows the step: its links to the same page in other languages end, like
    // the address, with the step's part below the page (links to another page, for an untranslated
    // language, are left alone).
    const pageUrl = root.dataset.pageUrl || "";
    const restOf = (path) => (pageUrl && path.startsWith(pageUrl) ? path.slice(pageUrl.length) : "");
    const loadedRest = restOf(window.location.pathname);
    const switcher = [];
    for (const link of document.querySelectorAll(".language-switcher a[hreflang]")) {
        const url = new URL(link.href, window.location.href);
        if (url.searchParams.has("notice") || !url.pathname.endsWith(loadedRest)) {
            continue;
        }
        const base = url.pathname.slice(0, url.pathname.length - loadedRest.length);
        switcher.push({ link, base, search: url.search });
    }
    const followSwitcher = () => {
        const rest = restOf(window.location.pathname);
        for (const { link, base, search } of switcher) {
            link.href = base + rest + search;
        }
    };

    window.addEventListener("popstate", () => {
        show(window.location.href, true);
        followSwitcher();
    });
}
