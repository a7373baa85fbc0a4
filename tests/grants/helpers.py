"""Grant records for the `world` of tests/conftest.py."""

import datetime as dt

from django.utils import timezone

from fellowship.grants import services
from fellowship.grants.models import GrantApplication, OutcomeSurvey

DUE = dt.date(2027, 2, 12)  # a K99 new due date (a Friday)
VALID_TOKEN = "a-valid-survey-token-for-the-world"


def application_for(world, **values) -> GrantApplication:
    """The world fellow's K99 application (one per world), in planning, with a checklist."""
    found = GrantApplication.objects.filter(fellow=world.fellow_record).first()
    if found is not None:
        return found
    return services.application_create(
        fellow=world.fellow_record,
        mechanism="K99",
        title="Safe summaries of clinical notes",
        target_due_date=values.get("target_due_date", DUE),
        mentors=[world.mentor_faculty],
        by=world.director,
    )


def survey_for(world, *, fellow=None, token=VALID_TOKEN, days=30, used=False) -> OutcomeSurvey:
    """A survey link for an alumnus (the world's other fellow, made an alumnus)."""
    fellow = fellow or world.other_fellow_record
    if fellow.status != "completed":
        fellow.status = "completed"
        fellow.save(update_fields=["status"])
    existing = OutcomeSurvey.objects.filter(token_hash=services.token_hash(token)).first()
    if existing:
        return existing
    now = timezone.now()
    survey = OutcomeSurvey(
        fellow=fellow,
        token_hash=services.token_hash(token),
        email=fellow.email,
        expires_at=now + dt.timedelta(days=days),
        used_at=now if used else None,
    )
    survey.save()
    return survey
