"""The one way a workflow's record changes state: lock, check, enter, save, log, send.

Each workflow (thesis, grant application, research plan, IDP, placement round) states its
parts once as a `Workflow`: its table of steps, who may take a step, what entering a state
does, how it is logged, the event it sends. Its `<thing>_transition` function calls
`workflow.take(record, to, by=by, ...)`, the only place that record's state changes.

The permission check and the activity entry come in as callables (`require`, `log`), not
dotted paths: core imports no app, and import-linter still sees every app that uses them.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone


@dataclass(frozen=True)
class Workflow:
    """One state machine. A step in `steps` is a target state, or an object whose `.to` is
    one (thesis `Step`: button, permission, who acts). A step with its own `verb` is a change
    of course inside its state (rescheduling a defense): the state stays, and the activity
    entry is `<verb>.<step's verb>` saying only what the hook did."""

    model: type[models.Model]
    states: type[models.TextChoices]
    steps: Mapping[str, Sequence]  # from each state, the steps that leave it
    require: Callable  # require(by, record, step): PermissionDenied unless `by` may take it
    log: Callable  # log(by, record, verb, summary): the app's activity entry
    verb: str  # entries are "<verb>.<target state>", e.g. "research_plan.approved"
    what: str  # "A plan" -> "A plan that is draft cannot become approved."
    unknown: str  # "a state of a plan" -> "'x' is not a state of a plan."
    field: str = "state"
    related: tuple[str, ...] = ()  # select_related when locking: what hooks and log read
    # hook(record, *, step, by, note, **details) -> a summary for the entry (or ""); it
    # raises ValidationError to refuse, and changes what entering its state changes.
    enter: Mapping[str, Callable] | None = None
    blocker: Callable | None = None  # blocker(record, step) -> why not now, or ""
    stamp: str = ""  # a field set to now whenever the state changes
    sent: Callable | None = None  # sent(record, by): the app's domain event, after the entry

    def take(self, record, to, *, by, note: str = "", **details):
        """Move `record` to state `to` in one transaction; return the record as saved.

        `note` (the actor's words) ends the activity entry and is given to the hook with
        `details`. Refusals: ValidationError naming the states, PermissionDenied from
        `require`, the step's blocker, or what the hook raises; nothing is written then.
        """
        with transaction.atomic():
            # of=self: PostgreSQL cannot lock the nullable side of an outer join.
            record = (
                self.model._default_manager.select_for_update(of=("self",))
                .select_related(*self.related)
                .get(pk=record.pk)
            )
            current = self.states(getattr(record, self.field))
            try:
                to = self.states(to)
            except ValueError:
                raise ValidationError({self.field: f"{to!r} is not {self.unknown}."}) from None
            step = next((s for s in self.steps[current] if getattr(s, "to", s) == to), None)
            if step is None:
                raise ValidationError(
                    {
                        self.field: f"{self.what} that is {current.label.lower()} cannot "
                        f"become {to.label.lower()}."
                    }
                )
            self.require(by, record, step)
            blocker = self.blocker(record, step) if self.blocker else ""
            if blocker:
                raise ValidationError(blocker)
            hook = (self.enter or {}).get(to)
            summary = hook(record, step=step, by=by, note=note, **details) if hook else ""
            if getattr(step, "verb", ""):
                verb, change = f"{self.verb}.{step.verb}", f"{record}: {summary}"
            else:
                setattr(record, self.field, to)
                if self.stamp:
                    setattr(record, self.stamp, timezone.now())
                record.full_clean()
                record.save()
                verb = f"{self.verb}.{to}"
                change = f"{record}: {current.label} → {to.label}" + (
                    f" ({summary})" if summary else ""
                )
            note = (note or "").strip()
            self.log(by, record, verb, change + (f". Note: {note}" if note else ""))
            if self.sent:
                self.sent(record, by)
        return record
