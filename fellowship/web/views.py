"""Pages that belong to no domain: the public home page, the post-login landing and the
program's dashboard (one page per user, gathering what every app has for them)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.generic import TemplateView

from fellowship.accounts.roles import ROLE_LABELS, Role, memberships
from fellowship.core.views import ProgramViewMixin
from fellowship.news.public_views import latest_news
from fellowship.programs import selectors
from fellowship.programs.models import Program
from fellowship.programs.selectors import public_institutions

from .next_steps import next_steps


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


class DashboardView(ProgramViewMixin, TemplateView):
    """One page per user and program, with a section for each role they hold in it."""

    template_name = "programs/dashboard.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        found = memberships(user)
        roles = found.roles.get(self.program.pk, set())
        # What waits for this person, whatever their roles: the panel at the top.
        if roles or user.is_superuser:
            panel = next_steps(user, self.program)
            context["next_steps"] = panel.items
            context["committees"] = panel.committees
        if roles & {Role.DIRECTOR, Role.COORDINATOR} or user.is_superuser:
            context["staff"] = selectors.staff_dashboard(self.program)
        if Role.FACULTY in roles:
            context["today"] = timezone.localdate()
            context["mentees"] = list(
                selectors.mentees_of(self.program, found.faculty_ids.get(self.program.pk))
            )
        if Role.FELLOW in roles:
            context["glance"] = selectors.fellow_at_a_glance(
                self.program, found.fellow_ids[self.program.pk]
            )
        return context
