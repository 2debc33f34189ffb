"""Scanned documents: the content decides (PDF, JPEG, PNG by their first bytes), an oversize request is refused
before its body is read, and after any error the form says that the file must be chosen again."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from participants.models import Consent

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 32
PDF = b"%PDF-1.7\n" + b"\0" * 32


@pytest.fixture
def upload(client, world, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**settings.STORAGES["default"], "OPTIONS": {"location": tmp_path}},
    }
    client.force_login(world["staff"]["af.handlaggare"])
    url = f"/deltagare/{world['own'].pk}/samtycke/"

    def send(name, content, **fields):
        data = {"given_on": timezone.localdate().isoformat(), "form": "skriftligt", "sus_consent": "ja", **fields}
        data["document"] = SimpleUploadedFile(name, content)
        return client.post(url, data)

    return send


@pytest.mark.parametrize("name, content, stored_as", [("skannat.pdf", PDF, "pdf"), ("foto.jpg", JPEG, "jpg"),
                                                      ("bild.png", PNG, "png"), ("utan-filandelse", PDF, "pdf"),
                                                      ("foto-som-heter.pdf", JPEG, "jpg")])  # fmt: skip
def test_pdf_jpeg_and_png_are_accepted_and_stored_by_their_content(upload, name, content, stored_as):
    assert upload(name, content).status_code == 302
    assert Consent.objects.get().document.name.endswith(f".{stored_as}")


@pytest.mark.parametrize("name, content", [("samtycke.pdf", b"MZ\x90\x00 program"), ("bild.png", b"<html>"),
                                           ("tom.pdf", b"")])  # fmt: skip
def test_a_file_named_like_a_document_is_refused_by_its_content(upload, name, content):
    response = upload(name, content)
    assert response.status_code == 200
    assert not Consent.objects.exists()
    page = response.content.decode()
    assert "Filen är inte en PDF-, JPG- eller PNG-fil." in page or "tom" in page.lower()


def test_after_another_error_the_form_says_to_choose_the_file_again(upload):
    response = upload("skannat.pdf", PDF, given_on="")
    page = response.content.decode()
    assert "Välj filen igen" in page
    assert not Consent.objects.exists()


def test_a_file_over_five_megabytes_is_refused_on_the_field(upload):
    response = upload("stor.pdf", PDF + b"\0" * (5 * 1024 * 1024))
    assert "Filen är för stor (högst 5 MB)." in response.content.decode()
    assert not Consent.objects.exists()


def test_an_oversize_request_is_refused_before_its_body_is_read(client, world, settings):
    client.force_login(world["staff"]["af.handlaggare"])

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    request_size = settings.MAX_REQUEST_BYTES + 1
    response = client.generic(
        "POST",
        f"/deltagare/{world['own'].pk}/samtycke/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(request_size),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "Det du skickade var för stort" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_file_field_carries_its_limit_for_the_browser(client, world):
    client.force_login(world["staff"]["af.handlaggare"])
    page = client.get(f"/deltagare/{world['own'].pk}/samtycke/").content.decode()
    assert 'data-max-bytes="5242880"' in page and "js/upload-limit.js" in page
