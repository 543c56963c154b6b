"""Plain-Python domain objects shared by the core, the CLI and the UI."""
