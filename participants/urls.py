from django.urls import path

from participants.views import consent, detail, lists, outcomes, registration, tasks

app_name = "participants"
urlpatterns = [
    path("", lists.participant_list, name="list"),
    path("ny/", registration.participant_create, name="create"),
    path("begar-atkomst/", registration.access_request, name="access_request"),
    path("begaranden/", registration.access_requests, name="access_requests"),
    path("<uuid:pk>/", detail.participant_detail, name="detail"),
    path("<uuid:pk>/andra/", registration.participant_edit, name="edit"),
    path("<uuid:pk>/status/", detail.participant_status, name="status"),
    path("<uuid:pk>/avsluta/", detail.participant_close, name="close"),
    path("<uuid:pk>/ateroppna/", detail.participant_reopen, name="reopen"),
    path("<uuid:pk>/ansvarig/", detail.responsible_set, name="responsible"),
    path(
        "<uuid:pk>/begaran/<int:request_pk>/besvara/", registration.access_request_answer, name="access_request_answer"
    ),
    path("<uuid:pk>/samtycke/", consent.consent_create, name="consent_create"),
    path("<uuid:pk>/samtycke/<int:consent_pk>/aterkalla/", consent.consent_withdraw, name="consent_withdraw"),
    path("<uuid:pk>/sekretessgenombrott/", consent.waiver_create, name="waiver_create"),
    path("<uuid:pk>/sekretessgenombrott/<int:waiver_pk>/aterkalla/", consent.waiver_withdraw, name="waiver_withdraw"),
    path("<uuid:pk>/sysselsattning/<slug:moment>/", outcomes.outcome_record, name="outcome"),
    path("<uuid:pk>/uppgifter/ny/", tasks.task_create, name="task_create"),
    path("<uuid:pk>/uppgifter/<uuid:task_pk>/klar/", tasks.task_done, name="task_done"),
    path("<uuid:pk>/dokument/<str:kind>/<int:document_pk>/", detail.document, name="document"),
]
