"""The coordinator's import page and the template CSV of each kind of record.

The checking and writing is in `importers.py`; the page only takes the file, shows every
problem with its line number when there is one, and documents the columns from the same
column lists the importer checks against.
"""

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.views import View
from django.views.generic import FormView

from fellowship.core.views import ProgramViewMixin

from .importers import import_csv, importer_for, importer_kinds

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # .xlsx/.ods (zip), old .xls


class ImportForm(forms.Form):
    kind = forms.ChoiceField(label="The file holds", choices=())
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8 CSV with a header row, at most 5 MB. From Excel: File › Save a copy "
        "› CSV UTF-8.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, importer_for(kind).label) for kind in importer_kinds()
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is {upload.size / 1024 / 1024:.1f} MB; the largest file "
                "you can import is 5 MB. Split it into several files."
            )
        start = upload.read(8)
        upload.seek(0)
        if start.startswith(WORKBOOK_SIGNATURES):
            raise forms.ValidationError(
                f"“{upload.name}” is a spreadsheet workbook, not a CSV file. Save the sheet "
                "as “CSV UTF-8 (.csv)” and choose that file."
            )
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise forms.ValidationError(
                f"“{upload.name}” is not a CSV file: choose a file whose name ends in .csv."
            )
        return upload


class ImportView(ProgramViewMixin, FormView):
    """Check a CSV file and import all its rows, or show every problem and import none."""

    permission_required = "programs.manage_records"
    template_name = "programs/import.html"
    form_class = ImportForm

    def get_initial(self):
        kind = self.request.GET.get("kind")
        return {"kind": kind} if kind in importer_kinds() else {}

    def form_valid(self, form):
        kind = form.cleaned_data["kind"]
        upload = form.cleaned_data["file"]
        result = import_csv(
            kind=kind,
            program=self.program,
            file_text=upload.read(),
            by=self.request.user,
            source=upload.name,
        )
        if not result.ok:
            return self.render_to_response(
                self.get_context_data(form=form, result=result, file_name=upload.name)
            )
        messages.success(self.request, result.summary(self.program))
        return redirect(self.list_url(kind))

    def list_url(self, kind: str) -> str:
        """The list of the records imported; this page for kinds that have no list."""
        name = importer_for(kind).list_url_name
        if name:
            try:
                return reverse(name, kwargs={"program": self.program.slug})
            except NoReverseMatch:
                pass
        return reverse("programs:import", kwargs={"program": self.program.slug}) + f"?kind={kind}"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kinds"] = [
            {
                "kind": kind,
                "importer": importer_for(kind),
                "template_url": reverse(
                    "programs:import_template", kwargs={"program": self.program.slug, "kind": kind}
                ),
            }
            for kind in importer_kinds()
        ]
        return context


class ImportTemplateView(ProgramViewMixin, View):
    """The header row and an example row of one kind, as a CSV file to fill in."""

    permission_required = "programs.manage_records"

    def get(self, request, program, kind):
        if kind not in importer_kinds():
            raise Http404(f"There is no import of “{kind}”.")
        response = HttpResponse(
            importer_for(kind).template_csv(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
        return response
