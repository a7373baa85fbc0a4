"""What a user is in each program: director, coordinator, faculty, fellow.

Staff roles are stored in ProgramRole; faculty and fellow roles come from the FacultyMember
and Fellow records linked to the user. Everything is read once per request (four queries)
and kept on the user object, so permission checks in templates cost nothing more.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.apps import apps


class Role(StrEnum):
    DIRECTOR = "director"
    COORDINATOR = "coordinator"
    FACULTY = "faculty"
    FELLOW = "fellow"


ROLE_LABELS = {
    Role.DIRECTOR: "Program director",
    Role.COORDINATOR: "Program coordinator",
    Role.FACULTY: "Faculty mentor",
    Role.FELLOW: "Fellow",
}


@dataclass
class Memberships:
    """A user's roles by program id, with the records that give them."""

    roles: dict[int, set[Role]] = field(default_factory=dict)
    faculty_ids: dict[int, int] = field(default_factory=dict)  # program id -> FacultyMember id
    fellow_ids: dict[int, int] = field(default_factory=dict)  # program id -> Fellow id
    # Fellow ids of a mentorship in force: the mentor sees the fellow's records.
    mentee_ids: set[int] = field(default_factory=set)
    # Fellow ids of a placement's mentorship that has not begun: plan review only.
    placed_mentee_ids: set[int] = field(default_factory=set)

    def add(self, program_id: int, role: Role) -> None:
        self.roles.setdefault(program_id, set()).add(role)


def memberships(user) -> Memberships:
    if not getattr(user, "is_authenticated", False):
        return Memberships()
    cached = getattr(user, "_fellowship_memberships", None)
    if cached is not None:
        return cached
    ProgramRole = apps.get_model("accounts", "ProgramRole")
    FacultyMember = apps.get_model("programs", "FacultyMember")
    Fellow = apps.get_model("programs", "Fellow")
    Mentorship = apps.get_model("programs", "Mentorship")

    found = Memberships()
    for program_id, role in ProgramRole.objects.filter(user=user).values_list("program_id", "role"):
        found.add(program_id, Role(role))
    for program_id, faculty_id in FacultyMember.objects.filter(user=user).values_list(
        "program_id", "id"
    ):
        found.add(program_id, Role.FACULTY)
        found.faculty_ids[program_id] = faculty_id
    for program_id, fellow_id in Fellow.objects.filter(user=user).values_list("program_id", "id"):
        found.add(program_id, Role.FELLOW)
        found.fellow_ids[program_id] = fellow_id
    mentorships = Mentorship.objects.current().with_in_force().filter(faculty__user=user)
    for fellow_id, in_force in mentorships.values_list("fellow_id", "in_force"):
        (found.mentee_ids if in_force else found.placed_mentee_ids).add(fellow_id)
    found.placed_mentee_ids -= found.mentee_ids
    user._fellowship_memberships = found
    return found


def forget_memberships(user) -> None:
    """Drop the cached roles, after a change that grants or removes one."""
    if hasattr(user, "_fellowship_memberships"):
        del user._fellowship_memberships


def program_id_of(obj) -> int | None:
    """The program an object belongs to: a Program itself, or anything with `program_id`."""
    if obj is None:
        return None
    Program = apps.get_model("programs", "Program")
    if isinstance(obj, Program):
        return obj.pk
    return getattr(obj, "program_id", None)


def roles_in(user, obj) -> set[Role]:
    program_id = program_id_of(obj)
    if program_id is None:
        return set()
    return memberships(user).roles.get(program_id, set())
