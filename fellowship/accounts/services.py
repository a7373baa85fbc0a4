"""Accounts: the account for a person's email, and its set-password link."""

from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from fellowship.core.mail import send_after_commit

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
    """Mail a one-time link to set a password (Django's password-reset token), after the
    transaction commits. Django's own reset form mails only users with a usable password."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": request.build_absolute_uri(path)}
    send_after_commit(
        subject=render_to_string("registration/invitation_subject.txt", context).strip(),
        body=render_to_string("registration/invitation_email.txt", context),
        to=[user.email],
    )
