"""JSON API of obeya.problems (mounted under /api/projects)."""

from ninja import Router

router = Router()
