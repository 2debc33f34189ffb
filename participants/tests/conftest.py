from datetime import timedelta

import pytest
from django.utils import timezone

from participants import services
from participants.tests.factories import register


@pytest.fixture
def world(demo_staff, orgs):
    """The participants of the permission matrix, each created through the services as in the app.

    own:     registered by AF, no waiver
    shared:  registered by AF, active waiver naming AMA and Ekonomiskt bistånd
    other:   registered by AMA, no waiver
    expired: registered by AF, waiver naming AMA that ended yesterday (the cron has not run yet)

    staff: the demo users, one per role, the evaluator (utvarderare) included: it sees none of them.
    """
    af = demo_staff["af.handlaggare"]
    today = timezone.localdate()
    own = register(af, first_name="Egen", last_name="Deltagare")
    shared = register(af, first_name="Delad", last_name="Deltagare")
    services.register_waivers(
        participant=shared,
        organisations=[orgs["ama"], orgs["eb"]],
        valid_from=today,
        valid_to=None,
        form="skriftligt",
        by=af,
    )
    other = register(demo_staff["malmo.handlaggare"], first_name="Annan", last_name="Deltagare")
    expired = register(af, first_name="Upphörd", last_name="Deltagare")
    services.register_waivers(
        participant=expired,
        organisations=[orgs["ama"]],
        valid_from=today - timedelta(days=30),
        valid_to=today,
        form="muntligt",
        by=af,
    )
    return {"own": own, "shared": shared, "other": other, "expired": expired, "staff": demo_staff}


@pytest.fixture
def expire_yesterday(world, monkeypatch):
    """Move the clock one day on, so that the `expired` waiver is past its end date."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    return tomorrow
