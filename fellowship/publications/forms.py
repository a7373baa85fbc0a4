from django import forms

from .formats import FORMATS
from .models import Publication

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class PublicationFileForm(forms.Form):
    format = forms.ChoiceField(
        label="Format",
        choices=[("", "Recognise it from the file"), *FORMATS.items()],
        required=False,
    )
    file = forms.FileField(
        label="File",
        help_text="PubMed XML, MEDLINE (.nbib, .txt), RIS (.ris) or BibTeX (.bib), at most 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xml,.nbib,.txt,.ris,.bib"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                f"“{upload.name}” is {upload.size / 1024 / 1024:.1f} MB; the largest file "
                "you can import is 5 MB."
            )
        return upload


class PmidForm(forms.Form):
    pmids = forms.CharField(
        label="PMIDs",
        help_text="One or more PubMed IDs, separated by spaces or commas.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Publication.Status.choices)
