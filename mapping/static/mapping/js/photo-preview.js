// Photo previews on the report form: the citizen sees what will be sent, and a photo the server would
// refuse by its count or size is flagged at once. The server still checks everything.

function preview(container) {
    const input = document.getElementById(container.dataset.input);
    const list = container.querySelector(".photo-preview__list");
    const message = container.querySelector(".photo-preview__message");
    if (!input || !list || !message || typeof FileReader === "undefined") return;
    const maxCount = Number(container.dataset.maxCount) || 5;
    const maxBytes = Number(container.dataset.maxBytes) || 10 * 1024 * 1024;

    input.addEventListener("change", () => {
        list.replaceChildren();
        const files = Array.from(input.files || []);
        container.hidden = files.length === 0;
        message.textContent = files.length > maxCount ? container.dataset.msgTooMany : "";
        files.forEach((file, index) => {
            const item = document.createElement("li");
            const name = document.createElement("span");
            name.textContent = file.name;
            if (file.size > maxBytes || index >= maxCount) {
                name.classList.add("photo-preview__refused");
                if (file.size > maxBytes) name.textContent = `${file.name}: ${container.dataset.msgTooLarge}`;
            } else if (file.type.startsWith("image/") && file.type !== "image/heic") {
                // A data: URL, which the page's image policy allows; HEIC is not shown by most browsers.
                const image = document.createElement("img");
                image.alt = `${container.dataset.msgAlt} ${index + 1}`;
                const reader = new FileReader();
                reader.addEventListener("load", () => { image.src = String(reader.result); });
                reader.readAsDataURL(file);
                item.append(image);
            }
            item.append(name);
            list.append(item);
        });
    });
}

// A module runs once the page is parsed, so every preview box is there.
document.querySelectorAll("[data-photo-preview]").forEach(preview);
