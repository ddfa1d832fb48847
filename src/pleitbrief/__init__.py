"""pleitbrief: advocacy letters and written questions from argument blocks and a BibTeX library."""

__version__ = "0.1.0"
