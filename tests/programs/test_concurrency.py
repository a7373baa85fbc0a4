"""No lost updates on the program's records: the second of two overlapping edits is refused."""

from django.urls import reverse

from fellowship.programs.models import Fellow, Laboratory, Leave
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
