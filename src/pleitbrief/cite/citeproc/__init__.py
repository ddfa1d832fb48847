"""An in-process CSL processor that writes what pandoc's ``--citeproc`` writes.

pandoc (its Haskell ``citeproc`` library) is the reference: every module here reproduces a
part of its behaviour, and the tests hold the output to pandoc's on the same input. See
``docs/csl-engine.md`` for the map of the modules and why pleitbrief has its own.
"""
