from django.urls import path

from reports.sus_export import views

app_name = "sus"
urlpatterns = [
    path("", views.index, name="index"),
    path("ta-fram/", views.download, name="download"),
]
