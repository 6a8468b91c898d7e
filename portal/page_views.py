"""Page views kept out of the page models, so that models never import the views that read them.

A page's routes (Wagtail's RoutablePageMixin) hand the request to a view named by a key, such as
"mapping.map", and a page whose context needs another feature's queries asks for it by key too; the
function lives in its feature's `views` module, which imports the models it queries, and registers itself
under that key with `@page_view(...)`. Each app imports its views modules
in `AppConfig.ready()`, once every model is loaded. The import graph then runs one way: views → models.
"""

from django.core.exceptions import ImproperlyConfigured

_views = {}


def page_view(key):
    """Register the decorated function as the view of `key`: it is called as `view(page, request, ...)`."""

    def register(view):
        if _views.get(key, view) is not view:
            raise ImproperlyConfigured(f"Two page views are registered as {key!r}.")
        _views[key] = view
        return view

    return register


def _registered(key):
    try:
        return _views[key]
    except KeyError:
        raise ImproperlyConfigured(
            f"No page view is registered as {key!r}: is its views module imported in its app's ready()?"
        ) from None


def serve_page_view(key, page, request, *args, **kwargs):
    """The response of the view registered as `key`, for `page`."""
    return _registered(key)(page, request, *args, **kwargs)


def page_view_context(key, page, request):
    """The context (a dict) that the function registered as `key` adds to `page`'s own."""
    return _registered(key)(page, request)
