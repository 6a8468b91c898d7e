"""Text hygiene: what every text from a citizen, a partner or staff is reduced to before it is kept.

`clean_text` normalises to NFC (a letter and its accent typed apart become one character, so searches and
comparisons agree), turns CR LF and lone CR into LF, and removes the characters that no output format may
carry or that disguise text: C0 controls other than newline and tab, DEL and the C1 controls (XML 1.0,
RSS, Atom and XLSX cannot hold them: one such character in a published issue made the map's feed and
the admin's export answer 500 for everyone), and the bidirectional embedding, override and isolate
characters (U+202A–U+202E, U+2066–U+2069), which reorder how text reads.

It is applied at the edge and at rest: every CharField and TextField of the portal's models is cleaned
before it is saved (`clean_model_text`, connected to `pre_save`), whatever the way in (a form, the admin,
Open311, an import). Outputs that cannot hold such characters at all also pass their text through
`clean_text`, so that data stored before this rule cannot break them either.
"""

import re
import unicodedata

from django.db import models

UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# The apps whose models hold texts people typed (Wagtail's own models are left to Wagtail).
CLEANED_APPS = frozenset({"portal", "home", "ethics", "mapping"})


def clean_text(value):
    """`value` in NFC, with LF line ends, without the characters listed in the module docstring.

    Anything that is not a string is returned as it is.
    """
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return UNSAFE.sub("", unicodedata.normalize("NFC", value))


def clean_model_text(sender, instance, **kwargs):
    """A pre_save receiver: the instance's character and text fields, cleaned."""
    if sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, (models.CharField, models.TextField)):
            value = getattr(instance, field.attname)
            cleaned = clean_text(value)
            if cleaned is not value and cleaned != value:
                setattr(instance, field.attname, cleaned)
