"""Invitations: the staff send one from a person's page; the person accepts it from the
emailed link (choosing a password first if the account has none); the director confirms
a staff member's. "Forgot password" sends an invited account its invitation again."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from fellowship.accounts.models import User
from fellowship.accounts.services import account_send_invitation
from fellowship.core.views import ActionView, ProgramViewMixin

from . import linking
from .models import Invitation

TEMPLATE = "programs/invitation.html"


class InviteView(ProgramViewMixin, ActionView):
    """POST: invite a fellow or faculty member to log in (nothing is linked until they
    accept)."""

    permission_required = "programs.manage_records"
    model = None

    def act(self, request):
        self.person = get_object_or_404(self.model, program=self.program, pk=self.kwargs["pk"])
        invitation = linking.person_invite(person=self.person, by=request.user, request=request)
        return (
            f"Sent {invitation.user.email} an invitation; the record is linked to that "
            "account once they accept it."
        )

    def back_url(self):
        return self.person.get_absolute_url()


class InvitationAcceptView(View):
    """The emailed link: no login needed to open it, since the account may have no password."""

    def dispatch(self, request, *args, **kwargs):
        try:
            self.invitation = linking.invitation_for_token(kwargs["token"])
        except ValidationError as error:
            return render(request, TEMPLATE, {"error": error.messages[0]}, status=404)
        if self.invitation.program.slug != kwargs["program"]:
            return render(
                request, TEMPLATE, {"error": "This invitation link is not valid."}, status=404
            )
        return super().dispatch(request, *args, **kwargs)

    def get(self, request, *args, **kwargs):
        return self.page(request)

    def post(self, request, *args, **kwargs):
        invitee = self.invitation.user
        form = None
        if not request.user.is_authenticated and not invitee.has_usable_password():
            form = SetPasswordForm(invitee, request.POST)
            if not form.is_valid():
                return self.page(request, form=form, status=400)
            form.save()
            login(request, invitee, backend="django.contrib.auth.backends.ModelBackend")
        try:
            invitation = linking.invitation_accept(invitation=self.invitation, by=request.user)
        except ValidationError as error:
            return self.page(request, form=form, error=error.messages[0], status=400)
        if invitation.state == Invitation.State.AWAITING_DIRECTOR:
            messages.info(
                request,
                "You accepted; as program staff, your account is linked once the director "
                "confirms it.",
            )
        else:
            messages.success(request, f"Welcome: you now log in as {invitation.person}.")
        return redirect("programs:dashboard", program=invitation.program.slug)

    def page(self, request, *, form=None, error="", status=200):
        invitee = self.invitation.user
        user = request.user
        if self.invitation.state != Invitation.State.PENDING:
            error = error or "This invitation has already been accepted."
        elif not user.is_authenticated and invitee.has_usable_password():
            return redirect_to_login(request.get_full_path())
        elif user.is_authenticated and user.pk != invitee.pk:
            error = error or (
                f"This invitation is for {invitee.email}, and you are logged in as "
                f"{user.email}. Log out, then open the link again."
            )
            status = 403
        elif form is None and not user.is_authenticated:
            form = SetPasswordForm(invitee)
        context = {"invitation": self.invitation, "form": form, "error": error}
        return render(request, TEMPLATE, context, status=status)


class InvitationConfirmView(ProgramViewMixin, ActionView):
    """POST: the director confirms that a staff member's account is also this person."""

    permission_required = "programs.confirm_link"

    def act(self, request):
        invitation = get_object_or_404(Invitation, program=self.program, pk=self.kwargs["pk"])
        self.person = invitation.person
        linking.invitation_confirm(invitation=invitation, by=request.user)
        return f"{self.person} now logs in as {invitation.user.email}."

    def back_url(self):
        return self.person.get_absolute_url()


class InvitingPasswordResetForm(PasswordResetForm):
    """Django's "forgot password" skips accounts without a usable password, so an invited
    person who never accepted would get nothing while the page says an email was sent:
    send them their invitation again instead."""

    def save(self, *args, request=None, **kwargs):
        super().save(*args, request=request, **kwargs)
        email = self.cleaned_data["email"]
        for user in User.objects.filter(email__iexact=email, is_active=True):
            if not user.has_usable_password():
                if not linking.invitations_resend(user=user, request=request):
                    account_send_invitation(user=user, request=request)
