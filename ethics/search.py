"""Search within one guide: its topics only, with the same limits and messages as the site search."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from portal.views import QUERY_SYNTAX, SEARCH_MAX_LENGTH

RESULTS_LIMIT = 50


@dataclass
class GuideSearch:
    """What a search of the guide found, or why it could not search, and the HTTP status to answer."""

    query: str
    results: list = field(default_factory=list)
    error: str = ""
    status: int = 200
    searched: bool = False

    def context(self):
        return {
            "search_query": self.query,
            "search_results": self.results,
            "search_error": self.error,
            "searched": self.searched,
        }


def search_guide(topics, query, asked=True):
    """The topics (a guide's live topics, as a queryset) matching the query, best first.

    `asked` is False when the reader opened the search page without a query: the form alone, no error.
    """
    if len(query) > SEARCH_MAX_LENGTH:
        message = ngettext(
            "Your search is too long: use at most %(limit)d character.",
            "Your search is too long: use at most %(limit)d characters.",
            SEARCH_MAX_LENGTH,
        ) % {"limit": SEARCH_MAX_LENGTH}
        return GuideSearch(query, error=message, status=400)
    terms = " ".join(QUERY_SYNTAX.sub(" ", query).split())
    if not terms:
        if not asked:
            return GuideSearch(query)
        if query.strip():
            return GuideSearch(query, error=_("Type words made of letters or digits."))
        return GuideSearch(query, error=_("Type a word or phrase to search for in the guide."))
    results = list(topics.search(terms)[:RESULTS_LIMIT])
    return GuideSearch(query, results=results, searched=True)
