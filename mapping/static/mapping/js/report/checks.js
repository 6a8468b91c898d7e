// The checks of the stepped report form (report-steps.js): a step's fields by the browser's constraint
// validation (required, minlength, type="email"…), plus the form's own rules that the server applies too
// (mapping/reports/intake.py: a place, contacts only with consent and never on an anonymous report).
// Messages come translated from the form's data-msg-* attributes and are shown next to their field,
// named by its aria-describedby and marked aria-invalid, until the field is corrected.

const ERROR_CLASS = "report-step__error";

// The fields a person fills in a part of the form (not the hidden ones, the honeypot or the buttons).
function fieldsOf(container) {
    return Array.from(container.querySelectorAll("input, select, textarea")).filter(
        (field) => field.willValidate && field.type !== "hidden" && !field.closest("[aria-hidden='true']"),
    );
}

function radiosOf(field) {
    return Array.from(field.form.querySelectorAll(`input[type="radio"][name="${CSS.escape(field.name)}"]`));
}

// What is wrong with one field, or "" (text is judged trimmed, and its length in characters, as the
// server judges it).
function problemOf(field, messages) {
    if (field.type === "radio") {
        return field.required && !radiosOf(field).some((radio) => radio.checked) ? messages.msgRequired : "";
    }
    if (field.type === "text" || field.type === "email" || field.tagName === "TEXTAREA") {
        const value = field.value.trim();
        if (field.required && !value) return messages.msgRequired;
        if (value && field.minLength > 0 && Array.from(value).length < field.minLength) {
            return messages.msgTooShort.replaceAll("%(count)s", String(field.minLength));
        }
    }
    if (field.validity.valid) return "";
    if (field.validity.valueMissing) return messages.msgRequired;
    if (field.validity.typeMismatch && field.type === "email") return messages.msgEmail;
    return field.validationMessage;
}

function value(form, name) {
    const field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
}

// The form's own rules for the fields in `step`; `final` when the whole form is about to be sent.
function ruleProblems(form, step, messages, final) {
    const problems = [];
    const address = form.elements.namedItem("address");
    if (final && address instanceof HTMLElement && step.contains(address)) {
        const point = value(form, "latitude") && value(form, "longitude");
        // The server's offer of a photo's place, after a submit without one (the no-JavaScript way).
        const photoPlace = form.elements.namedItem("use_photo_location");
        const offered = photoPlace instanceof HTMLInputElement && photoPlace.checked;
        // A photo the browser does not read (HEIC, WebP, PNG) may hold a position only the server finds:
        // then the server answers, offering it or asking for the place.
        const photos = form.querySelector('input[type="file"][name="photos"]');
        const unread = Array.from((photos && photos.files) || []).some((file) => file.type !== "image/jpeg");
        if (!point && !offered && !unread && !address.value.trim()) {
            problems.push({ field: address, message: messages.msgPlace });
        }
    }
    const consent = form.elements.namedItem("consent");
    if (consent instanceof HTMLInputElement && step.contains(consent)) {
        const contacts = ["name", "email", "phone"].some((name) => value(form, name));
        const anonymous = form.querySelector('input[name="anonymity"][value="anonymous"]');
        if (contacts && anonymous && anonymous.checked) {
            problems.push({ field: anonymous, message: messages.msgAnonymous });
        } else if (contacts && !consent.checked) {
            problems.push({ field: consent, message: messages.msgConsent });
        }
    }
    return problems;
}

// Every problem of a step, in the order of its fields: [{field, message}].
export function problemsOf(step, messages, { final = false } = {}) {
    const problems = [];
    const seen = new Set();
    for (const field of fieldsOf(step)) {
        const key = field.type === "radio" ? `radio:${field.name}` : field;
        if (seen.has(key)) continue;
        seen.add(key);
        const message = problemOf(field, messages);
        if (message) problems.push({ field, message });
    }
    const taken = new Set(problems.map((problem) => problem.field.name));
    for (const problem of ruleProblems(step.closest("form"), step, messages, final)) {
        if (!taken.has(problem.field.name)) problems.push(problem);
    }
    const order = fieldsOf(step);
    return problems.sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
}

function errorIdOf(field) {
    return `${field.type === "radio" ? field.name : field.id}_step_error`;
}

// The fields a message belongs to: a group of radios, or one field.
function targetsOf(field) {
    return field.type === "radio" ? radiosOf(field) : [field];
}

export function clearProblem(field) {
    const id = errorIdOf(field);
    document.getElementById(id)?.remove();
    for (const target of targetsOf(field)) {
        const described = (target.getAttribute("aria-describedby") || "").split(" ").filter((part) => part && part !== id);
        if (described.length) target.setAttribute("aria-describedby", described.join(" "));
        else target.removeAttribute("aria-describedby");
        if (target.hasAttribute("data-step-invalid")) {
            target.removeAttribute("data-step-invalid");
            target.removeAttribute("aria-invalid");
        }
    }
}

// A problem shown next to its field (above a group of radios, under its legend).
export function showProblem({ field, message }) {
    clearProblem(field);
    const error = document.createElement("p");
    error.className = ERROR_CLASS;
    error.id = errorIdOf(field);
    error.textContent = message;
    const legend = field.type === "radio" ? field.closest("fieldset")?.querySelector("legend") : null;
    if (legend) legend.after(error);
    else field.before(error);
    for (const target of targetsOf(field)) {
        const described = (target.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        target.setAttribute("aria-describedby", [error.id, ...described].join(" "));
        if (target.getAttribute("aria-invalid") !== "true") {
            target.setAttribute("aria-invalid", "true");
            target.setAttribute("data-step-invalid", "");
        }
    }
}

// The field to put the focus on for a problem: the chosen radio of a group, or the field itself.
export function focusTarget(field) {
    if (field.type !== "radio") return field;
    return radiosOf(field).find((radio) => radio.checked) || field;
}

// Whether a field shows a message of ours (so that correcting it can take the message away).
export function hasProblem(field) {
    return Boolean(document.getElementById(errorIdOf(field)));
}
