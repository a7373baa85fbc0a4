from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "fellowship.progress"
    verbose_name = "Progress"

    def ready(self):
        from . import events  # milestones follow leave, dates, theses and grant applications

        events.subscribe()
