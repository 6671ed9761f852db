"""The demo municipalities, built only through the features' public services: `flask --app app demo`."""
