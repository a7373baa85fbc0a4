"""Predicates about who a user is, for the permission rules that each app declares.

Every predicate takes (user, obj) where obj is a Program or a record with `program_id`;
the fellow predicates take a Fellow.
"""

import rules
from django.core.exceptions import PermissionDenied

from .roles import Role, memberships, roles_in


@rules.predicate
def is_director(user, obj):
    return Role.DIRECTOR in roles_in(user, obj)


@rules.predicate
def is_coordinator(user, obj):
    return Role.COORDINATOR in roles_in(user, obj)


@rules.predicate
def is_faculty(user, obj):
    return Role.FACULTY in roles_in(user, obj)


@rules.predicate
def is_fellow(user, obj):
    return Role.FELLOW in roles_in(user, obj)


@rules.predicate
def is_program_member(user, obj):
    return bool(roles_in(user, obj))


@rules.predicate
def is_the_fellow(user, fellow):
    """The user is this fellow."""
    return fellow is not None and user.is_authenticated and fellow.user_id == user.pk


@rules.predicate
def is_mentor_of(user, fellow):
    """The user mentors this fellow now: a mentorship in force (begun, not ended). A
    mentorship that begins later gives none of the fellow's records."""
    return fellow is not None and fellow.pk in memberships(user).mentee_ids


@rules.predicate
def is_placed_mentor_of(user, fellow):
    """The placement named the user as this incoming fellow's mentor, from the start of the
    appointment: only the research plan, which they review before it starts."""
    return fellow is not None and fellow.pk in memberships(user).placed_mentee_ids


is_superuser = rules.is_superuser
is_program_staff = is_director | is_coordinator


def require(by, permission: str, obj, refusal: str | None = None) -> None:
    """For services: refuse unless `by` holds `permission` on `obj` (views check it before)."""
    if not (by is not None and by.has_perm(permission, obj)):
        raise PermissionDenied(refusal or f"You may not do this ({permission}).")
