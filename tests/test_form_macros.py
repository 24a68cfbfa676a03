"""The shared form-field macro renders clean, accessible attributes."""


def test_forms_never_write_none_into_attributes(admin_client):
    html = admin_client.get("/admin/users/new").text
    assert '="None"' not in html
    assert "required" in html and "aria-invalid" not in html
