// The map page's filter form (#map-filters): what the reader chose drives the map without a reload,
// and the category options carry each category's name and symbol.

const FILTER_NAMES = ["area", "category", "status", "period"];

// The API gives only the category slug; its name and symbol are in the filter form's options.
export function readCategories(form) {
    const categories = new Map();
    if (!form) return categories;
    form.querySelectorAll('select[name="category"] option').forEach((option) => {
        if (option.value) {
            categories.set(option.value, {
                name: option.textContent.trim(),
                symbol: (option.dataset.symbol || "").trim(),
            });
        }
    });
    return categories;
}

function selectedValues(select) {
    return Array.from(select.selectedOptions)
        .map((option) => option.value)
        .filter(Boolean)
        .join(",");
}

// The form shows what the reader chose since the page loaded; it wins over the filters the server
// rendered the page with (in `params`).
export function applyFilters(params, form) {
    if (!form) return params;
    FILTER_NAMES.forEach((name) => {
        const select = form.querySelector(`select[name="${name}"]`);
        if (!select) return;
        const value = selectedValues(select);
        if (value) params.set(name, value);
        else params.delete(name);
    });
    return params;
}

// Calls `onChange` whenever one of the map's filters changes.
export function watchFilters(form, onChange) {
    if (!form) return;
    form.addEventListener("change", (event) => {
        if (FILTER_NAMES.includes(event.target.name)) onChange();
    });
}
