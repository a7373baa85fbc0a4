"""What waits for the signed-in person in one program: the "Waiting for you" panel.

Every item comes from the app that owns the rule, through its `waiting.waiting_for(user,
program, today)` (progress, placement, thesis, grants); this module only gathers, removes
repeats and sorts. The reminder digests read the same providers.
"""

from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from fellowship.core.waiting import WaitingItem
from fellowship.grants import waiting as grants_waiting
from fellowship.placement import waiting as placement_waiting
from fellowship.progress import waiting as progress_waiting
from fellowship.thesis import waiting as thesis_waiting

NextStep = WaitingItem  # the panel's name for an item
PROVIDERS = (progress_waiting, placement_waiting, grants_waiting)  # and thesis_waiting


@dataclass
class Panel:
    """The panel's items, most urgent first, and the faculty member's committees."""

    items: list[WaitingItem]
    committees: list | None = None  # [thesis.waiting.Committee] for faculty

    @property
    def overdue_count(self) -> int:
        return sum(1 for item in self.items if item.overdue)


def next_steps(user, program, today: date | None = None) -> Panel:
    """Everything waiting for `user` in `program` today."""
    today = today or timezone.localdate()
    items, committees = thesis_waiting.with_committees(user, program, today)
    for provider in PROVIDERS:
        items += provider.waiting_for(user, program, today)
    # One line per thing to do, even when two roles lead to it (a director who chairs).
    unique = {(i.what, i.for_whom, i.url): i for i in items}
    return Panel(sorted(unique.values(), key=lambda i: i.sort_key), committees)
