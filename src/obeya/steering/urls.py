from django.urls import path

from obeya.steering import views

app_name = "steering"
urlpatterns = [
    path("", views.report_page, name="index"),
    path("report.pdf", views.report_pdf_download, name="report_pdf"),
    path("report.xlsx", views.report_xlsx_download, name="report_xlsx"),
    path("reviews/", views.review_list, name="reviews"),
    path("reviews/new/", views.review_create, name="review_create"),
    path("reviews/<int:review_id>/", views.review_detail, name="review_detail"),
]
