"""Stored files follow their rows (item 8 of the security issue): written when the save
commits, deleted when replaced or removed, nothing left by a failed save, stored under the
checked type's extension, `media check` for what is out of step, the demo reusing its files."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from fellowship.core.uploads import DOCX, PDF, checked_name
from fellowship.demo.programs import load_demo_program
from fellowship.demo.thesis import load_demo_theses
from fellowship.progress import plans
from fellowship.progress.models import ResearchPlanVersion
from fellowship.thesis import services as thesis_services
from fellowship.thesis.models import Thesis, ThesisDocument
from tests.commit import committed
from tests.progress.helpers import PDF_BYTES, PLAN, pdf
from tests.thesis.helpers import pdf_upload, thesis_at

pytestmark = pytest.mark.django_db


def stored(media) -> list[str]:
    return sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file())


def plan_save(world, **values):
    with committed():
        return plans.plan_save(fellow=world.fellow_record, by=world.fellow, **PLAN, **values)


def attachment(world) -> str:
    return ResearchPlanVersion.objects.get(plan__fellow=world.fellow_record).attachment.name


def test_replacing_an_attachment_deletes_the_old_file(world, private_media):
    plan_save(world, attachment=pdf("aims.pdf"))
    first = attachment(world)
    plan_save(world, attachment=pdf("aims.pdf"))  # the draft, edited with a new file
    assert attachment(world) != first
    assert stored(private_media) == [attachment(world)]


def test_removing_an_attachment_deletes_its_file(world, private_media):
    plan_save(world, attachment=pdf())
    plan_save(world, remove_attachment=True)
    assert attachment(world) == "" and stored(private_media) == []


def test_a_file_an_earlier_version_names_is_kept(world, private_media):
    plan = plan_save(world, attachment=pdf())
    with committed():
        plans.plan_transition(plan=plan, to="submitted", by=world.fellow)
        plans.plan_transition(
            plan=plan, to="changes_requested", by=world.mentor, comments="Add an aim."
        )
    plan_save(world, remove_attachment=True)  # version 2 drops the file version 1 names
    first = plan.versions.get(number=1).attachment.name
    assert stored(private_media) == [first]


def test_a_save_that_fails_leaves_no_file(world, private_media, monkeypatch):
    thesis = thesis_at(world, Thesis.State.IN_PROGRESS)
    before = stored(private_media)

    def log_fails(*args, **kwargs):
        raise RuntimeError("the activity log is down")

    monkeypatch.setattr(thesis_services, "_log", log_fails)
    with pytest.raises(RuntimeError), committed():
        thesis_services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.fellow)
    assert stored(private_media) == before
    assert not ThesisDocument.objects.filter(thesis=thesis).exists()


def test_a_pdf_html_polyglot_is_stored_and_served_as_a_pdf(client, world, private_media):
    polyglot = PDF_BYTES + b"<html><script>alert(document.cookie)</script></html>"
    plan_save(world, attachment=SimpleUploadedFile("plan.html", polyglot, "text/html"))
    version = ResearchPlanVersion.objects.get(plan__fellow=world.fellow_record)
    assert version.attachment.name.endswith("/plan.pdf")
    assert (version.attachment_name, version.attachment_type) == ("plan.pdf", "application/pdf")
    client.force_login(world.fellow)
    response = client.get(
        reverse(
            "progress:plan_file",
            kwargs={"program": world.program.slug, "pk": world.fellow_record.pk, "number": 1},
        )
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="plan.pdf"'


def media_check(*options) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("media", "check", *options, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def test_media_check_lists_orphans_and_missing_files(world, private_media):
    plan_save(world, attachment=pdf())
    assert media_check()[0] == 0
    default_storage.save("progress/plans/left-behind.pdf", io.BytesIO(PDF_BYTES))
    missing = ThesisDocument.objects.create(
        thesis=thesis_at(world, Thesis.State.IN_PROGRESS),
        version=9,
        file="thesis/gone.pdf",
        original_name="gone.pdf",
        size=1,
    )
    status, said = media_check()
    assert status == 1
    assert "orphan: progress/plans/left-behind.pdf" in said
    assert f"missing: thesis.ThesisDocument #{missing.pk} file: thesis/gone.pdf" in said
    status, said = media_check("--delete-orphans")
    assert status == 1 and "Deleted 1 orphan file(s)." in said
    assert not default_storage.exists("progress/plans/left-behind.pdf")
    assert default_storage.exists(attachment(world))  # a named file is never an orphan
    missing.delete()
    assert media_check() == (
        0,
        "Every stored file is named by a row and every row's file is there.\n",
    )


def test_loading_the_demo_again_adds_nothing_to_media(private_media):
    program = load_demo_program()
    with committed():
        load_demo_theses(program)
    first = stored(private_media)
    assert first and all(name.endswith(".pdf") for name in first)
    with committed():
        load_demo_theses(program)
    assert stored(private_media) == first
    # A fresh database beside the old media/: the rows are gone, the files are not.
    Thesis.objects.all().delete()
    with committed():
        load_demo_theses(program)
    assert stored(private_media) == first
    assert media_check()[0] == 0


def test_a_stored_name_keeps_no_folder_and_no_control_character():
    assert checked_name("C:\\Users\\me\\pla\r\nn.html", PDF) == "plan.pdf"
    assert checked_name("../../etc/passwd", DOCX) == "passwd.docx"
    assert checked_name("\x07.html", PDF) == "file.pdf"
