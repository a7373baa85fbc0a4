"""Is an upload what it says it is? Checked by its content (not its name or the browser's
content type) against one table of the document types the program accepts, and by its size;
a PDF also by whether pypdf can read its pages. A renamed Word file, an image or a truncated
download is refused with a reason that names the file."""

import logging
import signal
import threading
from contextlib import contextmanager
from pathlib import PurePosixPath, PureWindowsPath

import filetype
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError, PyPdfError

# pypdf reports recoverable damage through logging; the check below decides.
logging.getLogger("pypdf").setLevel(logging.ERROR)

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOC = "application/msword"
ODT = "application/vnd.oasis.opendocument.text"
RTF = "application/rtf"

# The one MIME table: every type an upload may have, the name a person knows it by, and the
# extension a file of that type is stored and downloaded with.
DOCUMENT_TYPES = {
    PDF: ("PDF", "pdf"),
    DOCX: ("Word (DOCX)", "docx"),
    DOC: ("Word (DOC)", "doc"),
    ODT: ("OpenDocument text", "odt"),
    RTF: ("RTF", "rtf"),
}
HEAD_BYTES = 65536  # what filetype reads; enough for the container formats


def _name(upload) -> str:
    return getattr(upload, "name", "the file")


def _labels(types) -> str:
    labels = [DOCUMENT_TYPES[mime][0] for mime in types]
    return labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} or {labels[-1]}"


def checked_name(name: str, mime: str) -> str:
    """`name` with the extension of the checked type `mime`: a PDF that arrived as
    "plan.html" is "plan.pdf" (a file is never stored or served under the type it claims)."""
    stem = PurePosixPath(PureWindowsPath(name or "").name).stem
    # No control characters: the name goes into a Content-Disposition header.
    stem = "".join(ch for ch in stem if ch.isprintable()).strip()[:150] or "file"
    return f"{stem}.{DOCUMENT_TYPES[mime][1]}"


def mime_of_name(name: str) -> str:
    """The checked type a stored name's extension stands for ("" when none does)."""
    extension = PurePosixPath(name or "").suffix.lower().lstrip(".")
    return next((mime for mime, (_, ext) in DOCUMENT_TYPES.items() if ext == extension), "")


def content_type(upload) -> str:
    """The MIME type the upload's first bytes show ("" when none is known); reads from the
    start and leaves the file at the start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head) if head else None
    return kind.mime if kind else ""


def check_upload(
    upload,
    *,
    field: str,
    limit: int,
    types=tuple(DOCUMENT_TYPES),
    what: str = "a document",
    unknown: str = "not a known document",
) -> str:
    """The upload's MIME type, or a ValidationError on `field` naming what is wrong with it:
    empty, larger than `limit` bytes, or content that is not one of `types` (`what` and
    `unknown` word the refusal: "not a PDF (its content is not a known file type)")."""
    name = _name(upload)
    if upload.size == 0:
        raise ValidationError({field: f"“{name}” is empty."})
    if upload.size > limit:
        raise ValidationError(
            {
                field: f"“{name}” is {filesizeformat(upload.size)}; "
                f"the limit is {filesizeformat(limit)}."
            }
        )
    mime = content_type(upload)
    if mime not in types:
        found = f"its content is {mime}" if mime else f"its content is {unknown}"
        raise ValidationError(
            {field: f"“{name}” is not {what} ({found}). Upload a {_labels(types)} file."}
        )
    return mime


def check_pdf(upload, *, limit: int, field: str = "file") -> int:
    """The number of pages of a PDF, or a ValidationError naming what is wrong with the file.
    Whatever pypdf makes of a hostile file (a limit it reaches, an encryption it cannot
    read, damage) becomes a refusal, never a crash."""
    name = _name(upload)
    check_upload(
        upload,
        field=field,
        limit=limit,
        types=(PDF,),
        what="a PDF",
        unknown="not a known file type",
    )
    try:
        pages = _pdf_pages(upload)
    except ValidationError as error:
        raise ValidationError({field: f"“{name}” {error.message}"}) from None
    finally:
        upload.seek(0)
    if pages == 0:
        raise ValidationError({field: f"“{name}” has no pages."})
    if pages > MAX_PDF_PAGES:
        raise ValidationError(
            {field: f"“{name}” has {pages:,} pages; the limit is {MAX_PDF_PAGES:,}."}
        )
    return pages


# pypdf's own limits (page-tree depth, stream sizes, recursion) and the upload's size limit
# bound the work on a hostile file; a deadline bounds its time. What each failure says,
# first match wins.
MAX_PDF_PAGES = 5000
PDF_SECONDS = 10


class _TooSlow(Exception):
    pass


@contextmanager
def _deadline(seconds: float):
    """Interrupt the block after `seconds` (with SIGALRM: only in the main thread, where
    gunicorn's sync workers serve requests; elsewhere the block runs unbounded)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum, frame):
        raise _TooSlow

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_ENCRYPTED = (
    "is encrypted with a method we cannot read; save it again without encryption or a password."
)
_BROKEN_BUILT_INS = (
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    OSError,
    AssertionError,
    ZeroDivisionError,
)


def _pdf_pages(upload) -> int:
    """The pages pypdf reads in the upload, or a ValidationError whose message finishes the
    sentence "“name” ..."."""
    try:
        with _deadline(PDF_SECONDS):
            reader = PdfReader(upload)
            if reader.is_encrypted:
                raise ValidationError("is password-protected; upload it without a password.")
            return len(reader.pages)
    except _TooSlow:
        raise ValidationError(
            f"took longer than {PDF_SECONDS} seconds to read; save it again as a standard PDF."
        ) from None
    except (NotImplementedError, DependencyError, FileNotDecryptedError):
        # An encryption method (or version) pypdf does not implement, or needs a password.
        raise ValidationError(_ENCRYPTED) from None
    except LimitReachedError as error:
        raise ValidationError(
            f"is built in a way that goes past what we read safely ({error}); "
            "save it again as a standard PDF."
        ) from None
    except RecursionError:
        raise ValidationError(
            "nests its contents too deeply to read safely; save it again as a standard PDF."
        ) from None
    except (PyPdfError, *_BROKEN_BUILT_INS) as error:
        raise ValidationError(f"is a damaged PDF that cannot be read ({error}).") from None
