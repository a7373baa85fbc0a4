from django.urls import path

from fellowship.core.throttle import secret_link

from . import views

app_name = "calendar_feed"

urlpatterns = [path("<str:token>.ics", secret_link("calendar_feed")(views.feed), name="feed")]
