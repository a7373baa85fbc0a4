"""Sign-in lockouts (django-axes): the page a locked-out sign-in gets, and the director's
page that lists locked accounts and addresses and lifts a lockout.

A lockout is per account (its email) and per address, each on its own; both are counted
in axes' AccessAttempt rows, which expire after settings.AXES_COOLOFF_TIME.
"""

from axes.helpers import get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from axes.utils import reset
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import transaction
from django.db.models import Max, Q, Sum
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView

from fellowship.accounts.models import User
from fellowship.accounts.rules import require
from fellowship.activity.services import activity_record
from fellowship.core.views import ActionView, ProgramViewMixin

LIFT_PERMISSION = "web.lift_sign_in_lockout"


def sign_in_name(request, credentials=None) -> str:
    """The account a sign-in is for, as sign-in reads it (emails match whatever their case),
    so `Ann@x.org` and `ann@x.org` count against the same account. Cut to the longest
    email (254), so junk typed as a name still fits axes' 255-character column (PostgreSQL
    refused a 1,084-character name with a 500)."""
    source = credentials if credentials is not None else request.POST
    return (source.get("username") or "").strip().lower()[:254]


def cooloff_minutes(request=None) -> int:
    return int(get_cool_off(request).total_seconds() // 60)


def lockout_message(request=None) -> str:
    return (
        f"Too many failed sign-ins; try again in {cooloff_minutes(request)} minutes "
        "or ask the program director."
    )


def lockout_response(request, original_response=None, credentials=None):
    """The login page again with the reason, keeping the email that was typed (429)."""
    username = sign_in_name(request, credentials)
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "lockout_message": lockout_message(request),
        "next": request.POST.get("next", request.GET.get("next", "")),
    }
    return render(request, "registration/login.html", context, status=429)


def _live_attempts():
    """Attempts still inside the cool-off window (older ones no longer lock anything)."""
    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - get_cool_off())


def locked(field: str):
    """[(value, failures, last attempt)] for the accounts ('username') or addresses
    ('ip_address') that reached the failure limit."""
    rows = (
        _live_attempts()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .filter(failures__gte=get_failure_limit(None, None))
        .order_by("-last")
    )
    return [(row[field], row["failures"], row["last"]) for row in rows]


def program_emails(program) -> set[str]:
    """The sign-in names of the program's people (staff, faculty, fellows)."""
    people = User.objects.filter(
        Q(program_roles__program=program)
        | Q(faculty_records__program=program)
        | Q(fellow_records__program=program)
    )
    return {email.lower() for email in people.values_list("email", flat=True)}


def locked_accounts(program):
    """Locked accounts of this program's people; a director sees no other program's."""
    emails = program_emails(program)
    return [row for row in locked("username") if row[0] in emails]


@transaction.atomic
def lift(by, program, *, account: str = "", address: str = "") -> int:
    """Lift one lockout (an account of the program, or an address); returns attempts removed."""
    require(by, LIFT_PERMISSION, program)
    if account:
        if account not in program_emails(program):
            raise ValidationError(f"{account} is not an account of this program.")
        removed = reset(username=account)
        what = f"the sign-in lockout of {account}"
    elif address:
        validate_ipv46_address(address)  # a clear refusal, not a database error
        removed = reset(ip=address)
        what = f"the sign-in lockout of address {address}"
    else:
        raise ValidationError("Say which account or address to let sign in again.")
    activity_record(
        actor=by, verb="lifted", target=program, program=program, summary=f"Lifted {what}"
    )
    return removed


class LockoutListView(ProgramViewMixin, TemplateView):
    permission_required = LIFT_PERMISSION
    template_name = "web/lockouts.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["accounts"] = locked_accounts(self.program)
        context["addresses"] = locked("ip_address")
        context["failure_limit"] = get_failure_limit(None, None)
        context["cooloff_minutes"] = cooloff_minutes(self.request)
        return context


class LockoutLiftView(ProgramViewMixin, ActionView):
    permission_required = LIFT_PERMISSION

    def act(self, request):
        account = request.POST.get("account", "").strip().lower()
        address = request.POST.get("address", "").strip()
        lift(request.user, self.program, account=account, address=address)
        return f"Lifted the lockout of {account or address}; they can sign in again."

    def back_url(self):
        return reverse("web:lockouts", kwargs={"program": self.program.slug})
