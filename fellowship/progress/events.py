"""progress's subscriptions: milestones follow the records other apps change.

- new appointment dates, another program or a leave: due dates are recomputed
  (`milestones.milestones_recompute`), logged with the actor of the change;
- a thesis step or a grant application change: the milestones that stand for them follow
  (`links.milestones_sync`); the step is already in the activity log, so the day it
  happened is read there, not guessed.

Each runs in the sender's transaction: the change and its milestones land together.
"""

from fellowship.grants.events import grant_application_changed
from fellowship.programs.events import fellow_dates_changed, leave_changed
from fellowship.thesis.events import thesis_state_changed

from . import links, milestones


def recompute_due_dates(*, fellow, by, **_):
    milestones.milestones_recompute(fellow=fellow, by=by)


def sync_thesis_milestones(*, thesis, by, **_):
    links.milestones_sync(fellow_id=thesis.fellow_id, by=by)


def sync_grant_milestones(*, application, by, **_):
    links.milestones_sync(fellow_id=application.fellow_id, by=by)


def subscribe() -> None:
    fellow_dates_changed.subscribe(recompute_due_dates)
    leave_changed.subscribe(recompute_due_dates)
    thesis_state_changed.subscribe(sync_thesis_milestones)
    grant_application_changed.subscribe(sync_grant_milestones)
