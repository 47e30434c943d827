"""Machine-readable definitions of APIO's common objects (see data/*.yaml)."""
