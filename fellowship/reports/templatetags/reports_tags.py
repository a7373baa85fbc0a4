"""Template filters of the reports pages."""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.filter
def break_at_slashes(text) -> str:
    """Let a header such as "Subsequent Grant(s)/Role/Year Awarded" wrap after each slash
    (browsers do not break there by themselves), so the table fits without cutting words."""
    return mark_safe(conditional_escape(text).replace("/", "/<wbr>"))
