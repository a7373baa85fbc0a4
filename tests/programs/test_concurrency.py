"""No lost updates on the program's records: the second of two overlapping edits is refused."""

import pytest
from django.urls import reverse

from fellowship.programs.models import Fellow, Laboratory, Leave, Program
from tests.editing import second_save_is_refused


def test_second_edit_of_a_fellow_is_refused(world):
    fellow = world.fellow_record
    second_save_is_refused(
        url=reverse(
            "programs:fellow_edit", kwargs={"program": world.program.slug, "pk": fellow.pk}
        ),
        first=world.director,
        second=world.coordinator,
        field="last_name",
        first_value="Reyes",
        second_value="Romero",
        stored=lambda: Fellow.objects.get(pk=fellow.pk).last_name,
        changed_by="Dana Director",
    )


def test_second_edit_of_a_lab_is_refused(world):
    lab = world.lab
    second_save_is_refused(
        url=reverse("programs:lab_edit", kwargs={"program": world.program.slug, "pk": lab.pk}),
        first=world.coordinator,
        second=world.director,
        field="capacity",
        first_value="3",
        second_value="5",
        stored=lambda: str(Laboratory.objects.get(pk=lab.pk).capacity),
        changed_by="Cory Coordinator",
    )


def test_second_edit_of_a_leave_is_refused(world):
    leave = world.leave
    url = reverse(
        "programs:fellow_record_edit",
        kwargs={
            "program": world.program.slug,
            "fellow": leave.fellow_id,
            "kind": "leaves",
            "pk": leave.pk,
        },
    )
    second_save_is_refused(
        url=url,
        first=world.director,
        second=world.coordinator,
        field="note",
        first_value="Parental leave",
        second_value="Medical leave",
        stored=lambda: Leave.objects.get(pk=leave.pk).note,
        changed_by="Dana Director",
    )


@pytest.mark.parametrize(
    ("name", "record", "field", "values"),
    [
        ("faculty_edit", "mentor_faculty", "title", ("Associate Professor", "Professor")),
        ("institution_edit", "institution", "name", ("Medical Campus", "School of Medicine")),
        ("topic_edit", "topic", "name", ("Clinical NLP", "Clinical decision support")),
    ],
)
def test_second_edit_of_other_program_records_is_refused(world, name, record, field, values):
    record = getattr(world, record)
    model = type(record)
    second_save_is_refused(
        url=reverse(f"programs:{name}", kwargs={"program": world.program.slug, "pk": record.pk}),
        first=world.director,
        second=world.coordinator,
        field=field,
        first_value=values[0],
        second_value=values[1],
        stored=lambda: getattr(model.objects.get(pk=record.pk), field),
        changed_by="Dana Director",
    )


def test_second_edit_of_the_program_settings_is_refused(world):
    program = world.program
    second_save_is_refused(
        url=reverse("programs:program_edit", kwargs={"program": program.slug}),
        first=world.director,
        second=world.director,
        field="name",
        first_value="Informatics Training Program",
        second_value="Biomedical Informatics Training",
        stored=lambda: Program.objects.get(pk=program.pk).name,
        changed_by="Dana Director",
    )


@pytest.mark.parametrize(
    ("kind", "record", "field", "values"),
    [
        ("positions", "position", "title", ("Research Scientist", "Assistant Professor")),
        ("degrees", "degree", "institution", ("Stanford University", "MIT")),
    ],
)
def test_second_edit_of_a_fellows_other_records_is_refused(world, kind, record, field, values):
    record = getattr(world, record)
    model = type(record)
    url = reverse(
        "programs:fellow_record_edit",
        kwargs={
            "program": world.program.slug,
            "fellow": record.fellow_id,
            "kind": kind,
            "pk": record.pk,
        },
    )
    second_save_is_refused(
        url=url,
        first=world.coordinator,
        second=world.director,
        field=field,
        first_value=values[0],
        second_value=values[1],
        stored=lambda: getattr(model.objects.get(pk=record.pk), field),
        changed_by="Cory Coordinator",
    )
