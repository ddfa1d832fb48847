"""Writers: the document model → an output format, one module each."""
