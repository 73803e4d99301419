from django.urls import path

from obeya.problems import views

app_name = "problems"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.create, name="create"),
    path("<int:problem_id>/", views.detail, name="detail"),
    path("<int:problem_id>/edit/", views.edit, name="edit"),
    path("<int:problem_id>/delete/", views.delete, name="delete"),
    path("<int:problem_id>/status/", views.move, name="move"),
    path("<int:problem_id>/ishikawa.svg", views.ishikawa, name="ishikawa"),
    path("<int:problem_id>/whys/", views.why_add, name="why_add"),
    path("<int:problem_id>/whys/<int:why_id>/", views.why_edit, name="why_edit"),
    path("<int:problem_id>/whys/<int:why_id>/delete/", views.why_delete, name="why_delete"),
    path("<int:problem_id>/causes/", views.cause_add, name="cause_add"),
    path("<int:problem_id>/causes/<int:cause_id>/", views.cause_edit, name="cause_edit"),
    path("<int:problem_id>/causes/<int:cause_id>/delete/", views.cause_delete, name="cause_delete"),
    path("<int:problem_id>/corrective/", views.corrective_add, name="corrective_add"),
    path("<int:problem_id>/check/", views.check, name="check"),
    path("<int:problem_id>/close/", views.close, name="close"),
    path("<int:problem_id>/reopen/", views.reopen, name="reopen"),
]
