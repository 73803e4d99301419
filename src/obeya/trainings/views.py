"""Views of obeya.trainings."""
