from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fellowship.demo"
    verbose_name = "Demo"
