from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "obeya.jobs"
    verbose_name = _("Background tasks")

    def ready(self) -> None:
        from obeya.jobs import tasks  # noqa: F401  (registers the job bodies)
