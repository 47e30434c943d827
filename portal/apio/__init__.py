"""The only code that speaks HTTP to APIO. See docs/apio-contract.md."""
