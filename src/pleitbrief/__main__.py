from pleitbrief.cli import console

console()
