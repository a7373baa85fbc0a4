"""The roles every permission test walks through, and how to log in as each."""

from fellowship.accounts.models import ProgramRole
from tests.factories import UserFactory, staff_role

ROLES = [
    "anonymous",
    "fellow",
    "other_fellow",
    "mentor",
    "unrelated_faculty",
    "coordinator",
    "director",
    "outsider",  # the director of another program
]


def user_for(world, role):
    if role == "anonymous":
        return None
    if role == "outsider":
        user = UserFactory(email="outsider@test.org", full_name="Oscar Outsider")
        if not ProgramRole.objects.filter(user=user).exists():
            staff_role(user, world.other_program, ProgramRole.Role.DIRECTOR)
        return user
    return getattr(world, role)


def log_in(client, world, role):
    user = user_for(world, role)
    if user is not None:
        client.force_login(user)
    return user
