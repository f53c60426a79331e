"""Build time: reading and validating data/, building the store, the command line. The dashboard
never imports this package (tests/unit/test_layout.py checks it)."""
