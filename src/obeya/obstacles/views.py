"""Views of obeya.obstacles."""
