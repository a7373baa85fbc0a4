"""Lists and dashboards cost the same number of queries with one row as with many."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db


def add_rows(world, n):
    """n more fellows, each with a lab, a mentor, topics, a leave; n more faculty and labs."""
    for i in range(n):
        inst = f.InstitutionFactory(program=world.program)
        faculty = f.FacultyFactory(program=world.program, institution=inst)
        lab = f.LaboratoryFactory(institution=inst, head=faculty)
        lab.topics.add(world.topic)
        faculty.laboratories.add(lab)
        faculty.topics.add(world.topic)
        fellow = f.FellowFactory(
            program=world.program,
            laboratory=lab,
            cohort_year=2024 + i % 3,
            appointment_end=dt.date(2026, 12, 31) if i % 2 else dt.date(2027, 6, 30),
        )
        fellow.topics.add(world.topic)
        f.MentorshipFactory(fellow=fellow, faculty=faculty)
        f.MentorshipFactory(fellow=fellow, faculty=world.mentor_faculty, kind="secondary")
        f.LeaveFactory(fellow=fellow)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


PAGES = [
    ("programs:dashboard", "director", {}),
    ("programs:dashboard", "mentor", {}),
    ("programs:dashboard", "fellow", {}),
    ("programs:fellow_list", "coordinator", {}),
    ("programs:faculty_list", "fellow", {}),
    ("programs:lab_list", "fellow", {}),
    ("programs:institution_list", "fellow", {}),
    ("programs:topic_list", "fellow", {}),
    ("web:public_home", None, {}),
]


@pytest.mark.parametrize(("name", "role", "extra"), PAGES)
def test_query_count_does_not_grow_with_rows(client, world, name, role, extra):
    if role:
        client.force_login(getattr(world, role))
    kwargs = {} if name.startswith("web:") else {"program": world.program.slug}
    url = reverse(name, kwargs=kwargs)
    with_few = count_queries(client, url)
    add_rows(world, 12)
    with_many = count_queries(client, url)
    assert with_many == with_few, f"{name} as {role}: {with_few} queries, then {with_many}"
    assert with_few <= 20
