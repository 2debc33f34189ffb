from django.urls import path

from reports import extract_views, logreview_views, views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/pdf/", views.download, name="download"),
    path("<uuid:pk>/tabeller/<slug:key>.csv", views.table_csv, name="table_csv"),
    path("perioder/<int:period_pk>/forhandsvisning/", views.preview, name="preview"),
    path("perioder/<int:period_pk>/ta-fram/", views.generate, name="generate"),
    path("tas-fram/<uuid:token>/", views.generating, name="generating"),
    path("registerutdrag/<uuid:pk>.pdf", extract_views.extract_pdf, name="extract_pdf"),
    path("registerutdrag/<uuid:pk>.json", extract_views.extract_json, name="extract_json"),
    path("logguppfoljning/", logreview_views.review_list, name="log_reviews"),
    path("logguppfoljning/<int:pk>/", logreview_views.review_detail, name="log_review"),
]
