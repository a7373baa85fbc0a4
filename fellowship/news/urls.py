from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path("new/", views.PostFormView.as_view(), name="create"),
    path(
        "suggest-graduations/", views.SuggestGraduationsView.as_view(), name="suggest_graduations"
    ),
    path("consent/", views.ConsentView.as_view(), name="consent"),
    path("<int:pk>/", views.PostFormView.as_view(), name="edit"),
    path("<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
]
