"""Who last changed a record, for the edit forms' "changed by X at T" (`core.concurrency`)."""

from django.contrib.contenttypes.models import ContentType

from fellowship.core.concurrency import Change

from .models import ActivityEntry


def last_change(record) -> Change | None:
    """The newest activity entry about `record`, or None when the log has none."""
    entry = (
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(record), target_id=record.pk
        )
        .select_related("actor")
        .first()  # the model orders newest first
    )
    if entry is None:
        return None
    return Change(who=entry.who, at=entry.at)
