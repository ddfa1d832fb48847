"""The benchmark harness: pleitbrief side by side with pandoc, in one run (``python -m bench``)."""
