"""Entry point for `flask --app app ...` and WSGI servers."""

from lokaal_avg import create_app

app = create_app()
