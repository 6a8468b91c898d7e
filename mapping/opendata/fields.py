"""What each column of the open data means: name, Table Schema type, title and description, in the
order of the CSV's columns (`fields.json` serves it as a Frictionless Table Schema)."""

from django.utils.translation import gettext_lazy

# name, Table Schema type, title, description. The order is the order of the CSV's columns.
FIELDS = [
    ("id", "integer", gettext_lazy("Issue number"), gettext_lazy("The issue's number on the portal.")),
    ("title", "string", gettext_lazy("Title"), gettext_lazy("Short title of the problem.")),
    (
        "description",
        "string",
        gettext_lazy("Description"),
        gettext_lazy("Public description, with the personal data of people left out."),
    ),
    (
        "language",
        "string",
        gettext_lazy("Language of the texts"),
        gettext_lazy(
            "ru, kk or en: the language of the title and description. A download in Kazakh or English "
            "gives the Russian texts of an issue not yet translated, and says so here."
        ),
    ),
    (
        "status",
        "string",
        gettext_lazy("Status code"),
        gettext_lazy(
            "registered, forwarded, in_progress, disputed (a resolution its reporter disputed, under review "
            "again), resolved, not_confirmed or duplicate: the stage of the issue."
        ),
    ),
    ("status_label", "string", gettext_lazy("Status"), gettext_lazy("The status in words.")),
    (
        "closed",
        "boolean",
        gettext_lazy("Closed"),
        gettext_lazy("true when the issue is resolved, not confirmed or a duplicate."),
    ),
    ("category", "string", gettext_lazy("Category code"), gettext_lazy("Stable code of the category.")),
    ("category_name", "string", gettext_lazy("Category"), gettext_lazy("Name of the category.")),
    (
        "sensitive",
        "boolean",
        gettext_lazy("Sensitive category"),
        gettext_lazy(
            "true in a sensitive category (corruption, for example): the position is the centre of the "
            "area only and the address is left out."
        ),
    ),
    ("area", "string", gettext_lazy("Area code"), gettext_lazy("Stable code of the area.")),
    ("area_name", "string", gettext_lazy("Area"), gettext_lazy("District, city or rural okrug.")),
    (
        "authority",
        "string",
        gettext_lazy("Competent authority"),
        gettext_lazy("The body that must resolve the issue; empty until it is known."),
    ),
    (
        "source_channel",
        "string",
        gettext_lazy("Source channel"),
        gettext_lazy("How the problem reached us: web, phone, social, app, monitoring or media."),
    ),
    (
        "registered_on",
        "date",
        gettext_lazy("Registered on"),
        gettext_lazy("Day the issue was registered (YYYY-MM-DD)."),
    ),
    (
        "due_on",
        "date",
        gettext_lazy("Due on"),
        gettext_lazy("Legal deadline: 15 working days, or the extended date."),
    ),
    (
        "resolved_on",
        "date",
        gettext_lazy("Closed on"),
        gettext_lazy("Day the issue was closed; empty while it is open."),
    ),
    (
        "overdue",
        "boolean",
        gettext_lazy("Overdue"),
        gettext_lazy("true when the issue is open and its deadline has passed, on the day of the download."),
    ),
    (
        "supporters",
        "integer",
        gettext_lazy("Supporters"),
        gettext_lazy("How many people said “me too” on the issue's page (updated every few minutes)."),
    ),
    (
        "latitude",
        "number",
        gettext_lazy("Latitude"),
        gettext_lazy("WGS 84 latitude of the public position; empty when unknown."),
    ),
    (
        "longitude",
        "number",
        gettext_lazy("Longitude"),
        gettext_lazy("WGS 84 longitude of the public position; empty when unknown."),
    ),
    (
        "address",
        "string",
        gettext_lazy("Address"),
        gettext_lazy("Address of the problem; empty in a sensitive category."),
    ),
    ("url", "string", gettext_lazy("Web page"), gettext_lazy("The issue's page on the portal.")),
]
FIELD_NAMES = [name for name, *_rest in FIELDS]
