from django.apps import AppConfig


class PublicationsConfig(AppConfig):
    name = "fellowship.publications"
    verbose_name = "Publications"
