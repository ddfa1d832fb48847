from pleitbrief.launch import console

console()
