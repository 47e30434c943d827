"""A stand-in APIO server for the demo and the tests. Nothing else in ``portal`` imports it."""
