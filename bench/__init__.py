"""Kyodo's scale benchmark: a synthetic city in PostgreSQL, then every main page timed through
the full Django stack, the PDF render, and a load test against gunicorn. Run `make bench`."""
