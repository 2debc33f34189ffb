# The permission matrix's participants, for the tests here that walk every app's pages.
from participants.tests.conftest import expire_yesterday, world  # noqa: F401
