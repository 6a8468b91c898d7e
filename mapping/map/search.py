"""Published issues in the site search."""

from django.utils import translation

from mapping.map.links import issue_url_prefix
from mapping.models import Issue

LIMIT = 5


def search_issues(terms, request):
    """The best matching published issues; unpublished ones are never searched."""
    prefix = issue_url_prefix(translation.get_language())
    if not prefix:
        return []
    issues = Issue.objects.published().search(terms)[:LIMIT]
    return [
        {"title": issue.title, "url": f"{prefix}{issue.pk}/", "summary": issue.get_status_display()}
        for issue in issues
    ]
