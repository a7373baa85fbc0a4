"""The reports page: staff see and download the tables; bad periods are explained."""

import csv
import io

import docx
import pytest
from django.urls import reverse

from fellowship.reports import tables

from .helpers import alumnus_for


def index(world, **params):
    return reverse("reports:index", kwargs={"program": world.program.slug}), params


def download(world, fmt):
    return reverse("reports:download", kwargs={"program": world.program.slug, "format": fmt})


@pytest.mark.parametrize("who", ["director", "coordinator"])
def test_staff_see_the_table_with_bold_trainee(client, world, who):
    alumnus_for(world)
    client.force_login(getattr(world, who))
    url, params = index(world, table=tables.TRAINEE_PUBLICATIONS, part=1)
    page = client.get(url, params).content.decode()
    assert "Table 5. Publications of Those in Training" in page
    assert "<strong>Alvarez AM</strong>" in page
    assert "Download DOCX" in page


def test_nav_link_for_staff_only(client, world):
    client.force_login(world.coordinator)
    home = reverse("programs:dashboard", kwargs={"program": world.program.slug})
    assert ">Reports</a>" in client.get(home).content.decode()
    client.force_login(world.fellow)
    assert ">Reports</a>" not in client.get(home).content.decode()


def test_first_after_last_is_explained(client, world):
    client.force_login(world.director)
    url, params = index(world, table=tables.TRAINEE_OUTCOMES_POSTDOC, part=1, first=2024, last=2020)
    page = client.get(url, params).content.decode()
    assert "The first year (2024) comes after the last year (2020)." in page
    assert "Download CSV" not in page
    # The error sits under its field, which is marked; the input points to the error and
    # to the help, both on the page.
    assert '<div class="has-error"><label for="id_first">' in page
    assert 'aria-describedby="id_first_helptext id_first_error"' in page
    assert 'id="id_first_error"' in page and 'id="id_first_helptext"' in page


def test_long_headers_may_break_after_their_slashes(client, world):
    client.force_login(world.director)
    url, params = index(world, table=tables.TRAINEE_OUTCOMES_POSTDOC, part=1)
    page = client.get(url, params).content.decode()
    assert "Subsequent Grant(s)/<wbr>Role/<wbr>Year Awarded</th>" in page


def test_download_csv_and_docx(client, world):
    alumnus_for(world)
    client.force_login(world.coordinator)
    params = {"table": tables.TRAINEE_OUTCOMES_POSTDOC, "part": 2, "first": 2020, "last": 2024}
    response = client.get(download(world, "csv"), params)
    assert response["Content-Disposition"] == (
        'attachment; filename="informatics-training-table8-part2-2020-2024.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tables.SUPPORT_HEADER not in rows[0]
    assert [r[0] for r in rows[1:]] == ["Alvarez, Ana M."]
    response = client.get(download(world, "docx"), params)
    assert docx.Document(io.BytesIO(response.content)).tables[0].rows[1].cells[0].text == (
        "Alvarez, Ana M."
    )


def test_bad_download_requests(client, world):
    client.force_login(world.director)
    response = client.get(download(world, "csv"), {"first": 2024, "last": 2020})
    assert response.status_code == 400
    assert "The first year (2024) comes after the last year (2020)." in response.content.decode()
    assert client.get(download(world, "pdf")).status_code == 404


def test_fellow_and_mentor_may_not_download(client, world):
    for user in (world.fellow, world.mentor):
        client.force_login(user)
        assert client.get(download(world, "csv")).status_code == 403


@pytest.mark.parametrize("key", tables.TABLE_KEYS)
def test_page_query_count_does_not_grow(client, world, key):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.director)
    url, params = index(world, table=key, part=1)
    alumnus_for(world)
    with CaptureQueriesContext(connection) as few:
        client.get(url, params)
    for n in range(4):
        alumnus_for(world, last_name=f"More{n}", start_year=2016 + n, papers=2)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url, params).status_code == 200
    assert len(many) == len(few)
