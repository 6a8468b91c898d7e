"""Month names as Kazakh official texts write them inside a date: in lower case ("6 наурыз"), where
Django's Kazakh catalogue capitalises them. Marked here so that `makemessages` keeps them in our
catalogues, which come before Django's (LOCALE_PATHS); the Kazakh one gives the lower-case names and the
Russian and English ones leave Django's own. Nothing imports this module.
"""

from django.utils.translation import gettext_noop

MONTHS = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
)
