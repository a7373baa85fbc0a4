"""The placement pages: buttons that only the director may press, forms, private data, queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from fellowship.placement import services
from fellowship.placement.models import Assignment, LabRanking, PlacementRound, Preference, RoundLab
from tests import factories as f
from tests.web import _roles

from .helpers import round_for, second_lab
from .test_rounds import round_in

pytestmark = pytest.mark.django_db

State = PlacementRound.State


def url(world, name, round, **extra):
    return reverse(
        f"placement:{name}", kwargs={"program": world.program.slug, "pk": round.pk, **extra}
    )


# The POST-only buttons of the round's page ---------------------------------------------------


@pytest.mark.parametrize("role", _roles.ROLES)
def test_round_buttons_need_the_director(client, world, role):
    round = round_for(world)
    _roles.log_in(client, world, role)
    rl = RoundLab.objects.get(round=round, laboratory=world.lab)
    places = {f"places_{other.pk}": "1" for other in RoundLab.objects.filter(round=round)}
    responses = [
        client.post(url(world, "round_places", round), {**places, f"places_{rl.pk}": "0"}),
        client.post(url(world, "round_rank_by_fit", round), {"lab": "all"}),
        client.post(url(world, "round_transition", round), {"to": "closed"}),
    ]
    round.refresh_from_db()
    rl.refresh_from_db()
    if role == "director":
        assert all(r.status_code == 302 for r in responses)
        assert round.state == State.CLOSED and rl.places == 0
    else:
        for r in responses:
            assert r.status_code in (302, 403)
            if r.status_code == 302:
                assert r["Location"].startswith(reverse("login"))
        assert round.state == State.OPEN and rl.places == 2
    assert client.get(url(world, "round_transition", round)).status_code in (302, 403, 405)


def test_a_refused_transition_says_why(client, world):
    round = round_for(world)
    client.force_login(world.director)
    client.post(url(world, "round_transition", round), {"to": "closed"})
    response = client.post(url(world, "round_transition", round), {"to": "solved"}, follow=True)
    assert b"have not ranked them: Clinical Data Lab" in response.content
    response = client.post(url(world, "round_rank_by_fit", round), {"lab": "all"}, follow=True)
    assert b"Ranked by interest fit: Clinical Data Lab, Genomics Lab" in response.content
    response = client.post(url(world, "round_transition", round), {"to": "solved"}, follow=True)
    assert response.redirect_chain[-1][0] == url(world, "round_result", round)
    assert Assignment.objects.filter(round=round).count() == 2


def test_the_director_creates_a_round_on_the_page(client, world):
    client.force_login(world.director)
    response = client.post(
        reverse("placement:round_create", kwargs={"program": world.program.slug}),
        {"cohort_year": "2025", "name": "", "deadline": "2026-12-20", "optimal": "fellow"},
    )
    round = PlacementRound.objects.get()
    assert response["Location"] == round.get_absolute_url()
    assert RoundLab.objects.filter(round=round).count() == 1


# The fellow's ranking page ------------------------------------------------------------------


def test_a_fellow_ranks_labs_on_their_page(client, world):
    round = round_for(world, chosen=False)
    lab2 = second_lab(round)
    client.force_login(world.fellow)
    page = url(world, "choices", round, fellow=world.fellow_record.pk)
    response = client.get(page)
    assert b"Choose your laboratories" in response.content
    assert b"Recommended for you" in response.content
    response = client.post(
        page, {f"rank_{world.lab.pk}": "2", f"rank_{lab2.pk}": "1", "save_choices": ""}
    )
    assert response.status_code == 302
    assert list(
        Preference.objects.filter(round=round, fellow=world.fellow_record).values_list(
            "laboratory_id", flat=True
        )
    ) == [lab2.pk, world.lab.pk]
    response = client.post(
        page, {f"rank_{world.lab.pk}": "1", f"rank_{lab2.pk}": "1", "save_choices": ""}
    )
    assert response.status_code == 200
    assert b"both have rank 1" in response.content
    assert Preference.objects.filter(round=round, fellow=world.fellow_record).count() == 2


def test_a_fellow_edits_their_interests_on_the_ranking_page(client, world):
    round = round_for(world, chosen=False)
    client.force_login(world.fellow)
    page = url(world, "choices", round, fellow=world.fellow_record.pk)
    response = client.post(
        page,
        {
            "research_interests": "Genome variant interpretation",
            "topics": [world.topic.pk],
            "save_interests": "",
        },
    )
    assert response.status_code == 302
    world.fellow_record.refresh_from_db()
    assert world.fellow_record.research_interests == "Genome variant interpretation"
    response = client.get(page)
    assert b"<mark>Variant</mark>" in response.content  # Genomics Lab's description


def test_a_fellow_may_not_post_to_another_fellows_page(client, world):
    round = round_for(world, chosen=False)
    client.force_login(world.fellow)
    page = url(world, "choices", round, fellow=world.other_fellow_record.pk)
    response = client.post(page, {f"rank_{world.lab.pk}": "1", "save_choices": ""})
    assert response.status_code == 403
    assert not Preference.objects.exists()


def test_a_fellow_outside_the_cohort_has_no_page_in_the_round(client, world):
    round = round_for(world)
    newcomer = f.FellowFactory(program=world.program, cohort_year=2026)
    client.force_login(world.director)
    assert client.get(url(world, "choices", round, fellow=newcomer.pk)).status_code == 404


def test_the_fellows_result_page_never_shows_other_fellows(client, world):
    round = round_in(world, State.PUBLISHED)
    client.force_login(world.fellow)
    response = client.get(url(world, "choices", round, fellow=world.fellow_record.pk))
    content = response.content.decode()
    assert "My placement" in content and "Clinical Data Lab" in content
    assert "your first choice" in content
    assert "Otto" not in content and world.other_fellow_record.email not in content
    client.force_login(world.other_fellow)
    response = client.get(url(world, "choices", round, fellow=world.other_fellow_record.pk))
    content = response.content.decode()
    assert "Genomics Lab" in content
    assert "the lab ranked you below everyone it took" in content  # why not Clinical Data Lab
    assert "Fay" not in content


def test_a_fellow_sees_the_round_list_only_for_their_cohort(client, world):
    round = round_for(world)
    client.force_login(world.fellow)
    response = client.get(reverse("placement:round_list", kwargs={"program": world.program.slug}))
    assert b"My placement" in response.content and b"Rank laboratories" in response.content
    assert b"Placement rounds" not in response.content  # the staff's list of every round
    assert url(world, "choices", round, fellow=world.fellow_record.pk).encode() in response.content


def test_a_placed_fellow_without_a_round_is_told_where_they_are_placed(client, world):
    client.force_login(world.fellow)
    response = client.get(reverse("placement:round_list", kwargs={"program": world.program.slug}))
    page = response.content.decode()
    assert "You are placed in <a href=" in page and world.fellow_record.laboratory.name in page
    assert "nothing for you to rank" in page


def test_an_unplaced_fellow_without_a_round_is_told_one_will_open(client, world):
    type(world.fellow_record).objects.filter(pk=world.fellow_record.pk).update(laboratory=None)
    client.force_login(world.fellow)
    response = client.get(reverse("placement:round_list", kwargs={"program": world.program.slug}))
    assert "There is no placement round for your cohort yet" in response.content.decode()


# The lab's page --------------------------------------------------------------------------------


def test_faculty_see_only_their_labs_applicants(client, world):
    round = round_for(world, chosen=False)
    lab2 = second_lab(round)
    services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[world.lab.pk], by=world.fellow
    )
    services.preferences_save(
        round=round, fellow=world.other_fellow_record, lab_ids=[lab2.pk], by=world.other_fellow
    )
    client.force_login(world.mentor)
    response = client.get(url(world, "applicants", round, lab=world.lab.pk))
    content = response.content.decode()
    assert "Fay Fellow" in content and "Otto Other" not in content
    assert client.get(url(world, "applicants", round, lab=lab2.pk)).status_code == 403
    response = client.post(
        url(world, "applicants", round, lab=world.lab.pk), {f"rank_{world.fellow_record.pk}": "1"}
    )
    assert response.status_code == 302
    assert LabRanking.objects.filter(round=round, laboratory=world.lab).count() == 1
    # The round list shows the mentor their lab, not the other.
    response = client.get(reverse("placement:round_list", kwargs={"program": world.program.slug}))
    assert b"Clinical Data Lab" in response.content and b"Genomics Lab" not in response.content


@pytest.mark.parametrize(
    ("role", "sees_choices"), [("mentor", False), ("director", True), ("coordinator", True)]
)
def test_only_the_staff_see_where_applicants_ranked_the_lab(client, world, role, sees_choices):
    round = round_for(world, chosen=False)
    lab2 = second_lab(round)
    services.preferences_save(
        round=round, fellow=world.fellow_record, lab_ids=[lab2.pk, world.lab.pk], by=world.fellow
    )
    services.preferences_save(
        round=round, fellow=world.other_fellow_record, lab_ids=[world.lab.pk], by=world.other_fellow
    )
    client.force_login(getattr(world, role))
    response = client.get(url(world, "applicants", round, lab=world.lab.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Fay Fellow" in page and "Otto Other" in page  # the lab's faculty rank both
    shown = ["Their choice" in page, "1st choice" in page, "choice 2" in page]
    assert shown == [sees_choices] * 3


# The result page -----------------------------------------------------------------------------


def test_override_on_the_result_page(client, world):
    round = round_in(world, State.SOLVED)
    page = url(world, "round_result", round)
    data = {"fellow": world.other_fellow_record.pk, "laboratory": "", "reason": ""}
    client.force_login(world.coordinator)
    assert client.post(page, {**data, "reason": "x"}).status_code == 403
    client.force_login(world.director)
    response = client.post(page, data)
    assert response.status_code == 200 and b"This field is required" in response.content
    response = client.post(page, {**data, "reason": "Deferred a year"}, follow=True)
    content = response.content.decode()
    assert "not guaranteed stable" in content
    assert "Deferred a year" in content
    assert "blocking pairs" in content and "Otto Other" in content


# Query counts ----------------------------------------------------------------------------------


def add_fellows(world, round, n):
    """n more fellows of the cohort, each choosing both labs; labs get more places."""
    lab2 = second_lab(round)
    RoundLab.objects.filter(round=round).update(places=n + 2)
    for _ in range(n):
        fellow = f.FellowFactory(program=world.program, cohort_year=2025)
        fellow.topics.add(world.topic)
        Preference.objects.create(round=round, fellow=fellow, laboratory=world.lab, rank=1)
        Preference.objects.create(round=round, fellow=fellow, laboratory=lab2, rank=2)


def count(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200, address
    return len(queries)


def test_round_list_query_count_does_not_grow(client, world):
    client.force_login(world.director)
    address = reverse("placement:round_list", kwargs={"program": world.program.slug})
    round_for(world)
    few = count(client, address)
    for year in range(2010, 2022):
        services.round_create(
            program=world.program, cohort_year=year, deadline=round_for(world).deadline,
            by=world.director,
        )  # fmt: skip
    many = count(client, address)
    assert few == many and few <= 20


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("round_result", "director"),
        ("round_detail", "director"),
        ("choices", "fellow"),
        ("applicants", "mentor"),
    ],
)
def test_round_pages_query_count_does_not_grow(client, world, name, role):
    round = round_for(world)
    extra = {"choices": {"fellow": world.fellow_record.pk}, "applicants": {"lab": world.lab.pk}}
    address = url(world, name, round, **extra.get(name, {}))

    def solve_again():
        PlacementRound.objects.filter(pk=round.pk).update(state=State.OPEN)
        round.refresh_from_db()
        LabRanking.objects.filter(round=round).delete()
        RoundLab.objects.filter(round=round).update(ranked_at=None)
        closed = services.round_transition(round=round, to="closed", by=world.director)
        services.lab_rank_by_interest_fit(round=closed, lab=world.lab, by=world.director)
        services.lab_rank_by_interest_fit(round=closed, lab=second_lab(round), by=world.director)
        services.round_transition(round=closed, to="solved", by=world.director)

    if name == "round_result":
        solve_again()
    client.force_login(getattr(world, role))
    few = count(client, address)
    add_fellows(world, round, 12)
    if name == "round_result":
        solve_again()
    many = count(client, address)
    assert few == many, f"{name}: {few} queries, then {many}"
    assert few <= 25
