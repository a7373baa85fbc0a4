from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "fellowship.reports"
    verbose_name = "Reports"
