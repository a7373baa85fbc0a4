"""Extension points: the programs, thesis and grants apps know nothing of milestones.

- When a leave or a fellow's appointment changes, due dates follow
  (`services.milestones_recompute`). A leave deleted because its fellow is deleted is
  skipped.
- When a thesis, one of its defenses or a grant application is saved (or an application
  deleted), the milestones that stand for them follow (`links.milestones_sync`).

Both run in the same transaction as the change (DESIGN.md allows signals as extension
points): the thesis's or the application's transition and its milestone land together or
not at all. Fixture loading (`raw`) is skipped.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from fellowship.grants.models import GrantApplication
from fellowship.programs.models import Fellow, Leave
from fellowship.thesis.models import Defense, Thesis

from . import links


@receiver(post_save, sender=Leave, dispatch_uid="progress_leave_saved")
def leave_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _recompute(instance.fellow)


@receiver(post_delete, sender=Leave, dispatch_uid="progress_leave_deleted")
def leave_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, Leave):  # not a cascade from the fellow's deletion
        _recompute(instance.fellow)


@receiver(post_save, sender=Fellow, dispatch_uid="progress_fellow_saved")
def fellow_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _recompute(instance)


@receiver(post_save, sender=Thesis, dispatch_uid="progress_thesis_saved")
@receiver(post_save, sender=Defense, dispatch_uid="progress_defense_saved")
@receiver(post_save, sender=GrantApplication, dispatch_uid="progress_application_saved")
def record_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        fellow_id = instance.thesis.fellow_id if sender is Defense else instance.fellow_id
        links.milestones_sync(fellow_id=fellow_id)


@receiver(post_delete, sender=GrantApplication, dispatch_uid="progress_application_deleted")
def application_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, GrantApplication):  # not a cascade from the fellow's deletion
        links.milestones_sync(fellow_id=instance.fellow_id)


def _recompute(fellow):
    from .services import milestones_recompute

    milestones_recompute(fellow=fellow)
