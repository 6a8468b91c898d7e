"""One page of a listing, whatever page number a reader typed."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(queryset, number, per_page):
    """Page `number` of `queryset`: the first for a number that is not one, the last past the end."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
