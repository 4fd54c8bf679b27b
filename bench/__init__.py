"""The speed benchmark of issue 6: `make bench` or `python -m bench.run --help`."""
