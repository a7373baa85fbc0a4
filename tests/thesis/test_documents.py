"""The thesis PDF: checked by content and size, every version kept, private until the
director makes the final one public; committee meeting reports."""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from fellowship.news import services as news_services
from fellowship.news.models import PublicProfile
from fellowship.thesis import services
from fellowship.thesis.models import CommitteeMeeting, Thesis, ThesisDocument
from tests.commit import committed

from .helpers import pdf_bytes, pdf_upload, thesis_at, thesis_for, thesis_public_document

State = Thesis.State
DOCX_HEAD = b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 200


def upload(world, thesis, file):
    return services.document_upload(thesis=thesis, upload=file, by=world.fellow)


def test_a_pdf_is_kept_with_its_pages_and_versions(world):
    thesis = thesis_at(world, State.IN_PROGRESS)
    with committed():
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
    document = thesis.documents.order_by("-version").first()  # the final, after the draft
    public_url = reverse("thesis_public:document", kwargs={"public_id": document.public_id})
    PublicProfile.objects.create(fellow=world.fellow_record, show_profile=True)
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


def test_a_public_thesis_is_not_served_at_its_sequential_id(client, world):
    document = thesis_public_document(world, public=True)
    assert client.get(f"/defenses/theses/{document.pk}/").status_code == 404
    by_uuid = reverse("thesis_public:document", kwargs={"public_id": document.public_id})
    assert str(document.public_id) in by_uuid and client.get(by_uuid).status_code == 200


def test_a_public_thesis_leaves_the_site_when_its_author_withdraws_consent(client, world):
    document = thesis_public_document(world, public=True)
    url = reverse("thesis_public:document", kwargs={"public_id": document.public_id})
    assert client.get(url).status_code == 200
    news_services.public_profile_set(
        fellow=world.fellow_record, show_profile=False, by=world.coordinator
    )
    assert client.get(url).status_code == 404


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
            r"The next meeting's target date must come after this meeting's date "
            r"\(Nov 25, 2026\)\.",
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


def _meeting_form(client, world, **values):
    thesis = thesis_at(world, State.IN_PROGRESS)
    client.force_login(world.unrelated_faculty)
    target = reverse(
        "thesis:meeting_create",
        kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk},
    )
    data = {
        "date": "2026-03-03",
        "attendees": [m.pk for m in thesis.committee.all()],
        "report": "Annotated 400 notes.",
        "feedback": "Keep going.",
        "recommendation": CommitteeMeeting.Recommendation.ON_TRACK,
        "next_target_date": "2026-07-01",
        **values,
    }
    return client.post(target, data)


def test_the_meeting_form_says_the_rule_for_the_next_target_date(client, world):
    response = _meeting_form(client, world, next_target_date="2026-03-01")
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["next_target_date"] == [
        "The next meeting's target date must come after this meeting's date (Mar 3, 2026)."
    ]
    assert not CommitteeMeeting.objects.exists()


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("2026-02-30", "“2026-02-30” is not a date: February 2026 has no day 30 (it has 28 days)."),
        ("2028-02-30", "“2028-02-30” is not a date: February 2028 has no day 30 (it has 29 days)."),
        (
            "2026-13-01",
            "“2026-13-01” is not a date: there is no month 13 (months go from 1 to 12).",
        ),
        ("next week", "“next week” is not a date: write it as YYYY-MM-DD (e.g. 2026-03-03)."),
    ],
)
def test_an_impossible_date_is_named_and_kept_as_typed(client, world, typed, said):
    response = _meeting_form(client, world, date=typed)
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [said]
    page = response.content.decode()
    # Shown back in a text box (a date input would blank it), the other date still a picker.
    assert f'type="text" name="date" value="{typed}"' in page
    assert 'type="date" name="next_target_date" value="2026-07-01"' in page
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


def test_the_migration_gives_every_existing_document_its_own_public_id(world):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("fellowship.thesis.migrations.0003_document_public_id")
    thesis = thesis_at(world, State.FINAL_SUBMITTED)  # a draft and the final version
    before = set(thesis.documents.values_list("public_id", flat=True))
    migration.give_each_document_an_id(apps, None)
    after = list(thesis.documents.values_list("public_id", flat=True))
    assert len(after) == len(set(after)) == 2 and not before & set(after)
