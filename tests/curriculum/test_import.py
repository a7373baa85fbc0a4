"""The registrar's grades import: a good file lands whole; any bad row and nothing does."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fellowship.activity.models import ActivityEntry
from fellowship.core.actors import SystemActor
from fellowship.curriculum.models import Enrollment
from fellowship.programs.importers import import_csv

from .helpers import catalog_for, requirements_for

pytestmark = pytest.mark.django_db

GOOD = (
    "email,course,term,status,grade\n"
    "fellow@test.org,BMI 701,Fall 2025,Completed,A-\n"
    "FELLOW@test.org,bmi702,spring 2026,,b+\n"  # status from the grade; case and spaces
    "fellow@test.org,BMI 890,Spring 2027,planned,\n"
    "other.fellow@test.org,BMI 801,Fall 2025,completed,P\n"
)

# As `fellowship import` runs them; the import page passes the signed-in user.
IMPORT = SystemActor("fellowship import")


@pytest.fixture
def catalog(world):
    requirements_for(world.program)
    return catalog_for(world.program)


def errors_of(result):
    return [str(e) for e in result.errors]


def test_a_good_file_lands_whole(world, catalog):
    result = import_csv(
        kind="grades", program=world.program, file_text=GOOD, by=world.coordinator, source="g.csv"
    )
    assert result.ok, errors_of(result)
    assert (result.created, result.updated, result.unchanged) == (4, 0, 0)
    e = Enrollment.objects.get(fellow=world.fellow_record, course__code="BMI 702")
    assert (e.term_year, e.term_season, e.status, e.grade) == (2026, "spring", "completed", "B+")
    assert Enrollment.objects.get(course__code="BMI 890").status == "planned"
    assert ActivityEntry.objects.filter(verb="enrollment.added").count() == 4
    assert ActivityEntry.objects.get(verb="import.grades").summary == (
        "Imported 4 enrollments (4 created, 0 updated) into Informatics Research Training. "
        "From g.csv."
    )
    # The same file again changes nothing; a grade for the planned course updates it.
    again = import_csv(by=IMPORT, kind="grades", program=world.program, file_text=GOOD)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    graded = "email,course,term,grade\nfellow@test.org,BMI 890,Spring 2027,P\n"
    result = import_csv(by=IMPORT, kind="grades", program=world.program, file_text=graded)
    assert result.errors  # a planned course cannot take a grade without a status
    graded = "email,course,term,status,grade\nfellow@test.org,BMI 890,Spring 2027,completed,P\n"
    result = import_csv(by=IMPORT, kind="grades", program=world.program, file_text=graded)
    assert (result.created, result.updated) == (0, 1), errors_of(result)
    assert Enrollment.objects.get(course__code="BMI 890").grade == "P"


def test_every_bad_row_is_reported_by_line_and_nothing_is_written(world, catalog):
    text = (
        "email,course,term,status,grade\n"
        "fellow@test.org,BMI 701,Fall 2025,completed,A\n"  # 2: good
        "nobody@test.org,BMI 701,Fall 2025,completed,A\n"  # 3: unknown fellow
        "fellow@test.org,BMI 999,Fall 2025,completed,A\n"  # 4: unknown course
        "fellow@test.org,BMI 702,Autumn 2025,completed,A\n"  # 5: bad term
        "fellow@test.org,BMI 702,Spring 2026,completed,Z\n"  # 6: bad grade
        "fellow@test.org,BMI 702,Spring 2026,graduated,A\n"  # 7: bad status
        "fellow@test.org,bmi 701,FALL 2025,completed,B\n"  # 8: duplicate of line 2
        "fellow@test.org,BMI 710,Fall 2026,enrolled,A\n"  # 9: grade on an enrolled course
        ",BMI 710,,completed,A\n"  # 10: missing email and term
        "fellow@test.org,BMI 720,Fall 2026,withdrawn,,extra\n"  # 11: too many cells
    )
    result = import_csv(by=IMPORT, kind="grades", program=world.program, file_text=text)
    errors = errors_of(result)
    assert (
        "line 3: email: no fellow of this program has the email address “nobody@test.org”" in errors
    )
    assert "line 4: course: “BMI 999” is not a course of this program's catalog" in errors
    assert "line 5: term: “Autumn 2025” is not a season and a year, e.g. “Fall 2025”" in errors
    assert "line 6: grade: “Z” is not a grade: write A+ … F, or P or F" in errors
    assert any(e.startswith("line 7: status: “graduated” is not one of: Planned") for e in errors)
    assert "line 8: email: duplicate of line 2" in errors
    assert any(e.startswith("line 9: grade: A enrolled course has no grade yet") for e in errors)
    assert "line 10: email: every row needs the fellow's email" in errors
    assert any(e.startswith("line 10: term: every row needs a term") for e in errors)
    assert any(e.startswith("line 11: this row has 6 cells") for e in errors)
    assert not any(e.startswith("line 2:") for e in errors)
    assert not Enrollment.objects.exists()
    assert not ActivityEntry.objects.filter(verb__startswith="enrollment").exists()


def test_unknown_columns_and_missing_required_ones(world, catalog):
    result = import_csv(
        by=IMPORT, kind="grades", program=world.program, file_text="email,course,mark\nx,y,z\n"
    )
    errors = errors_of(result)
    assert any("“mark” is not a column of a enrollment import" in e for e in errors)
    assert "line 1: the required column is missing: term." in errors


def test_the_command_imports_grades(world, catalog, tmp_path):
    path = tmp_path / "grades.csv"
    path.write_text(GOOD)
    out = io.StringIO()
    call_command("import", "grades", str(path), "--program", world.program.slug, stdout=out)
    assert "Imported 4 enrollments (4 created, 0 updated)" in out.getvalue()
    entry = ActivityEntry.objects.latest("id")
    assert entry.actor is None and entry.who == "system: fellowship import"
    bad = tmp_path / "bad.csv"
    bad.write_text("email,course,term\nnobody@test.org,BMI 701,Fall 2025\n")
    err = io.StringIO()
    with pytest.raises(CommandError) as error:
        call_command("import", "grades", str(bad), "--program", world.program.slug, stderr=err)
    assert error.value.returncode == 2
    assert "line 2: email: no fellow" in err.getvalue()


def test_the_import_page_takes_grades(client, world, catalog):
    client.force_login(world.coordinator)
    url = reverse("programs:import", kwargs={"program": world.program.slug})
    page = client.get(url).content.decode()
    assert "Grades and enrollments" in page and "<code>term</code>" in page
    upload = SimpleUploadedFile("grades.csv", GOOD.encode(), content_type="text/csv")
    response = client.post(url, {"kind": "grades", "file": upload})
    assert response.status_code == 302
    assert response.url == reverse("curriculum:cohort", kwargs={"program": world.program.slug})
    assert Enrollment.objects.count() == 4
    template = reverse(
        "programs:import_template", kwargs={"program": world.program.slug, "kind": "grades"}
    )
    assert client.get(template).content.decode().startswith("email,course,term,status,grade")
