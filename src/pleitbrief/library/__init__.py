"""The reference library: BibTeX/biblatex files decoded into entries with their places."""
