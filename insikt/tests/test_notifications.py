from insikt import notifications
from insikt.models import Notification


def test_opening_shows_the_latest_as_they_were_and_marks_all_read(demo_staff):
    user, other = demo_staff["projektledare"], demo_staff["af.handlaggare"]
    for text in ("Ett", "Två"):
        Notification.objects.create(user=user, text=text)
    Notification.objects.create(user=other, text="Någon annans")
    shown = notifications.open_notifications(user)
    assert sorted(n.text for n in shown) == ["Ett", "Två"]
    assert all(n.read_at is None for n in shown)  # the page still tells which were new
    assert notifications.unread_count(user) == 0
    assert notifications.unread_count(other) == 1


def test_email_is_turned_on_only_for_a_user_with_an_address(demo_staff):
    user = demo_staff["projektledare"]
    user.email = ""
    assert notifications.set_email_notifications(user=user, wanted=True) is False
    user.email = "petra.lind@example.se"
    user.save()
    assert notifications.set_email_notifications(user=user, wanted=True) is True
    user.refresh_from_db()
    assert user.email_notifications
    assert notifications.set_email_notifications(user=user, wanted=False) is False
