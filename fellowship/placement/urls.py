from django.urls import path

from . import views

app_name = "placement"

urlpatterns = [
    path("", views.RoundListView.as_view(), name="round_list"),
    path("new/", views.RoundCreateView.as_view(), name="round_create"),
    path("<int:pk>/", views.RoundDetailView.as_view(), name="round_detail"),
    path("<int:pk>/places/", views.RoundPlacesView.as_view(), name="round_places"),
    path("<int:pk>/transition/", views.RoundTransitionView.as_view(), name="round_transition"),
    path("<int:pk>/rank-by-fit/", views.RoundRankByFitView.as_view(), name="round_rank_by_fit"),
    path("<int:pk>/conflicts/new/", views.ConflictCreateView.as_view(), name="conflict_create"),
    path("<int:pk>/result/", views.RoundResultView.as_view(), name="round_result"),
    path(
        "<int:pk>/fellows/<int:fellow>/",
        views.FellowChoicesView.as_view(),
        name="choices",
    ),
    path("<int:pk>/labs/<int:lab>/", views.LabApplicantsView.as_view(), name="applicants"),
]
