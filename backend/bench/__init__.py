"""`make bench`: start the real server on a fresh database, run workloads W0-W5, write docs/PERFORMANCE.md.

Run from backend/: `.venv/bin/python -m bench` (BENCH_DB=sqlite|mysql, TAGMEDX_WORKERS, BENCH_SCALE).
The load generator (this process) and the server (uvicorn, its own processes) never share a process.
"""
