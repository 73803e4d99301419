from django.urls import path

from obeya.valuestreams import views

app_name = "valuestreams"
urlpatterns = [
    path("", views.value_stream_index, name="index"),
    path("new/", views.value_stream_create, name="create"),
    path("import/", views.value_stream_import, name="import"),
    path("preview/", views.value_stream_preview, name="preview"),
    path("<int:pk>/", views.value_stream_detail, name="detail"),
    path("<int:pk>/edit/", views.value_stream_edit, name="edit"),
    path("<int:pk>/delete/", views.value_stream_delete, name="delete"),
    path("<int:pk>/copy-to-future/", views.value_stream_copy_to_future, name="copy_to_future"),
    path("<int:pk>/compare/", views.value_stream_compare, name="compare"),
    path("<int:pk>/compare/simulate/", views.value_stream_simulate, name="simulate"),
    path("<int:pk>/map.yaml", views.value_stream_export, {"fmt": "yaml"}, name="export_yaml"),
    path("<int:pk>/map.svg", views.value_stream_export, {"fmt": "svg"}, name="export_svg"),
    path("<int:pk>/map.png", views.value_stream_export, {"fmt": "png"}, name="export_png"),
    path("<int:pk>/map.pdf", views.value_stream_export, {"fmt": "pdf"}, name="export_pdf"),
]
