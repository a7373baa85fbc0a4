from django import forms

from fellowship.core.ids import ModelIdsField
from fellowship.core.ranges import DatesInRange
from fellowship.programs.models import FacultyMember, Fellow

from .models import NewsPost, PublicProfile


class NewsPostForm(DatesInRange, forms.ModelForm):
    class Meta:
        model = NewsPost
        fields = ["title", "kind", "date", "summary", "body", "fellows", "faculty"]
        field_classes = {"fellows": ModelIdsField, "faculty": ModelIdsField}
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "body": forms.Textarea(attrs={"rows": 12}),
            "fellows": forms.CheckboxSelectMultiple,
            "faculty": forms.CheckboxSelectMultiple,
        }
        labels = {"fellows": "Fellows in this news", "faculty": "Faculty in this news"}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        self.fields["fellows"].queryset = Fellow.objects.filter(program=program)
        self.fields["faculty"].queryset = FacultyMember.objects.filter(program=program)


class PublicProfileForm(forms.ModelForm):
    class Meta:
        model = PublicProfile
        fields = ["show_profile", "show_publications", "show_outcome"]
