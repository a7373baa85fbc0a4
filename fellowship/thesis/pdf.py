"""Is an upload really a PDF? By its content (not its name), its size, and whether pypdf
can read its pages: a renamed Word file or a truncated download is refused with a reason."""

import logging

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import PdfReadError

# pypdf reports recoverable damage through logging; the check below decides.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def check_pdf(upload, *, limit: int, field: str = "file") -> int:
    """The number of pages, or a ValidationError naming what is wrong with the file."""
    name = getattr(upload, "name", "the file")
    if upload.size == 0:
        raise ValidationError({field: f"“{name}” is empty."})
    if upload.size > limit:
        raise ValidationError(
            {
                field: f"“{name}” is {filesizeformat(upload.size)}; "
                f"the limit is {filesizeformat(limit)}."
            }
        )
    upload.seek(0)
    kind = filetype.guess(upload.read(8192))
    upload.seek(0)
    if kind is None or kind.mime != "application/pdf":
        found = f"its content is {kind.mime}" if kind else "its content is not a known file type"
        raise ValidationError(
            {field: f"“{name}” is not a PDF ({found}). Export the thesis as PDF."}
        )
    try:
        reader = PdfReader(upload)
        if reader.is_encrypted:
            raise ValidationError(
                {field: f"“{name}” is password-protected; upload it without a password."}
            )
        pages = len(reader.pages)
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(
            {field: f"“{name}” is a damaged PDF that cannot be read ({error})."}
        ) from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError({field: f"“{name}” has no pages."})
    return pages
