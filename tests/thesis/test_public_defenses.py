"""The public defenses page: only fellows who agreed to be shown, times with their zone."""

from datetime import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from fellowship.news.models import PublicProfile
from fellowship.thesis.models import Thesis
from tests import factories as f

from .helpers import confirm_all, thesis_at

State = Thesis.State


def public_page(client):
    client.logout()
    response = client.get(reverse("thesis_public:defenses"))
    assert response.status_code == 200
    return response.content.decode()


def announced(world):
    thesis = thesis_at(world, State.DEFENSE_SCHEDULED)
    confirm_all(world, thesis)
    return thesis


def test_a_fellow_who_has_not_agreed_is_not_announced(client, world):
    thesis = announced(world)
    page = public_page(client)
    for private in (thesis.title, thesis.abstract, "Fay Fellow", "Countway 403"):
        assert private not in page
    if world.fellow_record.laboratory:
        assert world.fellow_record.laboratory.name not in page
    assert "No defense is scheduled at the moment." in page


def test_a_fellow_who_withdrew_is_taken_off_the_page(client, world):
    profile = PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
    thesis = announced(world)
    assert thesis.title in public_page(client) and "Fay Fellow" in public_page(client)
    profile.show_profile = False
    profile.save()
    assert thesis.title not in public_page(client)


def test_a_fellow_who_shows_only_publications_is_not_announced(client, world):
    PublicProfile.objects.create(
        fellow=world.fellow_record, show_profile=False, show_publications=True
    )
    thesis = announced(world)
    assert thesis.title not in public_page(client)


def test_defense_times_carry_the_programs_time_zone(client, world, settings):
    assert settings.TIME_ZONE == "America/New_York"
    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
    thesis = announced(world)
    defense = thesis.defenses.get()
    defense.starts_at = timezone.make_aware(datetime(2026, 12, 9, 14, 0))
    defense.save(update_fields=["starts_at"])
    page = public_page(client)
    assert "Wednesday, December 9, 2026, 2:00 PM EST" in page
    assert 'datetime="2026-12-09T14:00:00-05:00"' in page
    assert "Times are local to the program (America/New_York)" in page


def count_queries(client):
    client.logout()
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("thesis_public:defenses"))
    return len(queries)


def test_the_consent_check_costs_one_query_whatever_the_rows(client, world):
    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
    announced(world)
    one = count_queries(client)
    for _ in range(4):
        fellow = f.FellowFactory(program=world.program)
        PublicProfile.objects.create(fellow=fellow, show_profile=False)
    assert count_queries(client) == one
