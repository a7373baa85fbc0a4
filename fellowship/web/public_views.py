"""Public pages (no login) that gather more than one app: what a page shows comes from its
app, who may be named on it from the fellows' consent (news)."""

from django.shortcuts import render
from django.utils import timezone

from fellowship.news.consent import shown_fellow_ids
from fellowship.news.public_views import public_program
from fellowship.thesis import selectors as thesis_selectors


def public_defenses(request):
    """Thesis defenses announced to the public: scheduled and confirmed by the committee,
    of fellows who agreed to be shown (the program's promise on the consent page wins over
    the tradition of a public defense)."""
    program, programs = public_program(request)
    upcoming, past = thesis_selectors.public_defenses(program) if program else ([], [])
    shown = shown_fellow_ids({d.thesis.fellow for d in [*upcoming, *past]})
    upcoming = [d for d in upcoming if d.thesis.fellow_id in shown]
    past = [d for d in past if d.thesis.fellow_id in shown]
    return render(
        request,
        "thesis/public_defenses.html",
        {
            "public_program": program,
            "programs": programs,
            "upcoming": upcoming,
            "past": past,
            "sections": [("Upcoming", upcoming), ("Past year", past)],
            "time_zone": timezone.get_current_timezone_name(),
        },
    )
