"""A stand-in APIO server for the demo and the tests. Nothing else in ``portal`` imports it.

Run it with ``python -m portal.sandbox --addr 127.0.0.1:8001``. Layout:

- ``__main__``  command line and environment; ``app`` middlewares and the route table;
- ``context``   shared state (config, store, sessions, faults, request log) and request helpers;
- ``store``     the SQLite file; ``demo_data`` / ``demo_settings`` the deterministic demo data;
- ``validation`` the definition-driven validator; ``errors`` the APIO error bodies;
- ``auth`` sign-in and sessions; ``faults`` fault injection; ``journal`` the request log;
- one module per group of endpoints: ``directory``, ``assignment``, ``documents`` (forwarding,
  voice messaging), ``criteria``, ``schedules``, ``meet_me``, ``call_centers``, ``admin``;
- ``reference`` documented endpoints the portal does not use, answered from fixed defaults so
  that every example of docs/apio-contract.md runs.
"""
