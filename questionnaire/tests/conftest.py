import pytest

from participants.tests.conftest import expire_yesterday, world  # noqa: F401
from participants.tests.factories import register
from questionnaire.tests.factories import make_meeting, make_version


@pytest.fixture
def af(demo_staff):
    return demo_staff["af.handlaggare"]


@pytest.fixture
def leader(demo_staff):
    return demo_staff["projektledare"]


@pytest.fixture
def version(db):
    """A published version with one question of every type."""
    return make_version()


@pytest.fixture
def meeting(af):
    """A held multi-party meeting of a participant registered by AF."""
    return make_meeting(register(af, first_name="Samira", last_name="Deltagare"), af)


@pytest.fixture
def answer_url(meeting, version):
    return f"/formular/svar/{meeting.pk}/{version.questionnaire_id}/"


@pytest.fixture
def response_url(answer_url):
    return answer_url + "visa/"
