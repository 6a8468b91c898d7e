// The error summary of a page sent back with errors (templates/components/error_summary.html): it takes
// the focus when the page loads, so that a screen reader reads it first and a keyboard starts from it;
// each of its links moves the focus to its field, with the field's label or legend scrolled into view
// (a browser following "#id" alone would scroll the label away and might not focus the input).
// A part of the page that hides fields (a step of a form) can listen for "error-summary:reveal", which the
// field receives, bubbling, before it is focused.

// What to scroll to the top: a group of radios' legend (the question), else the input's own label.
function labelOf(input) {
    const legend = input.closest("fieldset")?.querySelector("legend");
    if (input.type === "radio" && legend) {
        return legend;
    }
    return document.querySelector(`label[for="${CSS.escape(input.id)}"]`) ?? legend;
}

function focusField(event) {
    const link = event.target.closest("a[href^='#']");
    if (!link) {
        return;
    }
    const input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!input) {
        return;
    }
    event.preventDefault();
    input.dispatchEvent(new CustomEvent("error-summary:reveal", { bubbles: true }));
    (labelOf(input) ?? input).scrollIntoView();
    input.focus({ preventScroll: true });
}

const summary = document.querySelector("[data-error-summary]");
if (summary) {
    summary.focus();
    summary.addEventListener("click", focusField);
}
