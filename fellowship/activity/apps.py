from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "fellowship.activity"
    verbose_name = "Activity log"

    def ready(self):
        # The edit forms (core) name who changed a record since they were opened.
        from fellowship.core.concurrency import register_change_finder

        from .changes import last_change

        register_change_finder(last_change)
