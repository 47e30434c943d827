from django.apps import AppConfig


class StackConfig(AppConfig):
    name = "portal.stack"
    label = "stack"
    verbose_name = "Local process stack (demo and tests)"
