"""The error summary of a page sent back with errors, as GOV.UK shows it.

At the top of the form, under a heading, one line per error: a field's message is a link to that field's
input (`#id_description`), in the order of the page; an error of no visible field (the form's own, a
hidden guard's) is a line without a link. `templates/components/error_summary.html` shows it,
`portal/js/error-summary.js` gives it the focus when the page loads, and the page's title starts with
"Error: ". Each field keeps its own message beside it, named by the input's `aria-describedby`, with
`aria-invalid="true"` (Django's field rendering does both).
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class SummaryError:
    """One line of the summary: the message, and the id of the input it leads to ("" for none)."""

    message: str
    target: str = ""


def field_target(bound_field):
    """The id of the input a summary link leads to: the field's own, or the first of its radios or boxes;
    "" for a hidden field, which no one can correct."""
    if bound_field.is_hidden or not bound_field.auto_id:
        return ""
    if bound_field.use_fieldset:
        # A group of radios or boxes: Django names them id_<name>_0, id_<name>_1…
        return f"{bound_field.auto_id}_0"
    return bound_field.id_for_label


def form_error_summary(form, without=()):
    """The summary of a bound form's errors: the form's own and its hidden fields' first (they concern the
    whole form), then each visible field's in the form's order. `without` names fields whose errors are
    left out, because another field shows them (the point on the map, whose message is the address's)."""
    if not form.is_bound or not form.errors:
        return []
    general = [SummaryError(str(message)) for message in form.non_field_errors()]
    fields = []
    for bound_field in form:
        if bound_field.name in without:
            continue
        target = field_target(bound_field)
        (fields if target else general).extend(
            SummaryError(str(message), target) for message in bound_field.errors
        )
    return general + fields
