from django.urls import path

from . import views

app_name = "calendar_feed"

urlpatterns = [path("<str:token>.ics", views.feed, name="feed")]
