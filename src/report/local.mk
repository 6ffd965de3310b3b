## report: (filled in by its module)
