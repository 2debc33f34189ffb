"""Included at the root: meeting pages under /moten/, and the pages that belong to one participant."""

from django.urls import path

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
]
