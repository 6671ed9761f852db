"""Command-line commands of this feature (filled in by the feature)."""

commands: list = []
