from django import template
from django.utils import timezone

register = template.Library()


@register.inclusion_tag("grants/_eligibility_panel.html", takes_context=True)
def eligibility_panel(context, fellow_id):
    """The fellow's K99 window, for the fellow and the staff (it shows leave and prior
    research); nothing for anyone else."""
    from ..views import eligibility_context

    request = context["request"]
    panel = eligibility_context(request.user, fellow_id, timezone.localdate())
    return {"panel": panel, "program": context.get("program")}
