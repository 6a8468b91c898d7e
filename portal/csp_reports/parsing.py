"""A violation report as browsers send it, read into the few facts we keep.

Two formats arrive: `report-uri` sends one report as `application/csp-report` (older browsers, Firefox
and Safari), `{"csp-report": {"effective-directive": ..., "blocked-uri": ..., "document-uri": ...}}`;
`report-to` (the Reporting API, Chromium) sends a list as `application/reports+json`,
`[{"type": "csp-violation", "user_agent": ..., "body": {"effectiveDirective": ..., "blockedURL": ...}}]`.

What is kept may not hold personal data: addresses lose their query string and fragment (a status
page's address holds a tracking code), the page is kept as its path only, the user agent as its family
("Firefox", not the version and platform), and no sample of the blocked code is kept.
"""

import json
import re
from dataclasses import astuple, dataclass
from urllib.parse import urlsplit, urlunsplit

from portal.text import clean_text

REPORT_URI_TYPES = frozenset({"application/csp-report", "application/json"})
REPORTING_API_TYPE = "application/reports+json"
ACCEPTED_TYPES = REPORT_URI_TYPES | {REPORTING_API_TYPE}
# A browser batches what one page did; more than this in one request is not a browser's doing.
MAX_REPORTS_PER_REQUEST = 20
MAX_TEXT = 500
# What browsers put in place of an address when the blocked thing had none.
KEYWORDS = frozenset({"inline", "eval", "wasm-eval", "data", "blob", "self", "trusted-types-policy"})
DIRECTIVE = re.compile(r"^[a-z][a-z-]{0,62}$")
# The families a user agent string names, the more specific first (Edge and Opera say "Chrome" too).
FAMILIES = (
    ("YaBrowser/", "Yandex Browser"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Edg/", "Edge"),
    ("EdgA/", "Edge"),
    ("OPR/", "Opera"),
    ("HeadlessChrome/", "Chrome (headless)"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)


class MalformedReport(ValueError):
    """The body is not a violation report in either format."""


@dataclass(frozen=True)
class Violation:
    """One violation, as kept: identical ones are counted in one row (portal.csp_reports.models)."""

    directive: str
    blocked_uri: str
    document_path: str
    source_file: str
    line_number: int | None
    user_agent_family: str

    def key(self):
        return "\x1f".join("" if part is None else str(part) for part in astuple(self))


def user_agent_family(user_agent):
    for marker, family in FAMILIES:
        if marker in (user_agent or ""):
            return family
    return "Other" if user_agent else ""


def without_query(address):
    """An address without its query string, fragment and credentials, or the keyword a browser sent."""
    address = clean_text(str(address or "")).strip()
    if address in KEYWORDS or not address:
        return address
    parts = urlsplit(address)
    if parts.scheme in ("data", "blob"):
        return parts.scheme
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, "", ""))[:MAX_TEXT]


def directive_of(effective, violated):
    """The directive that blocked it: the effective one, or the first word of the violated one."""
    name = str(effective or "").strip().lower() or (str(violated or "").split() or [""])[0].lower()
    if not DIRECTIVE.match(name):
        raise MalformedReport("no directive")
    return name


def line_of(value):
    try:
        line = int(value)
    except (TypeError, ValueError):
        return None
    return line if 0 < line < 10_000_000 else None


def violation(fields, names, user_agent):
    """A Violation from one report's fields; `names` maps our names to the format's."""

    def field(name):
        return fields.get(names[name])

    return Violation(
        directive=directive_of(field("effective"), field("violated")),
        blocked_uri=without_query(field("blocked")),
        document_path=urlsplit(clean_text(str(field("document") or ""))).path[:MAX_TEXT],
        source_file=without_query(field("source")),
        line_number=line_of(field("line")),
        user_agent_family=user_agent_family(clean_text(user_agent or "")),
    )


REPORT_URI_NAMES = {
    "effective": "effective-directive",
    "violated": "violated-directive",
    "blocked": "blocked-uri",
    "document": "document-uri",
    "source": "source-file",
    "line": "line-number",
}
REPORTING_API_NAMES = {
    "effective": "effectiveDirective",
    "violated": "violatedDirective",
    "blocked": "blockedURL",
    "document": "documentURL",
    "source": "sourceFile",
    "line": "lineNumber",
}


def violations(content_type, body, user_agent):
    """The violations a request's body reports, or MalformedReport."""
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, ValueError) as error:
        raise MalformedReport("not JSON") from error
    if content_type == REPORTING_API_TYPE:
        if not isinstance(data, list) or len(data) > MAX_REPORTS_PER_REQUEST:
            raise MalformedReport("not a list of reports")
        found = []
        for report in data:
            if not isinstance(report, dict):
                raise MalformedReport("not a report")
            if report.get("type") != "csp-violation":
                continue  # other kinds of report (deprecations, interventions) are not ours to keep
            if not isinstance(report.get("body"), dict):
                raise MalformedReport("a report without a body")
            agent = report.get("user_agent") if isinstance(report.get("user_agent"), str) else user_agent
            found.append(violation(report["body"], REPORTING_API_NAMES, agent))
        return found
    if not isinstance(data, dict) or not isinstance(data.get("csp-report"), dict):
        raise MalformedReport("no csp-report")
    return [violation(data["csp-report"], REPORT_URI_NAMES, user_agent)]
