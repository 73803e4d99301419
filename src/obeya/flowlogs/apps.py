from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowLogsConfig(AppConfig):
    name = "obeya.flowlogs"
    verbose_name = _("Event logs and flow analysis")

    def ready(self) -> None:
        from obeya.flowlogs import tasks  # noqa: F401  (registers the import job)
