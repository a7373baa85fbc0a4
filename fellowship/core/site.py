"""Where links in emails and feeds point."""

import os

from django.conf import settings


def site_url() -> str:
    """settings.SITE_URL, else $SITE_URL, else the development server."""
    return getattr(settings, "SITE_URL", "") or os.environ.get("SITE_URL", "http://127.0.0.1:8000")
