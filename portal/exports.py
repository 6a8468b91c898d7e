"""Spreadsheet exports of the admin's listings that stay valid whatever the data holds."""

from portal.text import clean_text


class CleanExportMixin:
    """For a Wagtail index view: every exported value passes through `clean_text`, so that a control
    character kept before the text rules (portal.text) cannot make the XLSX export fail."""

    def preprocess_field_value(self, field, value, export_format):
        return clean_text(super().preprocess_field_value(field, value, export_format))
