"""Who a login is: linking an account to a fellow or faculty record.

The one way a record gets its account is an invitation the person accepts (`_link`). An
edit, an import or the admin never links one, and an account with a staff role of the
program (director, coordinator) is linked only once the director confirms: otherwise a
coordinator could put their own address on a faculty record and become a mentor.
"""

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from fellowship.accounts.models import User
from fellowship.accounts.roles import forget_memberships
from fellowship.accounts.rules import is_program_staff, require
from fellowship.accounts.services import account_for_email
from fellowship.activity.services import activity_record
from fellowship.core.actors import SystemActor
from fellowship.core.mail import send_after_commit

from .models import FacultyMember, Fellow, Invitation

SALT = "fellowship.programs.invitation"
VALID_DAYS = 14
State = Invitation.State


def invitation_token(invitation: Invitation) -> str:
    return signing.dumps(invitation.pk, salt=SALT)


def invitation_for_token(token: str) -> Invitation:
    """The invitation a link names, or a ValidationError that says why not."""
    try:
        pk = signing.loads(token, salt=SALT, max_age=VALID_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raise ValidationError(
            "This invitation link has expired; ask the program office for a new one."
        ) from None
    except signing.BadSignature:
        raise ValidationError("This invitation link is not valid.") from None
    invitation = (
        Invitation.objects.select_related("program", "user", "fellow", "faculty")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or invitation.state == State.WITHDRAWN:
        raise ValidationError("This invitation was replaced by a newer one; use the latest email.")
    return invitation


def person_invite(*, person: Fellow | FacultyMember, by, request) -> Invitation:
    """Invite a fellow or faculty member to log in: an account for their email (created
    without a password if there is none) and a link to accept. Nothing is linked yet."""
    require(by, "programs.manage_records", person)
    with transaction.atomic():
        name = f"{person.first_name} {person.last_name}"
        user = account_for_email(email=person.email, full_name=name)
        kind = "fellow" if isinstance(person, Fellow) else "faculty"
        earlier = Invitation.objects.filter(**{kind: person}, state=State.PENDING)
        earlier.update(state=State.WITHDRAWN)
        invitation = Invitation.objects.create(
            program=person.program, user=user, invited_by=by, **{kind: person}
        )
        activity_record(
            actor=by,
            verb=f"{person._meta.model_name}.invited",
            target=person,
            summary=f"Invited {person} to log in as {user.email}",
        )
        invitation_send(invitation, request)
    return invitation


def invitation_send(invitation: Invitation, request) -> None:
    """Mail the invitation's link (after the transaction commits)."""
    link = request.build_absolute_uri(
        reverse(
            "programs:invitation_accept",
            kwargs={"program": invitation.program.slug, "token": invitation_token(invitation)},
        )
    )
    context = {"invitation": invitation, "link": link, "days": VALID_DAYS}
    send_after_commit(
        subject=render_to_string("programs/email/invitation_subject.txt", context).strip(),
        body=render_to_string("programs/email/invitation.txt", context),
        to=[invitation.user.email],
    )


def invitations_resend(*, user: User, request) -> bool:
    """ "Forgot password" for an invited account: send its open invitations again.
    False if it has none."""
    pending = list(
        Invitation.objects.filter(user=user, state=State.PENDING).select_related(
            "program", "fellow", "faculty"
        )
    )
    for invitation in pending:
        activity_record(
            actor=SystemActor("forgot password"),
            verb="invitation.resent",
            target=invitation.person,
            summary=f"Sent the invitation of {invitation.person} to {user.email} again",
        )
        invitation_send(invitation, request)
    return bool(pending)


@transaction.atomic
def invitation_accept(*, invitation: Invitation, by) -> Invitation:
    """The invited person accepts: the record is theirs, unless they hold a staff role of
    the program; then it waits for the director."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if by is None or isinstance(by, AnonymousUser) or by.pk != invitation.user_id:
        raise ValidationError(
            f"This invitation is for {invitation.user.email}; log in with that address."
        )
    if invitation.state != State.PENDING:
        raise ValidationError("This invitation has already been accepted.")
    invitation.accepted_at = timezone.now()
    if is_program_staff(by, invitation.program):
        invitation.state = State.AWAITING_DIRECTOR
        invitation.save(update_fields=["state", "accepted_at"])
        activity_record(
            actor=by,
            verb="invitation.awaiting_director",
            target=invitation.person,
            summary=(
                f"{by.email} (program staff) accepted the invitation as {invitation.person}; "
                "the director must confirm it"
            ),
        )
        return invitation
    return _link(invitation, by=by)


@transaction.atomic
def invitation_confirm(*, invitation: Invitation, by) -> Invitation:
    """The director confirms that a staff member's account is also this person."""
    require(
        by,
        "programs.confirm_link",
        invitation.program,
        "Only the program director confirms that a staff account is also a fellow or faculty.",
    )
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state != State.AWAITING_DIRECTOR:
        raise ValidationError("This invitation is not waiting for the director's confirmation.")
    invitation.confirmed_by = by
    return _link(invitation, by=by)


def _link(invitation: Invitation, *, by) -> Invitation:
    """The one place a person record takes an account."""
    person = invitation.person
    person.user = invitation.user
    person.save(update_fields=["user"])
    invitation.state = State.LINKED
    invitation.save(update_fields=["state", "accepted_at", "confirmed_by"])
    forget_memberships(invitation.user)
    activity_record(
        actor=by,
        verb=f"{person._meta.model_name}.linked",
        target=person,
        summary=f"{person} logs in as {invitation.user.email}",
    )
    return invitation


def latest_invitation(person) -> Invitation | None:
    """The newest invitation of a fellow or faculty record (for its page)."""
    kind = "fellow" if isinstance(person, Fellow) else "faculty"
    return Invitation.objects.filter(**{kind: person}).select_related("user").first()
