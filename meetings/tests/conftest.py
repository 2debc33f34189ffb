# The participants of the permission matrix (own / shared / other / expired) and the clock fixture, shared
# with the participants app so that both matrices walk exactly the same world.
from participants.tests.conftest import expire_yesterday, world  # noqa: F401
