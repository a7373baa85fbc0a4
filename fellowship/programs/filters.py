"""Search and filters for the list pages."""

import django_filters
from django.db.models import Q

from .models import FacultyMember, Fellow, Institution, Laboratory, Topic


def _search(fields):
    def method(queryset, name, value):
        query = Q()
        for word in value.split():
            part = Q()
            for field in fields:
                part |= Q(**{f"{field}__icontains": word})
            query &= part
        return queryset.filter(query)

    return method


class ProgramFilterSet(django_filters.FilterSet):
    """Filter choices limited to one program."""

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.program = program
        for f in self.filters.values():
            model = getattr(f, "queryset", None)
            model = getattr(model, "model", None)
            if model in (Topic, Institution):
                f.queryset = model.objects.filter(program=program)
            elif model is Laboratory:
                f.queryset = Laboratory.objects.filter(institution__program=program)


class FellowFilter(ProgramFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=lambda qs, n, v: _search(["first_name", "last_name", "email"])(qs, n, v),
    )
    cohort_year = django_filters.ChoiceFilter(label="Cohort", choices=[], empty_label="Any")
    status = django_filters.ChoiceFilter(choices=Fellow.Status.choices, empty_label="Any")
    laboratory = django_filters.ModelChoiceFilter(
        label="Laboratory", queryset=Laboratory.objects.none(), empty_label="Any"
    )
    institution = django_filters.ModelChoiceFilter(
        label="Institution",
        field_name="laboratory__institution",
        queryset=Institution.objects.none(),
        empty_label="Any",
    )

    class Meta:
        model = Fellow
        fields = ["q", "cohort_year", "status", "laboratory", "institution"]

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, program=program, **kwargs)
        years = (
            Fellow.objects.filter(program=program)
            .order_by("-cohort_year")
            .values_list("cohort_year", flat=True)
            .distinct()
        )
        self.filters["cohort_year"].extra["choices"] = [(y, y) for y in years]


class LaboratoryFilter(ProgramFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=lambda qs, n, v: _search(["name", "description", "head__last_name"])(qs, n, v),
    )
    institution = django_filters.ModelChoiceFilter(
        queryset=Institution.objects.none(), empty_label="Any"
    )
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.none(), distinct=True, empty_label="Any"
    )

    class Meta:
        model = Laboratory
        fields = ["q", "institution", "topic"]


class FacultyFilter(ProgramFilterSet):
    q = django_filters.CharFilter(
        label="Search",
        method=lambda qs, n, v: _search(["first_name", "last_name", "title", "email"])(qs, n, v),
    )
    institution = django_filters.ModelChoiceFilter(queryset=Institution.objects.none())
    rank = django_filters.ChoiceFilter(choices=FacultyMember.Rank.choices, empty_label="Any")
    topic = django_filters.ModelChoiceFilter(
        field_name="topics", queryset=Topic.objects.none(), distinct=True
    )

    class Meta:
        model = FacultyMember
        fields = ["q", "institution", "rank", "topic"]
