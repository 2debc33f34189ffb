from django.urls import path

from participants import views

app_name = "participants"
urlpatterns = [
    path("", views.participant_list, name="list"),
    path("ny/", views.participant_create, name="create"),
    path("begar-atkomst/", views.access_request, name="access_request"),
    path("<uuid:pk>/", views.participant_detail, name="detail"),
    path("<uuid:pk>/andra/", views.participant_edit, name="edit"),
    path("<uuid:pk>/status/", views.participant_status, name="status"),
    path("<uuid:pk>/avsluta/", views.participant_close, name="close"),
    path("<uuid:pk>/ateroppna/", views.participant_reopen, name="reopen"),
    path("<uuid:pk>/ansvarig/", views.responsible_set, name="responsible"),
    path("<uuid:pk>/samtycke/", views.consent_create, name="consent_create"),
    path("<uuid:pk>/samtycke/<int:consent_pk>/aterkalla/", views.consent_withdraw, name="consent_withdraw"),
    path("<uuid:pk>/sekretessgenombrott/", views.waiver_create, name="waiver_create"),
    path("<uuid:pk>/sekretessgenombrott/<int:waiver_pk>/aterkalla/", views.waiver_withdraw, name="waiver_withdraw"),
    path("<uuid:pk>/dokument/<str:kind>/<int:document_pk>/", views.document, name="document"),
]
