"""Views of obeya.problems."""
