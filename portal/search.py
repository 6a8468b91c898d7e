"""Searches that other apps add to the site search (the portal cannot import them, so they register).

A provider is a callable `(terms, request) -> list of {"title", "url", "summary"}`, returning a few of
its best public results; the site search shows them above the pages it finds.
"""

_providers = []


def register_search_provider(provider):
    if provider not in _providers:
        _providers.append(provider)
    return provider


def extra_results(terms, request):
    results = []
    for provider in _providers:
        results.extend(provider(terms, request))
    return results
