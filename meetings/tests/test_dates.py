"""Swedish dates: month abbreviations are lower case ("2 dec"), as Swedish writes them."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import translation


def test_meeting_dates_use_lower_case_swedish_months():
    meeting = SimpleNamespace(starts_at=datetime(2026, 12, 2, 9, 0, tzinfo=ZoneInfo("Europe/Stockholm")),
                              ends_at=datetime(2026, 12, 2, 10, 0, tzinfo=ZoneInfo("Europe/Stockholm")))  # fmt: skip
    with translation.override("sv"):
        html = render_to_string("meetings/_meeting_when.html", {"m": meeting})
    assert "ons 2 dec 2026" in html and "Dec" not in html
