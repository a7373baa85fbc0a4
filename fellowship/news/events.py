"""news's subscriptions: what other apps do that makes news.

- a fellow who completes the program joins the draft graduation post of their year
  (`services.news_suggest_for_graduation`). Only the step to completed counts
  (programs.services sends it): alumni created as completed (the demo, a CSV of past
  cohorts) and later saves of a completed fellow suggest nothing;
- a fellow's paper accepted, in press or published gets a draft post
  (`services.news_suggest_for_publication`).
"""

from fellowship.programs.events import fellow_completed
from fellowship.publications.events import publication_changed

from . import services


def suggest_graduation(*, fellow, by, **_):
    services.news_suggest_for_graduation(
        program=fellow.program,
        fellows=[fellow],
        year=fellow.appointment_end.year,
        day=fellow.appointment_end,
        by=by,
    )


def suggest_publication(*, publication, by, **_):
    services.news_suggest_for_publication(publication=publication, by=by)


def subscribe() -> None:
    fellow_completed.subscribe(suggest_graduation)
    publication_changed.subscribe(suggest_publication)
