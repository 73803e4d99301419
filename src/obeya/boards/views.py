"""Views of obeya.boards."""
