"""Pages that belong to no domain: the public home page and the post-login landing."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from fellowship.accounts.roles import ROLE_LABELS, Role, memberships
from fellowship.news.public_views import latest_news
from fellowship.programs.models import Program
from fellowship.programs.selectors import public_institutions


def public_home(request):
    """The program's public page: description, institutions and laboratories."""
    programs = list(Program.objects.order_by("pk"))
    program = None
    if programs:
        wanted = request.GET.get("program")
        program = next((p for p in programs if p.slug == wanted), programs[0])
    context = {
        "programs": programs,
        "public_program": program,
        "institutions": public_institutions(program) if program else [],
        "latest_news": latest_news(program),
    }
    return render(request, "web/public_home.html", context)


@login_required
def home_for_user(request):
    """Where login lands: the dashboard of the user's program, or a choice of programs."""
    found = memberships(request.user)
    if request.user.is_superuser:
        programs = list(Program.objects.order_by("name"))
    else:
        programs = list(Program.objects.filter(pk__in=found.roles).order_by("name"))
    if len(programs) == 1:
        return redirect(programs[0].get_absolute_url())
    choices = [
        (p, [ROLE_LABELS[r] for r in Role if r in found.roles.get(p.pk, set())]) for p in programs
    ]
    return render(request, "web/choose_program.html", {"choices": choices})
