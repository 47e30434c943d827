from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "portal.supervision"
    label = "supervision"
    verbose_name = "Call center supervision"
