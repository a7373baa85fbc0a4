"""The CSV import of labs, faculty and fellows: all rows or none, every problem by line."""

import datetime
import io
import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from fellowship.accounts.models import ProgramRole, User
from fellowship.activity.models import ActivityEntry
from fellowship.core.actors import SystemActor
from fellowship.programs.importers import (
    IMPORTERS,
    import_csv,
    importer_for,
    importer_kinds,
)
from fellowship.programs.models import (
    DoctoralDegree,
    FacultyMember,
    Fellow,
    Institution,
    Laboratory,
    Program,
    Topic,
)

pytestmark = pytest.mark.django_db

FELLOW_HEADER = (
    "first_name,last_name,email,cohort_year,appointment_start,appointment_end,status,"
    "laboratory,topics,degrees"
)
DATES = "2025,2025-07-01,2027-06-30"  # cohort_year, appointment_start, appointment_end
GOOD_FELLOWS = (
    f"{FELLOW_HEADER}\n"
    f"Ada,Lovelace,ada@example.org,{DATES},active,Clinical NLP Laboratory,Genomics,PhD 2024 MIT\n"
    f'Alan,Turing,alan@example.org,{DATES},Incoming,,"Clinical NLP; genomics","PhD 2023; MD 2019"\n'
)

# As `fellowship import` runs them; the import page passes the signed-in user.
IMPORT = SystemActor("fellowship import")


@pytest.fixture
def program(db):
    program = Program.objects.create(name="Informatics Training", slug="informatics")
    bch = Institution.objects.create(
        program=program, name="Boston Children's Hospital", short_name="BCH"
    )
    Institution.objects.create(program=program, name="Harvard Medical School", short_name="HMS")
    Topic.objects.create(program=program, name="Clinical NLP")
    Topic.objects.create(program=program, name="Genomics")
    Laboratory.objects.create(institution=bch, name="Clinical NLP Laboratory")
    # Another program's lab and topic must not be found by name.
    other = Program.objects.create(name="Other", slug="other")
    other_institution = Institution.objects.create(program=other, name="Elsewhere")
    Laboratory.objects.create(institution=other_institution, name="Elsewhere Lab")
    Topic.objects.create(program=other, name="Astronomy")
    return program


def snapshot():
    return (
        Laboratory.objects.count(),
        FacultyMember.objects.count(),
        Fellow.objects.count(),
        DoctoralDegree.objects.count(),
        ActivityEntry.objects.count(),
    )


def errors_of(result):
    return [str(error) for error in result.errors]


# Good files -----------------------------------------------------------------------------


def test_fellows_import_creates_then_updates_without_duplicating(program):
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=GOOD_FELLOWS)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated) == (2, 0)
    assert result.summary(program) == (
        "Imported 2 fellows (2 created, 0 updated) into Informatics Training."
    )
    ada = Fellow.objects.get(email="ada@example.org")
    assert ada.status == Fellow.Status.ACTIVE
    assert ada.laboratory.name == "Clinical NLP Laboratory"
    assert ada.appointment_start == datetime.date(2025, 7, 1)
    assert [t.name for t in ada.topics.all()] == ["Genomics"]
    assert [(d.degree, d.year, d.institution) for d in ada.degrees.all()] == [("PhD", 2024, "MIT")]
    alan = Fellow.objects.get(email="alan@example.org")
    assert alan.status == Fellow.Status.INCOMING
    assert {t.name for t in alan.topics.all()} == {"Clinical NLP", "Genomics"}
    assert [str(d) for d in alan.degrees.all()] == ["MD 2019", "PhD 2023"]

    before = snapshot()
    again = import_csv(by=IMPORT, kind="fellows", program=program, file_text=GOOD_FELLOWS)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert snapshot() == before  # not even an activity entry

    changed = GOOD_FELLOWS.replace(
        "ada@example.org,2025,2025-07-01,2027-06-30,active",
        "ADA@example.org,2025,2025-07-01,2027-06-30,On leave",
    )
    third = import_csv(by=IMPORT, kind="fellows", program=program, file_text=changed)
    assert (third.created, third.updated, third.unchanged) == (0, 1, 1)
    assert Fellow.objects.count() == 2
    assert Fellow.objects.get(email="ada@example.org").status == Fellow.Status.ON_LEAVE
    assert "Imported 2 fellows (0 created, 1 updated, 1 unchanged)" in third.summary(program)


def test_an_empty_cell_leaves_the_recorded_value(program):
    import_csv(by=IMPORT, kind="fellows", program=program, file_text=GOOD_FELLOWS)
    update = (
        "first_name,last_name,email,cohort_year,appointment_start,appointment_end,status,"
        "laboratory,topics\n,,ada@example.org,,,,completed,,\n"
    )
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=update)
    assert result.ok and result.updated == 1
    ada = Fellow.objects.get(email="ada@example.org")
    assert ada.status == Fellow.Status.COMPLETED
    assert ada.laboratory is not None and ada.topics.count() == 1
    assert ada.first_name == "Ada"


def test_labs_and_faculty_import_and_reimport(program):
    labs = (
        "Name,Institution,Capacity,Topics,Website\n"
        "Genomics Lab,HMS,2,Genomics,https://example.org/g\n"
        "Clinical NLP Laboratory,Boston Children's Hospital,3,Clinical NLP,\n"
    )
    result = import_csv(by=IMPORT, kind="labs", program=program, file_text=labs)
    assert result.ok, errors_of(result)
    assert (result.created, result.updated) == (1, 1)
    assert Laboratory.objects.get(name="Clinical NLP Laboratory").capacity == 3
    assert Laboratory.objects.get(name="Genomics Lab").institution.short_name == "HMS"

    faculty = (
        "first_name,last_name,email,institution,rank,labs,topics\n"
        "Maria,Alvarez,Maria.Alvarez@example.org,BCH,associate professor,"
        '"Clinical NLP Laboratory; Genomics Lab",Clinical NLP\n'
    )
    result = import_csv(by=IMPORT, kind="faculty", program=program, file_text=faculty)
    assert result.ok, errors_of(result)
    maria = FacultyMember.objects.get()
    assert maria.email == "maria.alvarez@example.org"
    assert maria.rank == FacultyMember.Rank.ASSOCIATE
    assert maria.laboratories.count() == 2

    heads = "name,institution,head_email\nGenomics Lab,hms,maria.alvarez@example.org\n"
    result = import_csv(by=IMPORT, kind="labs", program=program, file_text=heads)
    assert result.ok and result.updated == 1
    assert Laboratory.objects.get(name="Genomics Lab").head == maria

    again = import_csv(by=IMPORT, kind="faculty", program=program, file_text=faculty)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    assert FacultyMember.objects.count() == 1


def test_the_documented_examples_import(program):
    """The template CSV of each kind (the documentation's example) is a valid file."""
    from fellowship.curriculum.models import Course  # the grades example names BMI 701

    Course.objects.create(program=program, code="BMI 701", title="Principles", credits=4)
    for kind in importer_kinds():
        result = import_csv(
            by=IMPORT, kind=kind, program=program, file_text=importer_for(kind).template_csv()
        )
        assert result.ok, (kind, errors_of(result))
        assert result.created == 1 or kind == "labs"


def test_bom_blank_lines_semicolons_and_header_spelling(program):
    text = (
        "\ufeffFirst Name;Last-Name;EMAIL;cohort_year;appointment_start;appointment_end\n"
        "\n"
        "Grace;Hopper;grace@example.org;2025;2025-07-01;2027-06-30\n"
        ";;;;;\n"
    )
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=text.encode("utf-8"))
    assert result.ok, errors_of(result)
    assert Fellow.objects.get().full_name == "Grace Hopper"


# Bad files ------------------------------------------------------------------------------


def test_every_bad_row_is_reported_by_line_and_nothing_is_written(program):
    import_csv(by=IMPORT, kind="fellows", program=program, file_text=GOOD_FELLOWS)
    before = snapshot()
    text = (
        f"{FELLOW_HEADER}\n"  # line 1
        "Ada,Lovelace,ada@example.org,2025,2025-07-01,2027-06-30,active,,,\n"  # 2: fine (update)
        "Bob,Bad,bob@example.org,2025,2025-07-01,2027-06-30,,No Such Lab,,\n"  # 3
        "Cy,Date,cy@example.org,2025,2026-02-30,2027-06-30,,,,\n"  # 4
        "\n"  # 5: blank, skipped
        "Di,Backwards,di@example.org,2025,2027-07-01,2025-06-30,,,,\n"  # 6
        "Ed,Status,ed@example.org,2025,2025-07-01,2027-06-30,graduated,,,\n"  # 7
        '"Fay\nMultiline",Twice,ada@EXAMPLE.org,2025,2025-07-01,2027-06-30,,,,\n'  # 8-9
        "Gus,Cells,gus@example.org,2025,2025-07-01,2027-06-30,,,,,extra\n"  # 10
        "Hal,Topic,hal@example.org,20x5,2025-07-01,2027-06-30,,Elsewhere Lab,Astronomy,PhD\n"  # 11
    )
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=text)
    assert not result.ok
    errors = errors_of(result)
    assert errors == [
        "line 3: laboratory: “No Such Lab” is not a laboratory of this program",
        "line 4: appointment_start: 2026-02-30 is not a valid date (YYYY-MM-DD)",
        "line 6: appointment_end: The appointment must end after it starts",
        "line 7: status: “graduated” is not one of: Incoming, Orientation, Active, On leave, "
        "Completed, Withdrawn",
        "line 8: email: duplicate of line 2",
        # A line break in a name is refused (it would reach mail headers).
        "line 8: first_name: A name cannot hold line breaks, tabs or other control characters",
        "line 10: this row has 11 cells but the header has 10 columns; check for a stray "
        "comma or a value in an unnamed column.",
        "line 11: cohort_year: “20x5” is not a whole number",
        "line 11: laboratory: “Elsewhere Lab” is not a laboratory of this program",
        "line 11: topics: “Astronomy” is not a topic of this program (add it under Topics "
        "first, or check the spelling)",
        "line 11: degrees: “PhD” is not a degree and year, e.g. “PhD 2021”",
    ]
    assert snapshot() == before
    assert Fellow.objects.get(email="ada@example.org").status == Fellow.Status.ACTIVE


def test_a_new_record_missing_required_cells_names_them(program):
    text = (
        "first_name,last_name,email,cohort_year,appointment_start,appointment_end\n"
        ",X,x@example.org,,,\n"
    )
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=text)
    errors = errors_of(result)
    assert "line 2: first_name: This field cannot be blank" in errors
    assert "line 2: appointment_start: This field cannot be null" in errors
    assert Fellow.objects.count() == 0


def test_unknown_and_missing_columns(program):
    text = "name,institution,colour\nA Lab,BCH,red\nB Lab,Nowhere,blue\n"
    result = import_csv(by=IMPORT, kind="labs", program=program, file_text=text)
    assert errors_of(result) == [
        "line 1: “colour” is not a column of a laboratory import; the columns are: name, "
        "institution, head_email, capacity, topics, website, description.",
        "line 3: institution: “Nowhere” is not an institution of this program",
    ]
    assert Laboratory.objects.count() == 2

    result = import_csv(by=IMPORT, kind="labs", program=program, file_text="name,name\nA,B\n")
    assert errors_of(result) == [
        "line 1: the header names “name” more than once.",
        "line 1: the required column is missing: institution.",
    ]


def test_duplicate_lab_within_the_file_and_a_head_from_nowhere(program):
    text = (
        "name,institution,head_email,capacity\n"
        "Genomics Lab,HMS,,-1\n"
        "genomics lab,Harvard Medical School,nobody@example.org,1\n"
    )
    result = import_csv(by=IMPORT, kind="labs", program=program, file_text=text)
    assert errors_of(result) == [
        "line 2: capacity: -1 is less than 0",
        "line 3: head_email: no faculty member of this program has the email address "
        "“nobody@example.org”",
        "line 3: name: duplicate of line 2",
    ]
    assert Laboratory.objects.count() == 2


def test_file_level_problems(program):
    def problems(data, kind="fellows"):
        return errors_of(import_csv(by=IMPORT, kind=kind, program=program, file_text=data))

    not_utf8 = f"{FELLOW_HEADER}\nJos\xe9,Garc\xeda,jose@example.org\n".encode("latin-1")
    assert problems(not_utf8) == [
        "line 2: the file is not UTF-8 text (byte 0xe9 is not UTF-8). Save it from your "
        "spreadsheet as “CSV UTF-8” and import it again."
    ]
    assert problems(b"") == [
        "the file is empty: it needs a header row naming the columns, then one row per record."
    ]
    assert problems("\n \n") == problems(b"")
    assert problems(FELLOW_HEADER + "\n") == ["the file has a header row but no records below it."]
    assert problems('name,institution\n"Open quote,BCH\n', kind="labs")[0].startswith(
        "line 2: this line cannot be read as CSV"
    )
    assert problems("x", kind="transcripts") == [
        "There is no import of “transcripts”; choose one of: labs, faculty, fellows, grades."
    ]
    assert snapshot()[:4] == (2, 0, 0, 0)


def test_labs_with_the_same_name_at_two_institutions(program):
    hms = Institution.objects.get(short_name="HMS")
    Laboratory.objects.create(institution=hms, name="Clinical NLP Laboratory")
    header = "first_name,last_name,email,cohort_year,appointment_start,appointment_end,laboratory"
    dates = "2025,2025-07-01,2027-06-30"
    text = f"{header}\nA,B,a@example.org,{dates},Clinical NLP Laboratory\n"
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=text)
    assert errors_of(result) == [
        "line 2: laboratory: “Clinical NLP Laboratory” is the name of laboratories at BCH, HMS: "
        "write it as “Clinical NLP Laboratory (institution)”"
    ]
    text = f"{header}\nA,B,a@example.org,{dates},Clinical NLP Laboratory (HMS)\n"
    result = import_csv(by=IMPORT, kind="fellows", program=program, file_text=text)
    assert result.ok
    assert Fellow.objects.get().laboratory.institution == hms


def test_import_and_records_are_logged_with_the_user(program):
    user = User.objects.create_user("coordinator@example.org")
    ProgramRole.objects.create(user=user, program=program, role=ProgramRole.Role.COORDINATOR)
    result = import_csv(
        kind="fellows", program=program, file_text=GOOD_FELLOWS, by=user, source="f.csv"
    )
    assert result.ok
    entries = ActivityEntry.objects.filter(actor=user)
    assert entries.filter(verb="fellow.created").count() == 2
    assert entries.filter(verb="degree.created").count() == 3
    assert entries.get(verb="import.fellows").summary == (
        "Imported 2 fellows (2 created, 0 updated) into Informatics Training. From f.csv."
    )


def test_the_registry_names_every_kind():
    assert set(IMPORTERS) == {"fellows", "faculty", "labs", "grades"}
    for kind in IMPORTERS:
        importer = importer_for(kind)
        assert importer.kind == kind
        assert set(importer.required_columns()) <= set(importer.column_names())


def test_the_coordinators_documentation_lists_every_column():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "import.md").read_text()
    for kind in importer_kinds():
        importer = importer_for(kind)
        assert importer.template_csv().replace("\r\n", "\n") in docs
        for column in importer.columns:
            required = "yes" if column.required else ""
            assert f"| `{column.name}` | {required} | {column.help} |" in docs, column.name


# The command ----------------------------------------------------------------------------


def write(tmp_path, text, name="import.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return str(path)


def run_command(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import", *args, stdout=out, stderr=err)
    except CommandError as error:
        return error.returncode, out.getvalue(), err.getvalue() + str(error)
    return 0, out.getvalue(), err.getvalue()


def test_command_imports_a_good_file(program, tmp_path):
    path = write(tmp_path, GOOD_FELLOWS)
    code, out, _ = run_command("fellows", path, "--program", "informatics")
    assert code == 0
    assert out.strip() == "Imported 2 fellows (2 created, 0 updated) into Informatics Training."
    assert Fellow.objects.count() == 2


def test_command_reports_bad_rows_and_exits_2(program, tmp_path):
    path = write(tmp_path, f"{FELLOW_HEADER}\nA,B,a@example.org,2025,2026-02-30,2027-06-30,,,,\n")
    before = snapshot()
    code, out, err = run_command("fellows", path, "--program", "informatics")
    assert code == 2
    assert err.splitlines() == [
        "line 2: appointment_start: 2026-02-30 is not a valid date (YYYY-MM-DD)",
        "Nothing was imported.",
    ]
    assert out == ""
    assert snapshot() == before


def test_command_needs_a_file_and_a_known_program(program, tmp_path):
    code, _, err = run_command("labs", str(tmp_path / "missing.csv"), "--program", "informatics")
    assert (code, err) == (2, f"There is no file {tmp_path / 'missing.csv'}.")
    path = write(tmp_path, "name,institution\nA Lab,BCH\n")
    code, _, err = run_command("labs", path)
    assert code == 2
    assert err == "There are several programs; choose one with --program: informatics, other."
    code, _, err = run_command("labs", path, "--program", "nope")
    assert (code, err) == (2, "There is no program “nope”; the programs are: informatics, other.")
    Laboratory.objects.filter(institution__program__slug="other").delete()
    Program.objects.filter(slug="other").delete()
    code, out, _ = run_command("labs", path)
    assert code == 0 and "Imported 1 laboratory (1 created, 0 updated)" in out


def test_console_script_exits_2_on_a_missing_file(tmp_path):
    script = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "fellowship"
    if not script.exists():
        pytest.skip("the fellowship console script is not installed")
    missing = tmp_path / "missing.csv"
    root = script.parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}  # the test settings live in tests/
    done = subprocess.run(
        [str(script), "import", "fellows", str(missing)], capture_output=True, text=True, env=env
    )
    assert done.returncode == 2
    assert f"There is no file {missing}." in done.stderr
    done = subprocess.run(
        [str(script), "import", "grades", str(missing)], capture_output=True, env=env
    )
    assert done.returncode == 2


# The page -------------------------------------------------------------------------------


@pytest.fixture
def coordinator(program):
    user = User.objects.create_user("coordinator@example.org", password="pw")
    ProgramRole.objects.create(user=user, program=program, role="coordinator")
    return user


def page(program):
    return reverse("programs:import", kwargs={"program": program.slug})


def upload(text, name="fellows.csv"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return SimpleUploadedFile(name, data, content_type="text/csv")


def test_a_coordinator_imports_on_the_page(client, program, coordinator):
    client.force_login(coordinator)
    response = client.get(page(program))
    assert response.status_code == 200
    content = response.content.decode()
    assert "<h1>Import records</h1>" in content
    for kind in importer_kinds():
        for column in importer_for(kind).columns:
            assert f"<code>{column.name}</code>" in content
    response = client.post(page(program), {"kind": "fellows", "file": upload(GOOD_FELLOWS)})
    assert response.status_code == 302
    assert response.url == reverse("programs:fellow_list", kwargs={"program": program.slug})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Imported 2 fellows (2 created, 0 updated) into Informatics Training."
    ]
    assert ActivityEntry.objects.filter(actor=coordinator, verb="fellow.created").count() == 2


def test_the_page_lists_every_problem_and_imports_nothing(client, program, coordinator):
    client.force_login(coordinator)
    bad = (
        f"{FELLOW_HEADER}\n"
        "A,B,a@example.org,2025,2026-02-30,2027-06-30,,,,\n"
        f"C,D,c@example.org,{DATES},,,,\n"
    )
    response = client.post(page(program), {"kind": "fellows", "file": upload(bad)})
    assert response.status_code == 200
    content = response.content.decode()
    assert "Nothing was imported." in content
    assert '<table class="table">' in content
    assert (
        "<td>2</td><td>appointment_start</td><td>2026-02-30 is not a valid date (YYYY-MM-DD)</td>"
        in content
    )
    assert Fellow.objects.count() == 0


def test_the_page_refuses_workbooks_and_big_files(client, program, coordinator, monkeypatch):
    client.force_login(coordinator)
    workbook = upload(b"PK\x03\x04rest-of-zip", name="fellows.xlsx")
    response = client.post(page(program), {"kind": "fellows", "file": workbook})
    assert response.status_code == 200
    assert "is a spreadsheet workbook, not a CSV file" in response.content.decode()
    response = client.post(page(program), {"kind": "fellows", "file": upload("x", "notes.pdf")})
    assert "is not a CSV file" in response.content.decode()
    monkeypatch.setattr("fellowship.programs.import_views.MAX_UPLOAD_BYTES", 10)
    response = client.post(page(program), {"kind": "fellows", "file": upload(GOOD_FELLOWS)})
    assert "the largest file you can import is 5 MB" in response.content.decode()
    assert Fellow.objects.count() == 0


def test_template_csv_download(client, program, coordinator):
    client.force_login(coordinator)
    url = reverse("programs:import_template", kwargs={"program": program.slug, "kind": "labs"})
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="labs-template.csv"' in response["Content-Disposition"]
    header = response.content.decode().splitlines()[0]
    assert header == "name,institution,head_email,capacity,topics,website,description"
    url = reverse("programs:import_template", kwargs={"program": program.slug, "kind": "nope"})
    assert client.get(url).status_code == 404


def test_only_program_staff_may_import(client, program):
    url = page(program)
    response = client.get(url)
    assert response.status_code == 302 and reverse("login") in response.url
    fellow_user = User.objects.create_user("fellow@example.org")
    Fellow.objects.create(
        program=program,
        user=fellow_user,
        first_name="F",
        last_name="F",
        email="fellow@example.org",
        cohort_year=2025,
        appointment_start=datetime.date(2025, 7, 1),
        appointment_end=datetime.date(2027, 6, 30),
    )
    client.force_login(fellow_user)
    assert client.get(url).status_code == 403
    response = client.post(url, {"kind": "fellows", "file": upload(GOOD_FELLOWS)})
    assert response.status_code == 403
    template = reverse("programs:import_template", kwargs={"program": program.slug, "kind": "labs"})
    assert client.get(template).status_code == 403
    assert Fellow.objects.count() == 1
