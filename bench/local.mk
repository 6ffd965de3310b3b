## (filled in later)
