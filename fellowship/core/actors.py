"""Who acts when no person does: a command run by the operator, the nightly job, a
secret-link form (the alumni survey). Services take it as `by` like a user: it may do what
the command is for (the operator chose to run it), and the activity log says
"system: <name>", so an entry always says who or what acted."""

from dataclasses import dataclass


@dataclass(frozen=True)
class SystemActor:
    name: str  # the command or the form, e.g. "fellowship import", "alumni survey"

    is_authenticated = False  # never a signed-in person: no account gets its rights
    pk = None

    def has_perm(self, permission: str, obj=None) -> bool:
        return True

    def get_full_name(self) -> str:
        return str(self)

    def __str__(self) -> str:
        return f"system: {self.name}"
