"""The Textual TUI: screens over the core. Nothing outside this package imports Textual."""
