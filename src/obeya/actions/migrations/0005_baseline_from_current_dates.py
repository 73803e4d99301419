"""Actions planned before baselines existed take their current dates as baseline, so the
slippage of every later move shows (docs/actions.md)."""

from django.db import migrations
from django.db.models import F


def baseline_from_current_dates(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Action.objects.filter(planned_start__isnull=True, start_date__isnull=False).update(
        planned_start=F("start_date")
    )
    Action.objects.filter(planned_due__isnull=True, due_date__isnull=False).update(
        planned_due=F("due_date")
    )


class Migration(migrations.Migration):
    dependencies = [("actions", "0004_action_team")]

    operations = [migrations.RunPython(baseline_from_current_dates, migrations.RunPython.noop)]
