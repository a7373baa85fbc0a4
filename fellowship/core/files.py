"""Private files kept in step with the rows that name them.

Every FileField save goes through `file_attach`, every removal through `file_release`:

- the row gets the file's name inside the service's transaction, and the bytes are written
  only once that transaction commits, so a save that fails writes nothing;
- the file a row stops naming (replaced or removed) is deleted once the change commits, and
  only when no other row still names it (a research plan's versions share their file);
- the stored name ends with the extension of the type the upload check found, never the one
  the file arrived with (a PDF uploaded as plan.html is stored as plan.pdf);
- a file already stored under the same name with the same bytes and no row naming it is
  taken over instead of copied (loading the demo again adds nothing to media/).

`media_check` lists what is out of step anyway (files no row names, rows whose file is
gone); the `media check` command prints it.
"""

import tempfile
from dataclasses import dataclass, field

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse, Http404

from .uploads import DOCUMENT_TYPES, checked_name, mime_of_name

KEPT_IN_MEMORY = 2_621_440  # larger uploads wait for their commit on disk, as Django's do


def file_attach(record, field_name: str, content, *, mime: str) -> str:
    """Give `record.<field_name>` the checked `content` (an upload or a ContentFile): call it
    inside the transaction, before `record.save()`. The bytes are written when the
    transaction commits; the file the field named before is released. Returns the name to
    show for the file (its own name with the checked type's extension)."""
    _in_transaction()
    fieldfile = getattr(record, field_name)
    storage, max_length = fieldfile.storage, fieldfile.field.max_length
    shown = checked_name(content.name, mime)
    name = fieldfile.field.generate_filename(record, shown)
    if storage.exists(name) and not _can_take_over(storage, name, content):
        name = storage.get_available_name(name, max_length=max_length)
    file_release(record, field_name)
    setattr(record, field_name, name)
    model = type(record)
    content = _kept(content)

    def write():
        saved = (
            name if _holds(storage, name, content) else _save(storage, name, content, max_length)
        )
        if saved != name:  # another upload took the name since: the row follows the file
            model.objects.filter(pk=record.pk, **{field_name: name}).update(**{field_name: saved})
            setattr(record, field_name, saved)

    transaction.on_commit(write)
    return shown


def file_release(record, field_name: str) -> None:
    """Empty `record.<field_name>`; its file is deleted once the change commits, if no row
    names it then. Call it before `record.save()`."""
    _in_transaction()
    name = getattr(record, field_name).name
    setattr(record, field_name, "")
    if name:
        files_delete_unnamed([name])


def files_delete_unnamed(names) -> None:
    """Once the transaction commits, delete each of `names` that no row names (after rows
    that named them were deleted, as the demo does before loading again)."""
    names = [name for name in names if name]
    transaction.on_commit(lambda: unnamed_files_delete(names))


def file_download(fieldfile, *, filename: str, mime: str = "") -> FileResponse:
    """A private file as a download (never shown inline), named and typed by its checked type
    (`mime`, or what the stored name's extension says); 404 when the file is gone."""
    if mime not in DOCUMENT_TYPES:  # a row from before the check named its type
        mime = mime_of_name(fieldfile.name)
    try:
        handle = fieldfile.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=checked_name(filename, mime) if mime else filename,
        content_type=mime or "application/octet-stream",
    )


# Which rows name which files ----------------------------------------------------------------


def file_fields() -> list[tuple[type[models.Model], str]]:
    """Every (model, field name) whose field holds a stored file."""
    return [
        (model, f.name)
        for model in apps.get_models()
        for f in model._meta.get_fields()
        if isinstance(f, models.FileField)
    ]


def is_named(name: str) -> bool:
    """Does any row name the stored file `name`?"""
    return any(model._base_manager.filter(**{f: name}).exists() for model, f in file_fields())


@dataclass
class MediaReport:
    orphans: list[str] = field(default_factory=list)  # stored files no row names
    missing: list[str] = field(
        default_factory=list
    )  # "app.Model #pk field: name" whose file is gone

    @property
    def clean(self) -> bool:
        return not (self.orphans or self.missing)


def media_check() -> MediaReport:
    """What is out of step between the stored files and the rows that name them."""
    storage = _storage()
    named = set()
    report = MediaReport()
    for model, f in file_fields():
        rows = model._base_manager.exclude(**{f: ""}).values_list("pk", f)
        for pk, name in rows.order_by("pk").iterator():
            named.add(name)
            if not storage.exists(name):
                report.missing.append(f"{model._meta.label} #{pk} {f}: {name}")
    report.orphans = [name for name in _stored(storage) if name not in named]
    return report


def unnamed_files_delete(names) -> int:
    """Delete each stored file of `names` that no row names now (asked again for each: one
    may have been attached since it was listed); how many were deleted."""
    storage = _storage()
    deleted = 0
    for name in names:
        if storage.exists(name) and not is_named(name):
            storage.delete(name)
            deleted += 1
    return deleted


def _stored(storage, folder: str = "") -> list[str]:
    """Every file in `storage` under `folder`, sorted."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # nothing was ever stored
        return []
    found = [f"{folder}{name}" for name in files]
    for sub in folders:
        found += _stored(storage, f"{folder}{sub}/")
    return sorted(found)


def _in_transaction() -> None:
    # Outside a transaction on_commit runs at once: the bytes would be written before the row.
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Attach or release a file inside the transaction that saves its row.")


def _storage():
    """Where every FileField of the project stores its files."""
    return default_storage


def _save(storage, name, content, max_length) -> str:
    content.seek(0)
    return storage.save(name, content, max_length=max_length)


def _can_take_over(storage, name: str, content) -> bool:
    return _holds(storage, name, content) and not is_named(name)


def _kept(content) -> File:
    """A copy of `content` that outlives the request: Django closes (and deletes) an upload
    when the response is sent, and the commit that writes it may come after."""
    copy = tempfile.SpooledTemporaryFile(max_size=KEPT_IN_MEMORY)  # noqa: SIM115 (outlives us)
    content.seek(0)
    for chunk in content.chunks():
        copy.write(chunk)
    copy.seek(0)
    return File(copy, name=content.name)


def _holds(storage, name: str, content) -> bool:
    """Is `name` stored with exactly the bytes of `content`?"""
    if not storage.exists(name) or storage.size(name) != content.size:
        return False
    content.seek(0)
    with storage.open(name, "rb") as stored:
        same = all(stored.read(len(chunk)) == chunk for chunk in content.chunks())
    content.seek(0)
    return same
