// What the stepped report form (report-steps.js) says about the report so far: where its place came from
// (for the steps' indicator) and the short summary shown on the last step, before it is sent. Texts come
// translated from the form's data-label-* attributes; what the citizen typed is only ever set as text.

const EXCERPT = 160;

function value(form, name) {
    const field = form.elements.namedItem(name);
    return field && typeof field.value === "string" ? field.value.trim() : "";
}

// "map", "photo", "address" or "": how the report's place is given now. `source` is where the point
// came from last ("map" or "photo").
export function placeKind(form, source) {
    if (value(form, "latitude") && value(form, "longitude")) return source === "photo" ? "photo" : "map";
    const offered = form.elements.namedItem("use_photo_location"); // the server's offer, after a submit
    if (offered instanceof HTMLInputElement && offered.checked) return "photo";
    return value(form, "address") ? "address" : "";
}

// The indicator's word on the place: "marked on the map", "taken from the photo", "described in words".
export function placeState(form, source, labels) {
    return {
        map: labels.labelPlaceMap,
        photo: labels.labelPlacePhoto,
        address: labels.labelPlaceAddress,
    }[placeKind(form, source)] || "";
}

function excerpt(text) {
    const characters = Array.from(text);
    return characters.length > EXCERPT ? `${characters.slice(0, EXCERPT).join("")}…` : text;
}

// The summary's lines: the place, what happened (and its category), the photos chosen.
export function fillSummary(summary, form, source, labels) {
    const set = (name, text) => {
        const node = summary.querySelector(`[data-summary="${name}"]`);
        if (node) node.textContent = text;
    };
    const kind = placeKind(form, source);
    const parts = [];
    if ((kind === "map" || kind === "photo") && value(form, "latitude") && value(form, "longitude")) {
        const lat = Number(value(form, "latitude")).toFixed(5);
        const lng = Number(value(form, "longitude")).toFixed(5);
        parts.push(`${placeState(form, source, labels)} (${lat}, ${lng})`);
    } else if (kind === "photo") {
        parts.push(placeState(form, source, labels));
    }
    if (value(form, "address")) parts.push(value(form, "address"));
    set("place", parts.join("; ") || labels.labelPlaceNone);

    const category = form.elements.namedItem("category");
    const chosen = category instanceof HTMLSelectElement && category.value ? category.selectedOptions[0] : null;
    const text = excerpt(value(form, "description"));
    set("text", chosen ? `${text} (${chosen.textContent.trim()})` : text);

    const photos = form.querySelector('input[type="file"][name="photos"]');
    const names = photos ? Array.from(photos.files || []).map((file) => file.name) : [];
    set("photos", names.length ? names.join(", ") : labels.labelNoPhotos);
    summary.hidden = false;
}
