from django.contrib.contenttypes.models import ContentType

from fellowship.core.actors import SystemActor

from .models import ActivityEntry


def activity_record(*, actor, verb: str, target, summary: str, program=None) -> ActivityEntry:
    """Write one activity-log entry. Call it inside the service's transaction. `actor` is
    the signed-in user, or a SystemActor for a command or a secret-link form."""
    if program is None:
        program_id = getattr(target, "program_id", None)
    else:
        program_id = program.pk
    return ActivityEntry.objects.create(
        program_id=program_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        system=actor.name if isinstance(actor, SystemActor) else "",
        verb=verb,
        summary=summary[:300],
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
    )
