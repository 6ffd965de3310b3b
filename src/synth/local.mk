## synth: (filled in by its module)
