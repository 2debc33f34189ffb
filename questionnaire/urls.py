from django.urls import path

from questionnaire import views

app_name = "questionnaire"
urlpatterns = [
    path("", views.questionnaire_list, name="list"),
    path("version/<int:pk>/", views.version_detail, name="version"),
    path("<int:pk>/jamfor/", views.version_diff, name="diff"),
    path("svar/<uuid:meeting_pk>/<int:questionnaire_pk>/", views.answer, name="answer"),
    path("svar/<uuid:meeting_pk>/<int:questionnaire_pk>/visa/", views.response_detail, name="response"),
]
