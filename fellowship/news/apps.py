from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "fellowship.news"
    verbose_name = "News and the public website"

    def ready(self):
        from . import events  # a completed fellow joins the graduation draft

        events.subscribe()
