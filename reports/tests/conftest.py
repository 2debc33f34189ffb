import shutil
import subprocess

import pytest

from participants.tests.conftest import expire_yesterday, world  # noqa: F401


def pdf_text(pdf: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is missing")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture
def tertial(db):
    from reports.models import ReportingPeriod

    return ReportingPeriod.objects.create(kind="tertial", year=2026, tertial=2)


def pdf_info(pdf: bytes, tmp_path, *args) -> str:
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is missing")
    path = tmp_path / "info.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdfinfo", *args, str(path)], capture_output=True, text=True, check=True).stdout
