from django.urls import path

from obeya.levers import views

app_name = "levers"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/new/", views.lever_create, name="lever_create"),
    path("catalogue/<int:lever_id>/", views.lever_detail, name="lever_detail"),
    path("catalogue/<int:lever_id>/edit/", views.lever_edit, name="lever_edit"),
    path("new/", views.candidate_create, name="candidate_create"),
    path("<int:candidate_id>/", views.candidate_detail, name="detail"),
    path("<int:candidate_id>/edit/", views.candidate_edit, name="candidate_edit"),
    path("<int:candidate_id>/delete/", views.candidate_delete, name="candidate_delete"),
    path("<int:candidate_id>/submit/", views.candidate_submit, name="candidate_submit"),
    path("<int:candidate_id>/withdraw/", views.candidate_withdraw, name="candidate_withdraw"),
    path("<int:candidate_id>/decide/", views.candidate_decide, name="candidate_decide"),
    path(
        "<int:candidate_id>/future-gains/",
        views.candidate_future_gains,
        name="candidate_future_gains",
    ),
]
