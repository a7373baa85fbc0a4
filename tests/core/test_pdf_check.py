"""The one PDF check refuses hostile PDFs with a reason, and the upload page shows it (no
500): a page tree nested 2,000 deep, an encryption pypdf does not implement."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fellowship.core.uploads import check_pdf
from fellowship.thesis.models import Thesis, ThesisDocument
from tests.thesis.helpers import pdf_bytes, thesis_at

from .hostile_pdfs import deep_page_tree, encrypted

LIMIT = 10 * 1024 * 1024


def refusal(content: bytes, name="thesis.pdf") -> str:
    with pytest.raises(ValidationError) as refused:
        check_pdf(SimpleUploadedFile(name, content, "application/pdf"), limit=LIMIT)
    return refused.value.message_dict["file"][0]


def test_a_readable_pdf_built_the_same_way_passes():
    assert check_pdf(SimpleUploadedFile("ok.pdf", deep_page_tree(3)), limit=LIMIT) == 1


def test_a_page_tree_2000_levels_deep_is_refused_by_name():
    said = refusal(deep_page_tree(2000))
    assert said.startswith("“thesis.pdf” is built in a way that goes past what we read safely")
    assert "page tree depth" in said


def test_an_encryption_pypdf_does_not_implement_is_refused_by_name():
    said = refusal(encrypted(99))
    assert said == (
        "“thesis.pdf” is encrypted with a method we cannot read; "
        "save it again without encryption or a password."
    )


def test_too_many_pages_are_refused(monkeypatch):
    monkeypatch.setattr("fellowship.core.uploads.MAX_PDF_PAGES", 2)
    assert refusal(pdf_bytes(3)) == "“thesis.pdf” has 3 pages; the limit is 2."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "said"),
    [
        (deep_page_tree(2000), "goes past what we read safely"),
        (encrypted(99), "is encrypted with a method we cannot read"),
    ],
    ids=["deep-page-tree", "encryption-v99"],
)
def test_the_upload_page_names_the_problem_instead_of_failing(client, world, content, said):
    thesis_at(world, Thesis.State.IN_PROGRESS)
    client.force_login(world.fellow)
    target = reverse(
        "thesis:document_upload",
        kwargs={"program": world.program.slug, "fellow": world.fellow_record.pk},
    )
    upload = SimpleUploadedFile("thesis.pdf", content, "application/pdf")
    response = client.post(target, {"file": upload}, follow=True)
    assert response.status_code == 200
    shown = " ".join(str(m) for m in response.context["messages"])
    assert "“thesis.pdf”" in shown and said in shown
    assert not ThesisDocument.objects.exists()


def test_a_pdf_that_takes_too_long_to_read_is_refused(monkeypatch):
    class SlowReader:  # stands for a file pypdf would read for minutes
        def __init__(self, stream):
            time.sleep(2)

    monkeypatch.setattr("fellowship.core.uploads.PdfReader", SlowReader)
    monkeypatch.setattr("fellowship.core.uploads.PDF_SECONDS", 0.2)
    started = time.monotonic()
    said = refusal(pdf_bytes(1))
    assert time.monotonic() - started < 1.5
    assert said == (
        "“thesis.pdf” took longer than 0.2 seconds to read; save it again as a standard PDF."
    )
