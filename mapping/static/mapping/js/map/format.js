// Numbers, dates and counted labels in the reader's language (the page's <html lang>).

export function pageLanguage() {
    return document.documentElement.lang;
}

// Labels come translated from the template's data-label-* attributes, with "%(count)s" in them.
export function interpolateCount(label, count) {
    return (label || "").replace("%(count)s", String(count));
}

export function formatCount(count) {
    try {
        return new Intl.NumberFormat(pageLanguage() || undefined).format(count);
    } catch {
        return String(count);
    }
}

// API dates are calendar days ("2025-03-14"); parsing them as UTC would show the day before
// for readers west of Greenwich, so build a local date.
export function formatDate(isoDate, language) {
    const [year, month, day] = (isoDate || "").split("-").map(Number);
    if (!year || !month || !day) return isoDate || "";
    try {
        return new Intl.DateTimeFormat(language || undefined, { dateStyle: "long" }).format(
            new Date(year, month - 1, day),
        );
    } catch {
        return isoDate;
    }
}
