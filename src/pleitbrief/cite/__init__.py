"""Citation styles: citation groups → footnote texts."""
