## qi: (filled in by its module)
