"""Response headers every page gets: the Permissions-Policy and, for a signed-in user,
`Cache-Control: no-store` (private pages and files must not stay in a browser or proxy cache).
The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY)."""

from django.conf import settings
from django.utils.cache import add_never_cache_headers


class PermissionsPolicyMiddleware:
    """Switches off the browser features no page uses (camera, microphone, location ...)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class PrivatePagesNoStoreMiddleware:
    """A page or file shown to a signed-in user is never stored by a cache; the public
    pages, seen signed out, may be."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response
