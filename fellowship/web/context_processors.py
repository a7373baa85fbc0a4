"""The navigation: the current program and what the user may open in it."""

from fellowship.accounts.roles import ROLE_LABELS, Role, memberships


def navigation(request):
    user = request.user
    program = getattr(request, "program", None)  # set by ProgramViewMixin
    if not user.is_authenticated or program is None:
        return {"nav_program": program, "nav_roles": []}
    found = memberships(user)
    roles = found.roles.get(program.pk, set())
    ordered = [role for role in Role if role in roles]
    return {
        "nav_program": program,
        "nav_roles": [ROLE_LABELS[role] for role in ordered],
        "nav_is_staff": bool(roles & {Role.DIRECTOR, Role.COORDINATOR}) or user.is_superuser,
        "nav_is_director": Role.DIRECTOR in roles or user.is_superuser,
        "nav_own_fellow_id": found.fellow_ids.get(program.pk),
        "nav_own_faculty_id": found.faculty_ids.get(program.pk),
    }
