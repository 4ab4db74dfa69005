# Benchmark: loads a synthetic city into PostgreSQL (kyodo_bench unless DATABASE_URL says
# otherwise) and measures the main pages, the PDF render and gunicorn under load.
# BENCH_ARGS passes options, e.g. make bench BENCH_ARGS="--scale 0.1" (see python -m bench -h).
.PHONY: bench
bench:
	scripts/services.sh
	.venv/bin/python -m bench $(BENCH_ARGS)
