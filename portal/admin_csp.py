"""Let Wagtail's admin run under a script policy of 'self' only.

Wagtail 7.4 starts its chooser widgets (image, page, document, snippet) with an inline
`<script>new ImageChooser(...)</script>` written in Python, and a few panels and date widgets with inline
scripts in templates. The admin's Content-Security-Policy refuses inline scripts, so those widgets are
rendered with a hidden marker instead, and `portal/js/admin-init.js` (a static file) starts them.
The templates are overridden in `templates/wagtailadmin/`; the choosers are patched here.
"""

import json

from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.admin.widgets.chooser import BaseChooser


def render_chooser_without_inline_script(self, name, value, attrs=None, renderer=None):
    try:
        id_ = attrs["id"]
    except (KeyError, TypeError) as e:
        raise TypeError("BaseChooser cannot be rendered without an 'id' attribute") from e
    value_data = self.get_value_data(value)
    widget_html = self.render_html(name, value_data, attrs)
    marker = format_html(
        '<span hidden data-portal-admin-init="chooser" data-constructor="{}" data-target="{}" '
        'data-options="{}"></span>',
        self.js_constructor,
        id_,
        json.dumps(self.get_js_init_options(id_, name, value_data)),
    )
    return mark_safe(f"{widget_html}{marker}")  # noqa: S308 - both parts are escaped HTML


def patch_choosers():
    BaseChooser.render = render_chooser_without_inline_script
