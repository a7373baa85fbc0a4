"""Accounts: inviting a person to log in."""

from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from .models import User


@transaction.atomic
def account_for_email(*, email: str, full_name: str = "") -> User:
    """The user with this email, created without a usable password if there is none."""
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email.strip().lower(), full_name=full_name)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    return user


def account_send_invitation(*, user: User, request) -> None:
    """Email a one-time link to set a password (Django's password-reset token)."""
    # PasswordResetForm.save() mails only users with a usable password, and invitees have
    # none yet, so build the same context and use its send_mail.
    context = {
        "email": user.email,
        "domain": request.get_host(),
        "site_name": "Fellowship",
        "protocol": "https" if request.is_secure() else "http",
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
    }
    PasswordResetForm().send_mail(
        "registration/invitation_subject.txt",
        "registration/invitation_email.txt",
        context,
        None,
        user.email,
    )
