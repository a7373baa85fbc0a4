"""The alumni's outcomes survey: no login, the private link is the key."""

from django.urls import path

from fellowship.core.throttle import secret_link

from . import views

app_name = "survey"

urlpatterns = [
    path("<str:token>/", secret_link("survey")(views.SurveyView.as_view()), name="take"),
]
