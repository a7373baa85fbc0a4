"""Extension point: a fellow who becomes completed joins the draft graduation post of their year.

The programs app knows nothing of news; these receivers call the news service in the same
transaction as the fellow's save (DESIGN.md allows signals as extension points). Only the
change to completed counts: alumni created as completed (the demo, a CSV of past cohorts)
and later saves of a completed fellow suggest nothing.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from fellowship.programs.models import Fellow

COMPLETED = Fellow.Status.COMPLETED


@receiver(pre_save, sender=Fellow, dispatch_uid="news_fellow_before_save")
def fellow_before_save(sender, instance, raw=False, **kwargs):
    instance._news_becomes_completed = (
        not raw
        and instance.pk is not None
        and instance.status == COMPLETED
        and Fellow.objects.filter(pk=instance.pk).exclude(status=COMPLETED).exists()
    )


@receiver(post_save, sender=Fellow, dispatch_uid="news_fellow_completed")
def fellow_completed(sender, instance, raw=False, **kwargs):
    if not getattr(instance, "_news_becomes_completed", False):
        return
    instance._news_becomes_completed = False
    from .services import news_suggest_for_graduation

    news_suggest_for_graduation(
        program=instance.program,
        fellows=[instance],
        year=instance.appointment_end.year,
        day=instance.appointment_end,
    )
