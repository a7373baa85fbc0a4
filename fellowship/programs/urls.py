from django.urls import path

from . import import_views, invitation_views, views
from .models import FacultyMember, Fellow

app_name = "programs"

urlpatterns = [
    # "" is the dashboard: web.views.DashboardView, added in fellowship/urls.py
    path("settings/", views.ProgramFormView.as_view(), name="program_edit"),
    # Invitations to log in: accepted from the emailed link, confirmed by the director
    path(
        "invitation/<str:token>/",
        invitation_views.InvitationAcceptView.as_view(),
        name="invitation_accept",
    ),
    path(
        "invitations/<int:pk>/confirm/",
        invitation_views.InvitationConfirmView.as_view(),
        name="invitation_confirm",
    ),
    # Fellows and their degrees, mentorships, leaves and positions
    path("fellows/", views.FellowListView.as_view(), name="fellow_list"),
    path("fellows/new/", views.FellowFormView.as_view(), name="fellow_create"),
    path("fellows/<int:pk>/", views.FellowDetailView.as_view(), name="fellow_detail"),
    path("fellows/<int:pk>/edit/", views.FellowFormView.as_view(), name="fellow_edit"),
    path(
        "fellows/<int:pk>/invite/",
        invitation_views.InviteView.as_view(model=Fellow),
        name="fellow_invite",
    ),
    path(
        "fellows/<int:fellow>/<str:kind>/new/",
        views.FellowRecordView.as_view(),
        name="fellow_record_create",
    ),
    path(
        "fellows/<int:fellow>/<str:kind>/<int:pk>/edit/",
        views.FellowRecordView.as_view(),
        name="fellow_record_edit",
    ),
    path(
        "fellows/<int:fellow>/<str:kind>/<int:pk>/delete/",
        views.FellowRecordDeleteView.as_view(),
        name="fellow_record_delete",
    ),
    # Faculty
    path("faculty/", views.FacultyListView.as_view(), name="faculty_list"),
    path("faculty/new/", views.FacultyFormView.as_view(), name="faculty_create"),
    path("faculty/<int:pk>/", views.FacultyDetailView.as_view(), name="faculty_detail"),
    path("faculty/<int:pk>/edit/", views.FacultyFormView.as_view(), name="faculty_edit"),
    path(
        "faculty/<int:pk>/invite/",
        invitation_views.InviteView.as_view(model=FacultyMember),
        name="faculty_invite",
    ),
    # Laboratories
    path("labs/", views.LaboratoryListView.as_view(), name="lab_list"),
    path("labs/new/", views.LaboratoryFormView.as_view(), name="lab_create"),
    path("labs/<int:pk>/", views.LaboratoryDetailView.as_view(), name="lab_detail"),
    path("labs/<int:pk>/edit/", views.LaboratoryFormView.as_view(), name="lab_edit"),
    # Institutions
    path("institutions/", views.InstitutionListView.as_view(), name="institution_list"),
    path("institutions/new/", views.InstitutionFormView.as_view(), name="institution_create"),
    path(
        "institutions/<int:pk>/", views.InstitutionDetailView.as_view(), name="institution_detail"
    ),
    path(
        "institutions/<int:pk>/edit/", views.InstitutionFormView.as_view(), name="institution_edit"
    ),
    # Topics
    path("topics/", views.TopicListView.as_view(), name="topic_list"),
    path("topics/new/", views.TopicFormView.as_view(), name="topic_create"),
    path("topics/<int:pk>/edit/", views.TopicFormView.as_view(), name="topic_edit"),
    # CSV import
    path("import/", import_views.ImportView.as_view(), name="import"),
    path(
        "import/template/<str:kind>.csv",
        import_views.ImportTemplateView.as_view(),
        name="import_template",
    ),
]
