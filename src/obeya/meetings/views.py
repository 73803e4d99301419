"""Views of obeya.meetings."""
