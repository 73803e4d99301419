"""JSON API of obeya.trainings (mounted under /api/projects)."""

from ninja import Router

router = Router()
