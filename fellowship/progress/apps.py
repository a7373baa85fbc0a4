from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "fellowship.progress"
    verbose_name = "Progress"

    def ready(self):
        from . import receivers  # noqa: F401  (recompute due dates when leave or dates change)
