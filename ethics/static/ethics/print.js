// Printing the guide: the booklet's "Print" button, and every answer unfolded on paper (a closed
// <details> would print its question alone).

for (const button of document.querySelectorAll("[data-print-button]")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
}

let closedBeforePrint = [];

window.addEventListener("beforeprint", () => {
    closedBeforePrint = [...document.querySelectorAll("details:not([open])")];
    for (const details of closedBeforePrint) {
        details.open = true;
    }
});

window.addEventListener("afterprint", () => {
    for (const details of closedBeforePrint) {
        details.open = false;
    }
    closedBeforePrint = [];
});
