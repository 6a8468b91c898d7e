"""Who is asking: the client's address, as the rate limits key it."""

from django.conf import settings


def client_address(group, request):
    """The client's address: the connection's, or the one the trusted proxies saw (not a spoofable one).

    A django-ratelimit key function, hence the unused `group`. `TRUSTED_PROXY_COUNT` says how many
    proxies in front of the app append to X-Forwarded-For; with none, the header is ignored.
    """
    hops = settings.TRUSTED_PROXY_COUNT
    if hops:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR", "")
