"""One line of "Waiting for you": what to do, for whom, by when, and where.

Each domain app exports `waiting_for(user, program, today)` in its `waiting.py`, built from
its own rules (who reviews a plan, who acts on a thesis step); the dashboard's panel
(web.next_steps) and the reminder digests read those, never a copy of the rule.
"""

from dataclasses import dataclass
from datetime import date

from django.urls import reverse


@dataclass(frozen=True)
class WaitingItem:
    what: str
    for_whom: str  # the fellow (or round) it concerns; "" when it is the reader's own
    url: str
    due: date | None = None
    today: date | None = None
    on_the_day: bool = False  # `due` is the day of an event (a defense), not a deadline
    key: str = ""  # what it is about ("plan:12"), so a digest never repeats it in a day
    sentence: str = ""  # how an email says it, when not "<for whom>: <what>"

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today is not None and self.due < self.today

    @property
    def sort_key(self):
        return (self.due is None, self.due or date.max, self.what, self.for_whom)

    @property
    def said(self) -> str:
        if self.sentence:
            return self.sentence
        return f"{self.for_whom}: {self.what}" if self.for_whom else self.what


def program_url(name: str, program, **kwargs) -> str:
    return reverse(name, kwargs={"program": program.slug, **kwargs})
