"""Demo dependencies and slippage of the demo project's plan (wired by obeya.demo.loader).

The demo plan follows the roadmap: each action waits for the action of the nearest earlier stage
that finishes last before it starts (the diagnosis before the priorities, the priorities before the
pilot...), so the Gantt chart shows a critical path through the stages; one open action slips
by a week against its baseline (a supplier late), as real plans do. Idempotent: a plan that
already has dependencies is left as the user changed it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from obeya.actions.models import Action
from obeya.actions.services import action_reschedule, action_set_dependencies
from obeya.projects.models import STAGE_CHOICES, Project

SLIPPAGE_DAYS = 7


def load_demo_gantt(*, project: Project, user: Any, today: dt.date) -> None:
    if Action.depends_on.through.objects.filter(from_action__project=project).exists():
        return
    stage_rank = {value: rank for rank, (value, _label) in enumerate(STAGE_CHOICES)}
    actions = list(
        Action.objects.filter(project=project, start_date__isnull=False, due_date__isnull=False)
        .exclude(status=Action.Status.CANCELLED)
        .order_by("start_date", "due_date", "pk")
    )
    for action in actions:
        rank = stage_rank.get(action.stage)
        if rank is None:
            continue
        earlier = [
            other
            for other in actions
            if stage_rank.get(other.stage, rank) < rank and other.due_date < action.start_date
        ]
        if earlier:
            previous = max(stage_rank[other.stage] for other in earlier)
            latest = max(
                (other for other in earlier if stage_rank[other.stage] == previous),
                key=lambda other: (other.due_date, other.pk),
            )
            action_set_dependencies(action=action, predecessors=[latest], user=user)
    still_open = [a for a in actions if a.is_open and a.due_date >= today]
    if still_open and still_open[0].slippage_days == 0:
        action_reschedule(action=still_open[0], user=user, days=SLIPPAGE_DAYS)
