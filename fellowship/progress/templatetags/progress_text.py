"""A plan's or an IDP's Markdown as safe HTML: the news app's renderer (Python-Markdown,
sanitised by nh3), so that the program has one set of rules for what text may contain."""

import re

from django import template
from django.utils.safestring import mark_safe

from fellowship.core.markdown import render_markdown

register = template.Library()

# The fellow's headings sit under the page's own section heading (an h3): one level below.
HEADING = re.compile(r"<(/?)h[2-4]\b")


@register.filter
def rich_text(text):
    html = render_markdown(text)
    # Only tag names are renamed, after sanitising: text never holds a raw "<" (it is &lt;).
    return mark_safe(HEADING.sub(r"<\1h4", html))  # noqa: S308
