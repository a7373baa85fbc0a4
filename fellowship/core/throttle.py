"""Throttling for the secret links (the alumni survey, the calendar feed): pages opened
without a login, where the token in the address is the key.

One address that keeps presenting wrong tokens is guessing: after `SECRET_LINK_FAILURE_LIMIT`
refusals within `SECRET_LINK_WINDOW_MINUTES`, every request from it to that kind of link is
refused (429) until the window ends, the right token included, so guessing stops paying.
Counting is in Django's cache. `client_address` is the one notion of "the address" for
these links and for sign-in throttling (settings.AXES_CLIENT_IP_CALLABLE).
"""

from functools import wraps
from ipaddress import ip_address

from django.conf import settings
from django.core.cache import cache
from django.http import Http404
from django.shortcuts import render

# A token the view did not accept: unknown (404) or refused (410: invalid, used, expired).
REFUSED_STATUSES = {404, 410}


def client_address(request) -> str:
    """The client's address. Behind `settings.PROXY_COUNT` reverse proxies it is the entry
    of X-Forwarded-For that the outermost of ours appended (entries left of it are the
    client's say and can be forged); without proxies, REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = getattr(settings, "PROXY_COUNT", 0)
    forwarded = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if proxies <= 0 or len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ip_address(candidate))
    except ValueError:  # a malformed header: count it against the proxy's neighbour
        return remote


def failure_limit() -> int:
    return getattr(settings, "SECRET_LINK_FAILURE_LIMIT", 10)


def window_minutes() -> int:
    return getattr(settings, "SECRET_LINK_WINDOW_MINUTES", 15)


def _key(scope: str, request) -> str:
    return f"secret-link-refusals:{scope}:{client_address(request) or 'unknown'}"


def is_throttled(scope: str, request) -> bool:
    return cache.get(_key(scope, request), 0) >= failure_limit()


def note_refusal(scope: str, request) -> None:
    key = _key(scope, request)
    cache.add(key, 0, timeout=window_minutes() * 60)  # the window starts at the first refusal
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr: start again
        cache.set(key, 1, timeout=window_minutes() * 60)


def throttled_response(request):
    message = (
        "Too many wrong links from your address; "
        f"try again in {window_minutes()} minutes or ask the program office for a new link."
    )
    return render(request, "429.html", {"message": message}, status=429)


def secret_link(scope: str):
    """Wraps the view of a secret link: counts its refusals by address and stops guessing."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if is_throttled(scope, request):
                return throttled_response(request)
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                note_refusal(scope, request)
                raise
            if response.status_code in REFUSED_STATUSES:
                note_refusal(scope, request)
            return response

        return wrapped

    return decorate
