import pytest
from django.db import DatabaseError, connection, transaction

from insikt.models import AccessLog


@pytest.fixture
def entry(demo_staff):
    user = demo_staff["af.handlaggare"]
    return AccessLog.objects.create(
        user=user, organisation=user.organisation, action="view", participant_id="00000000-0000-0000-0000-000000000001"
    )


def test_the_orm_cannot_change_or_delete_entries(entry):
    entry.action = "change"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AccessLog.objects.filter(pk=entry.pk).update(action="change")
    with pytest.raises(PermissionError):
        AccessLog.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE insikt_accesslog SET action = 'change'", "DELETE FROM insikt_accesslog"])
def test_the_database_refuses_raw_updates_and_deletes(entry, sql):
    if connection.vendor != "postgresql":
        pytest.skip("the database-level guard is PostgreSQL's (production); SQLite is the local demo database")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    assert AccessLog.objects.get(pk=entry.pk).action == "view"


def test_the_admin_cannot_change_or_delete_entries(client, entry, demo_staff):
    client.force_login(demo_staff["projektledare"])
    assert client.get("/admin/insikt/accesslog/").status_code == 200
    page = client.get(f"/admin/insikt/accesslog/{entry.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content  # view only, no save button
    client.post(f"/admin/insikt/accesslog/{entry.pk}/change/", {"action": "change"})
    assert client.post(f"/admin/insikt/accesslog/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    assert AccessLog.objects.get(pk=entry.pk).action == "view"


def test_caseworkers_cannot_read_the_log_in_the_admin(client, entry, demo_staff):
    client.force_login(demo_staff["af.handlaggare"])
    assert client.get("/admin/insikt/accesslog/").status_code == 302
