// The report form in short steps: place → what happened → photos → how we contact you, one at a time on
// the same page (templates/pages/mapping/report_page.html, each step a `[data-report-step]` section).
//
// - The indicator (an ordered list) marks the current step with aria-current="step" and says where the
//   place came from; each step's heading reads "Step 2 of 4: What happened" and takes the focus when
//   the step is shown, so that a screen reader announces it.
// - Next checks the step first (report/checks.js: the browser's constraint validation and the form's
//   rules), shows what is wrong next to each field and focuses the first; Back and the summary's Change
//   buttons lose nothing, since every step stays in the one form. Enter in a field of an earlier step
//   goes to the next step; the last step's button sends everything, after checking every step again.
// - A form the server sent back with errors opens at the first step with an error; a link of the error
//   summary (portal/js/error-summary.js) opens its field's step ("error-summary:reveal").
//
// Without this script, or if it fails, the page is the single form with all its fields and one button.

import { clearProblem, focusTarget, hasProblem, problemsOf, showProblem } from "./report/checks.js";
import { fillSummary, placeState } from "./report/summary.js";

function format(template, values) {
    return Object.entries(values).reduce((text, [key, value]) => text.replaceAll(`%(${key})s`, value), template);
}

function startSteps(form) {
    const steps = Array.from(form.querySelectorAll("[data-report-step]"));
    const indicator = form.querySelector("[data-steps-indicator]");
    if (steps.length < 2 || !indicator) return;
    const labels = form.dataset;
    const headings = steps.map((step) => step.querySelector(".report-step__title"));
    const titles = headings.map((heading) => (heading ? heading.textContent.trim() : ""));
    const summary = form.querySelector("[data-report-summary]");
    const done = new Set();
    let current = 0;
    let placeSource = "map"; // where the point came from last: "map" (tap, marker, my location) or "photo"

    // The indicator: one item per step, its title and a state (the place's source, or "completed").
    const items = titles.map((title) => {
        const item = document.createElement("li");
        item.className = "report-steps__item";
        const name = document.createElement("span");
        name.className = "report-steps__name";
        name.textContent = title;
        const state = document.createElement("span");
        state.className = "report-steps__state";
        item.append(name, state);
        indicator.append(item);
        return { item, state };
    });

    function refreshIndicator() {
        items.forEach(({ item, state }, index) => {
            if (index === current) item.setAttribute("aria-current", "step");
            else item.removeAttribute("aria-current");
            const finished = done.has(index) && index !== current;
            item.classList.toggle("report-steps__item--done", finished);
            const place = index === 0 ? placeState(form, placeSource, labels) : "";
            state.textContent = place || (finished ? labels.labelDone : "");
        });
    }

    function show(index, { focus = true } = {}) {
        current = Math.max(0, Math.min(index, steps.length - 1));
        steps.forEach((step, position) => {
            step.hidden = position !== current;
        });
        if (summary && current === steps.length - 1) fillSummary(summary, form, placeSource, labels);
        refreshIndicator();
        form.dispatchEvent(new CustomEvent("report:stepshown", { detail: { step: current } }));
        if (focus && headings[current]) headings[current].focus();
    }

    // The problems of a step shown, the first one focused; true when there were none.
    function passes(index, { final = false } = {}) {
        const problems = problemsOf(steps[index], labels, { final });
        if (!problems.length) return true;
        if (index !== current) show(index, { focus: false });
        problems.forEach(showProblem);
        focusTarget(problems[0].field).focus();
        return false;
    }

    function next() {
        if (!passes(current)) return;
        done.add(current);
        show(current + 1);
    }

    function back() {
        show(current - 1);
    }

    // Start: the headings say their step, the parts that only make sense in steps appear.
    headings.forEach((heading, index) => {
        if (!heading) return;
        heading.textContent = format(labels.labelStep, {
            number: String(index + 1),
            total: String(steps.length),
            title: titles[index],
        });
    });
    form.querySelectorAll("[data-step-nav], [data-steps-only], [data-step-back]").forEach((node) => {
        node.hidden = false;
    });
    indicator.hidden = false;
    form.classList.add("report-form--steps");

    form.addEventListener("click", (event) => {
        const button = event.target.closest("button");
        if (!button) return;
        if (button.hasAttribute("data-step-next")) next();
        else if (button.hasAttribute("data-step-back")) back();
        else if (button.dataset.stepGo) show(Number(button.dataset.stepGo));
    });

    // Enter in a field of an earlier step goes on; on the last step every step is checked before sending.
    form.addEventListener("submit", (event) => {
        if (current < steps.length - 1) {
            event.preventDefault();
            next();
            return;
        }
        for (let index = 0; index < steps.length; index += 1) {
            if (!passes(index, { final: true })) {
                event.preventDefault();
                return;
            }
        }
    });

    // A message goes away as soon as its field is right.
    const recheck = (event) => {
        const field = event.target;
        if (!(field instanceof HTMLElement) || !field.name) return;
        if (field.name === "address" || field.name === "use_photo_location") refreshIndicator();
        const step = steps.find((candidate) => candidate.contains(field));
        if (!step) return;
        const shown = Array.from(step.querySelectorAll("input, select, textarea")).filter(hasProblem);
        if (!shown.length) return;
        const problems = problemsOf(step, labels, { final: true });
        for (const candidate of shown) {
            const still = problems.some(
                (problem) =>
                    problem.field === candidate || (candidate.type === "radio" && problem.field.name === candidate.name),
            );
            if (!still) clearProblem(candidate);
        }
    };
    form.addEventListener("input", recheck);
    form.addEventListener("change", recheck);

    form.addEventListener("report:placechange", (event) => {
        placeSource = (event.detail && event.detail.source) || "map";
        const address = form.elements.namedItem("address");
        if (address instanceof HTMLElement && hasProblem(address)) clearProblem(address);
        refreshIndicator();
    });

    // A link of the error summary to a field on another step: that step first.
    form.addEventListener("error-summary:reveal", (event) => {
        const index = steps.findIndex((step) => step.contains(event.target));
        if (index >= 0 && index !== current) show(index, { focus: false });
    });

    // Sent back by the server: the first step with an error (or the last one, to send it again).
    const wrong = steps.map((step) => Boolean(step.querySelector(".errorlist li, [aria-invalid='true']")));
    const withError = wrong.indexOf(true);
    const sentBack = withError >= 0 || Boolean(document.querySelector("[data-error-summary], .message--error"));
    if (sentBack) wrong.forEach((isWrong, index) => (isWrong ? null : done.add(index)));
    show(withError >= 0 ? withError : sentBack ? steps.length - 1 : 0, { focus: false });
}

document.querySelectorAll("form[data-report-steps]").forEach(startSteps);
