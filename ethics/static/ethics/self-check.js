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
        }
    });

    window.addEventListener("popstate", () => {
        show(window.location.href, true);
    });
}
