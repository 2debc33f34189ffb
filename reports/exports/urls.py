from django.urls import path

from reports.exports import views

app_name = "exports"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.create, name="create"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/beslut/", views.decide, name="decide"),
    path("<uuid:pk>/ta-fram/", views.produce, name="produce"),
]
