"""The thesis PDF: checked by content and size, every version kept, private until the
director makes the final one public; committee meeting reports."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fellowship.thesis import services
from fellowship.thesis.models import CommitteeMeeting, Thesis, ThesisDocument

from .helpers import pdf_bytes, pdf_upload, thesis_at, thesis_for

State = Thesis.State
DOCX_HEAD = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 200


def upload(world, thesis, file):
    return services.document_upload(thesis=thesis, upload=file, by=world.fellow)


def test_a_pdf_is_kept_with_its_pages_and_versions(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    first = upload(world, thesis, pdf_upload("draft.pdf", 3))
    second = upload(world, thesis, pdf_upload("draft-2.pdf", 5))
    assert (first.version, first.pages, second.version, second.pages) == (1, 3, 2, 5)
    assert first.stage == State.IN_PROGRESS and not first.is_public
    assert [d.version for d in thesis.documents.all()] == [2, 1]
    assert second.file.read() == pdf_bytes(5)


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"Just some text, not a thesis.", "is not a PDF (its content is not a known file type)"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a PDF (its content is image/png)"),
        (b"%PDF-1.7\n this is not really a pdf", "is a damaged PDF"),
        (b"", "is empty"),
    ],
    ids=["text", "png", "damaged", "empty"],
)
def test_a_file_renamed_pdf_is_refused_and_nothing_is_kept(world, content, said):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match=re.escape(said)) as refused:
        upload(world, thesis, SimpleUploadedFile("thesis.pdf", content, "application/pdf"))
    assert "“thesis.pdf”" in str(refused.value)
    assert not ThesisDocument.objects.exists()


def test_a_word_file_renamed_pdf_names_its_real_type(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match="is not a PDF"):
        upload(world, thesis, SimpleUploadedFile("thesis.pdf", DOCX_HEAD, "application/pdf"))


def test_the_size_limit(world, settings):
    settings.THESIS_MAX_DOCUMENT_BYTES = 1024
    thesis = thesis_at(world, State.IN_PROGRESS)
    big = SimpleUploadedFile("big.pdf", pdf_bytes(1) + b"%" * 2048, "application/pdf")
    with pytest.raises(ValidationError) as refused:
        upload(world, thesis, big)
    said = refused.value.message_dict["file"][0].replace("\xa0", " ")
    assert re.fullmatch(r"“big.pdf” is \d\.\d KB; the limit is 1\.0 KB\.", said), said
    assert not ThesisDocument.objects.exists()


def test_only_the_fellow_uploads_and_only_while_writing(world):
    thesis = thesis_for(world)
    with pytest.raises(ValidationError, match="documents are uploaded while"):
        upload(world, thesis, pdf_upload())
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.document_upload(thesis=thesis, upload=pdf_upload(), by=world.mentor)


def test_the_final_document_is_private_until_the_director_makes_it_public(client, world):
    thesis = thesis_at(world, State.FINAL_SUBMITTED)
    document = thesis.documents.get()
    public_url = reverse("thesis_public:document", kwargs={"pk": document.pk})
    private_url = reverse(
        "thesis:document_file",
        kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk, "pk": document.pk},
    )
    assert client.get(public_url).status_code == 404
    assert client.get(private_url).status_code == 302  # to the login page
    client.force_login(world.other_fellow)
    assert client.get(private_url).status_code == 403
    client.force_login(world.fellow)
    response = client.get(private_url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == pdf_bytes()
    with pytest.raises(PermissionDenied):
        services.document_publish(document=document, public=True, by=world.coordinator)
    services.document_publish(document=document, public=True, by=world.director)
    client.logout()
    response = client.get(public_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    services.document_publish(document=document, public=False, by=world.director)
    assert client.get(public_url).status_code == 404


def test_a_draft_is_never_made_public(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    draft = upload(world, thesis, pdf_upload())
    with pytest.raises(ValidationError, match="Only the final thesis is made public"):
        services.document_publish(document=draft, public=True, by=world.director)
    draft.refresh_from_db()
    assert not draft.is_public


def test_only_the_latest_version_is_made_public(world):
    thesis = thesis_at(world, State.FINAL_SUBMITTED)
    older = thesis.documents.create(
        version=0, file="x.pdf", original_name="old.pdf", size=3, stage=State.IN_PROGRESS
    )
    with pytest.raises(ValidationError, match="latest"):
        services.document_publish(document=older, public=True, by=world.director)


# Committee meetings --------------------------------------------------------------------------


def meeting(thesis, **values):
    return CommitteeMeeting(
        thesis=thesis,
        date=values.get("date", timezone.localdate()),
        report=values.get("report", "Annotated 400 notes."),
        feedback="Keep going.",
        recommendation=CommitteeMeeting.Recommendation.ON_TRACK,
        next_target_date=values.get("next_target_date"),
    )


def test_a_meeting_is_recorded_with_attendees_and_the_next_target(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    today = timezone.localdate()
    m = services.meeting_save(
        meeting=meeting(thesis, next_target_date=today.replace(year=today.year + 1)),
        attendees=list(thesis.committee.all()),
        by=world.unrelated_faculty,
    )
    assert m.attendees.count() == 3 and m.recorded_by == world.unrelated_faculty


@pytest.mark.parametrize(
    ("values", "field", "said"),
    [
        ({"date": timezone.datetime(2027, 6, 1).date()}, "date", "once it has taken place"),
        (
            {"next_target_date": timezone.datetime(2026, 1, 1).date()},
            "next_target_date",
            "comes after",
        ),
        ({"report": ""}, "report", "Write the fellow's progress report or upload it"),
    ],
    ids=["future", "target-before", "no-report"],
)
def test_a_meeting_with_bad_input_is_refused(world, values, field, said):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match=said) as refused:
        services.meeting_save(
            meeting=meeting(thesis, **values),
            attendees=list(thesis.committee.all()),
            by=world.mentor,
        )
    assert field in refused.value.message_dict
    assert not CommitteeMeeting.objects.exists()


def test_a_meeting_report_must_be_a_document(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match="is not a report document"):
        services.meeting_save(
            meeting=meeting(thesis),
            attendees=list(thesis.committee.all()),
            report_upload=SimpleUploadedFile("report.pdf", b"plain text", "application/pdf"),
            by=world.mentor,
        )
    assert not CommitteeMeeting.objects.exists()


def test_attendees_come_from_the_committee(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(ValidationError, match="Tick the committee members"):
        services.meeting_save(meeting=meeting(thesis), attendees=[], by=world.mentor)


def test_the_fellow_does_not_record_meetings(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with pytest.raises(PermissionDenied):
        services.meeting_save(
            meeting=meeting(thesis), attendees=list(thesis.committee.all()), by=world.fellow
        )
