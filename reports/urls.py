from django.urls import include, path

from reports import extract_views, logreview_views, views
from reports.steering import views as steering

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
    path("styrgrupp/", steering.meeting_list, name="steering_meetings"),
    path("styrgrupp/nytt/", steering.meeting_create, name="steering_meeting_create"),
    path("styrgrupp/<uuid:pk>/", steering.meeting_detail, name="steering_meeting"),
    path("styrgrupp/<uuid:pk>/andra/", steering.meeting_edit, name="steering_meeting_edit"),
    path("styrgrupp/<uuid:pk>/ta-bort-punkt/", steering.point_remove, name="steering_point_remove"),
    path("styrgrupp/<uuid:pk>/dagordning/", steering.agenda_edit, name="steering_agenda"),
    path("styrgrupp/<uuid:pk>/forhandsvisning/", steering.agenda_preview, name="steering_agenda_preview"),
    path("styrgrupp/<uuid:pk>/publicera/", steering.agenda_publish, name="steering_publish"),
    path("styrgrupp/<uuid:pk>/beslut/nytt/", steering.decision_create, name="steering_decision_create"),
    path("styrgrupp/beslut/<uuid:pk>/", steering.decision_edit, name="steering_decision"),
    path("styrgrupp/dagordningar/<uuid:pk>.pdf", steering.agenda_download, name="steering_agenda_pdf"),
    path("exporter/", include("reports.exports.urls")),
    path("sus/", include("reports.sus_export.urls")),
    path("iakttagelser/", include("reports.insights.urls")),
]
