"""Under /rapporter/iakttagelser/, in the reports namespace."""

from django.urls import path

from reports.insights import views

urlpatterns = [
    path("", views.analysis, name="insights"),
    path("<uuid:pk>/citat/<slug:kind>/", views.quote_edit, name="quote"),
    path("<uuid:pk>/citat/<slug:kind>/ta-bort/", views.quote_remove, name="quote_remove"),
    path("perioder/<int:period_pk>/<slug:area>/sammanfattning/", views.summary_edit, name="area_summary"),
]
