"""The alumni's outcomes survey: no login, the private link is the key."""

from django.urls import path

from . import views

app_name = "survey"

urlpatterns = [
    path("<str:token>/", views.SurveyView.as_view(), name="take"),
]
