"""Milestones done from the records they stand for: the thesis and the grant application.

Such a milestone is never recorded by hand (`milestones.milestone_record` refuses it).
`milestones_sync` derives it from the record; `events.py` calls it in the same
transaction whenever a thesis step or a grant application change is sent, and
`milestones.milestones_recompute` calls it when it creates milestones (a template added
later is done at once for the fellows who are past it). The rules:

- done when the record has reached the state, on the day it reached it: the thesis's
  activity log (the last time it climbed to the state; every thesis step is logged, so a
  step back, once the thesis app has one, restarts the count), else the day it entered
  its current state (exact when it is in that state; an upper bound when records were
  loaded without a log, as the demo's are); a defense on the day its pass was recorded; a
  grant application on the day it was logged as submitted, else its NIH due date;
- done and still reached: left alone, so re-running is a no-op and a later save (a
  proposal sent back re-enters "committee approved") never moves the date;
- the record went back below the state (a committee sent back after its approval, a thesis
  reset by hand): the milestone reopens, with a log entry, and is done again on the day
  the record reaches the state again, because what the director must see is what is true
  now. The first date stays in the activity log;
- no record at all (no thesis yet, no application, or it was deleted): left alone.
"""

from datetime import date
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from fellowship.activity.models import ActivityEntry
from fellowship.activity.services import activity_record
from fellowship.grants.models import GrantApplication
from fellowship.thesis.models import Defense, Thesis

from .models import Milestone, MilestoneTemplate

Link = MilestoneTemplate.Link

# The workflow's states in order: going to a lower one is going back.
THESIS_RANK = {state: rank for rank, state in enumerate(Thesis.State.values)}
THESIS_STATE_OF = {
    Link.THESIS_COMMITTEE: Thesis.State.COMMITTEE_APPROVED,
    Link.THESIS_PROPOSAL: Thesis.State.PROPOSAL_APPROVED,
}
PASSED = (Defense.Outcome.PASS, Defense.Outcome.PASS_WITH_REVISIONS)
SUBMITTED = (
    GrantApplication.Stage.SUBMITTED,
    GrantApplication.Stage.SCORED,
    GrantApplication.Stage.FUNDED,
    GrantApplication.Stage.NOT_FUNDED,
)


class Reached(NamedTuple):
    """The day a record reached a state; `exact` is False for "no later than" (an
    unlogged step, a submission known only by its due date)."""

    day: date
    exact: bool = True


RECORD_LINKS = (*THESIS_STATE_OF, Link.THESIS_DEFENSE, Link.GRANT_SUBMITTED)
WHY = {
    Link.THESIS_COMMITTEE: "the thesis committee was approved",
    Link.THESIS_PROPOSAL: "the thesis proposal was approved",
    Link.THESIS_DEFENSE: "the thesis was defended",
    Link.GRANT_SUBMITTED: "the grant application was submitted",
}


def milestones_sync(*, fellow_id: int, by=None, log: bool = True, redate: bool = False) -> int:
    """Bring the fellow's record-linked milestones in line with the records; how many
    changed. Each change is logged with `by`, the actor whose change caused it. The demo
    loader, which logs nothing and marks every milestone by a spread of days first, says
    log=False and redate=True: a record's exact day replaces the spread's, a "no later
    than" day only a spread day after it."""
    with transaction.atomic():
        milestones = list(
            Milestone.objects.filter(fellow_id=fellow_id, template__link__in=RECORD_LINKS)
            .select_related("template", "fellow")
            .select_for_update(of=("self",))
        )
        if not milestones:
            return 0
        reached = _reached(fellow_id, {m.template.link for m in milestones})
        changed = 0
        for milestone in milestones:
            link = milestone.template.link
            if link not in reached:  # no record: nothing to say
                continue
            day, exact = reached[link] or (None, False)
            if day is not None and (
                milestone.done_on is None
                or (redate and milestone.done_on != day and (exact or milestone.done_on > day))
            ):
                milestone.done_on, milestone.done_by, milestone.note = day, None, ""
                said = f"done on {day:%b %-d, %Y} ({WHY[link]})"
                verb = "milestone.done"
            elif day is None and milestone.done_on is not None:
                milestone.done_on, milestone.done_by, milestone.note = None, None, ""
                said = f"reopened ({WHY[link].replace(' was ', ' is no longer ')})"
                verb = "milestone.reopened"
            else:
                continue
            milestone.save(update_fields=["done_on", "done_by", "note"])
            changed += 1
            if not log:
                continue
            activity_record(
                actor=by,
                verb=verb,
                target=milestone.fellow,
                summary=f"{milestone.template.name}: {said}",
            )
    return changed


def _reached(fellow_id: int, links: set[str]) -> dict[str, Reached | None]:
    """link -> the day the record reached its state, None if it has not; absent if there
    is no record."""
    reached: dict[str, Reached | None] = {}
    if links & {*THESIS_STATE_OF, Link.THESIS_DEFENSE}:
        thesis = Thesis.objects.filter(fellow_id=fellow_id).first()
        if thesis is not None:
            history = None
            for link, state in THESIS_STATE_OF.items():
                if link not in links:
                    continue
                if THESIS_RANK[thesis.state] < THESIS_RANK[state]:
                    reached[link] = None
                    continue
                history = history if history is not None else _thesis_history(thesis)
                reached[link] = _thesis_reached_on(thesis, state, history)
            if Link.THESIS_DEFENSE in links:
                reached[Link.THESIS_DEFENSE] = _defended_on(thesis)
    if Link.GRANT_SUBMITTED in links:
        applications = list(GrantApplication.objects.filter(fellow_id=fellow_id))
        if applications:
            reached[Link.GRANT_SUBMITTED] = _submitted_on(applications)
    return reached


def _thesis_history(thesis: Thesis) -> list[tuple[str, object]]:
    """(state, when) of each logged step of the thesis, oldest first."""
    entries = ActivityEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Thesis),
        target_id=thesis.pk,
        verb__startswith="thesis.",
    ).order_by("at", "id")
    return [
        (verb.removeprefix("thesis."), at)
        for verb, at in entries.values_list("verb", "at")
        if verb.removeprefix("thesis.") in THESIS_RANK
    ]


def _thesis_reached_on(thesis: Thesis, state: str, history) -> Reached:
    """The day of the last climb to `state` or beyond in the log (a step is logged before
    its event is sent), else the day the thesis entered its current state (records loaded
    without a log)."""
    rank, since = THESIS_RANK[state], None
    for logged, at in history:
        if THESIS_RANK[logged] >= rank:
            since = since or at
        else:
            since = None
    if since is not None:
        return Reached(timezone.localdate(since))
    return Reached(timezone.localdate(thesis.state_changed_at), exact=thesis.state == state)


def _defended_on(thesis: Thesis) -> Reached | None:
    passed = [
        d
        for d in Defense.objects.filter(thesis=thesis, outcome__in=PASSED)
        if d.outcome_recorded_at or d.starts_at
    ]
    if not passed:
        return None
    return Reached(min(timezone.localdate(d.outcome_recorded_at or d.starts_at) for d in passed))


def _submitted_on(applications: list[GrantApplication]) -> Reached | None:
    """The first submission among the fellow's applications (a resubmission is not the
    first)."""
    sent = [a for a in applications if a.stage in SUBMITTED]
    if not sent:
        return None
    logged = dict(
        ActivityEntry.objects.filter(
            target_type=ContentType.objects.get_for_model(GrantApplication),
            target_id__in=[a.pk for a in sent],
            verb="grant_application.submitted",
        )
        .order_by("-at")
        .values_list("target_id", "at")
    )  # the earliest entry of each application wins (later ones are overwritten first)
    days = []
    for application in sent:
        if application.pk in logged:
            days.append(Reached(timezone.localdate(logged[application.pk])))
        elif application.stage == GrantApplication.Stage.SUBMITTED:
            # Being submitted in this very save (logged right after it), or loaded so.
            days.append(Reached(min(application.target_due_date, timezone.localdate()), False))
        else:
            days.append(Reached(application.target_due_date, exact=False))
    return min(days, key=lambda r: r.day)
