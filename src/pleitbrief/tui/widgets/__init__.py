"""Reusable widgets of the TUI; each carries its own DEFAULT_CSS and posts messages up."""
