// The map page's filters (templates/pages/mapping/map_page.html) are a disclosure: closed on a phone,
// where the map comes first and the filters take one line above it, and opened here on a wide screen,
// where the filters and the list run beside the map. Only on load: a reader who closes it keeps it closed.

const WIDE_SCREEN = window.matchMedia("(min-width: 64rem)");

if (WIDE_SCREEN.matches) {
    document.querySelectorAll("details[data-open-when-wide]").forEach((details) => {
        details.open = true;
    });
}
