"""JSON API of obeya.obstacles (mounted under /api/projects)."""

from ninja import Router

router = Router()
