def test_healthz_reports_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_dashboard_after_login(client, create_org, create_user, login):
    org = create_org()
    user = create_user(org=org, role="functionaris")
    login(user)
    response = client.get(f"/o/{org.slug}/", follow_redirects=True)
    assert response.status_code == 200
    assert org.name in response.get_data(as_text=True)


def test_starting_the_application_does_not_load_the_pdf_renderer(tmp_path):
    """Commands like `scan` and every web worker start without WeasyPrint (1.5 s); only rendering loads it."""
    import subprocess
    import sys

    code = (
        "import sys; from lokaal_avg import create_app; "
        f"create_app({{'SQLALCHEMY_DATABASE_URI': 'sqlite:///{tmp_path / 'x.sqlite'}', 'SECRET_KEY': 'x'}}); "
        "print(sorted(m for m in ('weasyprint', 'pikepdf') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    assert result.stdout.strip() == "[]"
