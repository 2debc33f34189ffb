"""Included at the root: meeting pages under /moten/, and the pages that belong to one participant."""

from django.urls import path

from meetings.findings import views as findings
from meetings.recommendations import views as recommendations
from meetings.views import booking, meetings, reviews

app_name = "meetings"
urlpatterns = [
    path("moten/", meetings.meeting_list, name="mine"),
    path("moten/<uuid:pk>/", meetings.meeting_detail, name="detail"),
    path("moten/<uuid:pk>/andra/", booking.meeting_edit, name="edit"),
    path("moten/<uuid:pk>/utfall/", booking.meeting_outcome, name="outcome"),
    path("moten/<uuid:pk>/kalender.ics", meetings.meeting_calendar_file, name="calendar"),
    path("deltagare/<uuid:pk>/moten/nytt/", booking.meeting_create, name="create"),
    path("deltagare/<uuid:pk>/genomlysning/", reviews.review_list, name="reviews"),
    path("deltagare/<uuid:pk>/genomlysning/ny/", reviews.review_create, name="review_create"),
    path("deltagare/<uuid:pk>/genomlysning/<uuid:review_pk>/andra/", reviews.review_edit, name="review_edit"),
    path(
        "deltagare/<uuid:pk>/rekommendationer/ny/", recommendations.recommendation_create, name="recommendation_create"
    ),
    path("deltagare/<uuid:pk>/iakttagelser/ny/", findings.finding_create, name="finding_create"),
    path("iakttagelser/<uuid:pk>/", findings.finding_detail, name="finding"),
    path("iakttagelser/<uuid:pk>/andra/", findings.finding_edit, name="finding_edit"),
    path("rekommendationer/till-oss/", recommendations.recommendations_for_us, name="recommendations_to_us"),
    path("rekommendationer/uppfoljning/", recommendations.recommendations_follow_up, name="recommendations_follow_up"),
    path("rekommendationer/<uuid:pk>/", recommendations.recommendation_detail, name="recommendation"),
    path("rekommendationer/<uuid:pk>/andra/", recommendations.recommendation_edit, name="recommendation_edit"),
    path("rekommendationer/<uuid:pk>/status/", recommendations.recommendation_status, name="recommendation_status"),
    path(
        "rekommendationer/<uuid:pk>/overlamning.pdf", recommendations.recommendation_handover, name="recommendation_pdf"
    ),
]
