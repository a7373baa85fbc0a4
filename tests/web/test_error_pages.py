"""The 403, 404 and 500 pages say what happened in words and lead somewhere useful."""

from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error


def test_a_fellow_refused_a_staff_page_sees_why_and_the_way_back(client, world):
    client.force_login(world.fellow)
    response = client.get(reverse("programs:fellow_list", kwargs={"program": world.program.slug}))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You may not open this page" in page
    assert "nothing was shown or changed" in page
    assert reverse("web:home_for_user") in page
    assert 'class="mainnav"' in page  # the menu stays, so the user is not stranded


def test_a_missing_record_is_a_404_page_not_a_bare_message(client, world):
    client.force_login(world.director)
    url = reverse("programs:fellow_detail", kwargs={"program": world.program.slug, "pk": 999999})
    response = client.get(url)
    assert response.status_code == 404
    assert "There is no such page" in response.content.decode()


def test_an_unknown_address_for_the_public_leads_to_the_home_page(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no such page" in page and "home page" in page


def test_the_500_page_renders_without_any_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page
    assert "was not saved" in page
