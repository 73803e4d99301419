"""Views of obeya.steering."""
