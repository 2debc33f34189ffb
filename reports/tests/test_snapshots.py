import hashlib
import subprocess

import pytest

from reports.models import ReportSnapshot
from reports.services import generate_snapshot
from reports.tests.conftest import pdf_info, pdf_text


@pytest.fixture
def snapshot(tertial, demo_staff):
    return generate_snapshot(period=tertial, by=demo_staff["projektledare"])


def test_snapshot_is_stored_with_its_checksum_and_new_versions_never_overwrite(snapshot, tertial, demo_staff):
    assert snapshot.number == 1
    assert snapshot.sha256 == hashlib.sha256(bytes(snapshot.pdf)).hexdigest()
    second = generate_snapshot(period=tertial, by=demo_staff["projektledare"])
    assert second.number == 2
    assert ReportSnapshot.objects.get(pk=snapshot.pk).sha256 == snapshot.sha256


def test_snapshots_are_immutable(snapshot):
    snapshot.pdf = b"other"
    with pytest.raises(PermissionError):
        snapshot.save()
    with pytest.raises(PermissionError):
        snapshot.delete()
    with pytest.raises(PermissionError):
        ReportSnapshot.objects.update(sha256="x")
    with pytest.raises(PermissionError):
        ReportSnapshot.objects.all().delete()
    assert ReportSnapshot.objects.get().checksum_ok()


def test_pdf_is_pdf_a_with_embedded_fonts_and_the_expected_headings(snapshot, tmp_path):
    pdf = bytes(snapshot.pdf)
    assert pdf.startswith(b"%PDF-")
    assert 'pdfaid:part="3"' in pdf_info(pdf, tmp_path, "-meta")  # PDF/A-3 identification in the XMP metadata
    assert "Tagged:          yes" in pdf_info(pdf, tmp_path)  # tagged for accessibility
    fonts = subprocess.run(["pdffonts", "-"], input=pdf, capture_output=True).stdout.decode().splitlines()[2:]
    assert fonts and all(" yes " in line for line in fonts)  # every font embedded
    text = pdf_text(pdf, tmp_path)
    for heading in ("Projekt Insikt", "Tertial 2 2026", "Innehåll", "1. Styrgruppens dagordning", "2. Måluppfyllnad",
                    "3. Flödet genom projektet", "4. Rekommendationer", "5. Frågeformulärets resultat", "6. Resultat: sysselsättning och försörjning",
                    "7. Målgruppens profil", "8. Om siffrorna"):  # fmt: skip
        assert heading in text
    assert "Sida 2 av" in text


@pytest.mark.parametrize(
    "username, index, download",
    [
        ("styrgrupp", 200, 200),
        ("projektledare", 200, 200),
        ("af.handlaggare", 403, 403),
        ("malmo.handlaggare", 403, 403),
        ("socialsekreterare", 403, 403),
    ],
)
def test_only_the_steering_group_and_project_leader_reach_reports(
    client, snapshot, demo_staff, username, index, download
):
    client.force_login(demo_staff[username])
    assert client.get("/rapporter/").status_code == index
    response = client.get(f"/rapporter/{snapshot.pk}/pdf/")
    assert response.status_code == download
    if download == 200:
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response) == bytes(snapshot.pdf)


@pytest.mark.parametrize("username, expected", [("projektledare", 200), ("styrgrupp", 403), ("af.handlaggare", 403)])
def test_preview_and_generate_are_for_the_project_leader(client, tertial, demo_staff, username, expected):
    client.force_login(demo_staff[username])
    preview = client.get(f"/rapporter/perioder/{tertial.pk}/forhandsvisning/")
    assert preview.status_code == expected
    generate = client.post(f"/rapporter/perioder/{tertial.pk}/ta-fram/")
    assert generate.status_code == (302 if expected == 200 else 403)
    assert ReportSnapshot.objects.count() == (1 if expected == 200 else 0)


def test_steering_group_reaches_nothing_else(client, demo_staff, snapshot):
    client.force_login(demo_staff["styrgrupp"])
    for url in [
        "/deltagare/",
        "/deltagare/ny/",
        "/admin/",
        f"/rapporter/perioder/{snapshot.period_id}/forhandsvisning/",
    ]:
        assert client.get(url).status_code in (302, 403), url
    assert client.get("/").status_code == 302


def test_pdf_pages_render_as_images(snapshot, tmp_path):
    import shutil
    import subprocess

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is missing")
    path = tmp_path / "r.pdf"
    path.write_bytes(bytes(snapshot.pdf))
    subprocess.run(["pdftoppm", "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 6
    assert all(p.stat().st_size > 1000 for p in pages)
