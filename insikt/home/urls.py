"""Every app's pages, put together at the top of the house; the root URLconf (insikt/urls.py) includes this."""

from django.urls import include, path

from insikt.home import views

urlpatterns = [
    path("", views.start, name="start"),
    path("att-gora/", views.todo_list, name="todo"),
    path("oversikt/", views.overview_page, name="overview"),
    path("deltagare/", include("participants.urls")),
    path("formular/", include("questionnaire.urls")),
    path("", include("meetings.urls")),  # /moten/… and the meeting and review pages under /deltagare/<id>/
    path("rapporter/", include("reports.urls")),
]
