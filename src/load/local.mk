## load: (filled in by its module)
