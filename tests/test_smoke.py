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
