from django.urls import path

from . import views

app_name = "thesis"

urlpatterns = [
    path("", views.ThesisTableView.as_view(), name="table"),
    path("committees/", views.CommitteesView.as_view(), name="committees"),
    path("<int:fellow>/", views.ThesisDetailView.as_view(), name="detail"),
    path("<int:fellow>/start/", views.ThesisStartView.as_view(), name="start"),
    path("<int:fellow>/edit/", views.ThesisEditView.as_view(), name="edit"),
    path("<int:fellow>/transition/", views.TransitionView.as_view(), name="transition"),
    path("<int:fellow>/committee/", views.CommitteeAddView.as_view(), name="committee_add"),
    path(
        "<int:fellow>/committee/<int:pk>/remove/",
        views.CommitteeRemoveView.as_view(),
        name="committee_remove",
    ),
    path("<int:fellow>/papers/", views.PaperAddView.as_view(), name="paper_add"),
    path(
        "<int:fellow>/papers/<int:pk>/remove/", views.PaperRemoveView.as_view(), name="paper_remove"
    ),
    path("<int:fellow>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path(
        "<int:fellow>/meetings/<int:pk>/report/",
        views.MeetingReportView.as_view(),
        name="meeting_report",
    ),
    path(
        "<int:fellow>/seats/<int:pk>/confirm/",
        views.SeatView.as_view(what="confirm"),
        name="seat_confirm",
    ),
    path(
        "<int:fellow>/seats/<int:pk>/sign-off/",
        views.SeatView.as_view(what="sign_off"),
        name="seat_sign_off",
    ),
    path(
        "<int:fellow>/defenses/<int:pk>/news/", views.DefenseNewsView.as_view(), name="defense_news"
    ),
    path("<int:fellow>/documents/", views.DocumentUploadView.as_view(), name="document_upload"),
    path(
        "<int:fellow>/documents/<int:pk>/", views.DocumentFileView.as_view(), name="document_file"
    ),
    path(
        "<int:fellow>/documents/<int:pk>/publish/",
        views.DocumentPublishView.as_view(),
        name="document_publish",
    ),
    path("<int:fellow>/calendar.ics", views.ThesisCalendarView.as_view(), name="calendar"),
]
