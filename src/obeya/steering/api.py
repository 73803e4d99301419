"""JSON API of obeya.steering (mounted under /api/projects)."""

from ninja import Router

router = Router()
