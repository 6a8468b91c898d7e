"""One page of a listing, whatever page number a reader typed."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator


def paginate(queryset, number, per_page, count=None):
    """Page `number` of `queryset`: the first for a number that is not one, the last past the end.

    `count`, when the caller already knows it (a cached figure), spares the COUNT query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(number)
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        return paginator.page(paginator.num_pages)
