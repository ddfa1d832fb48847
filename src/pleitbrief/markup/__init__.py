"""Markdown with pandoc citations and footnotes → the document model."""
