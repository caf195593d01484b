"""gunicorn settings recommended for :mod:`openfisca_ct_education.web.app` (``--config python:openfisca_ct_education.web.gunicorn_config``).

One worker per core (the computation is CPU-bound Python: more workers bring no throughput,
benchmarks/results.md), the app loaded once before forking (the tax-benefit system is shared), and
**threads** (``gthread``): a client that sends its request slowly holds one thread, not the whole worker,
and the app refuses a body not received within ``Limits.body_read_seconds`` (408). With sync workers, two
slow clients held both workers of a 2-core server for the 30 s timeout (/spec waited; issue 12).
Threads cost some tail latency under a CPU-bound load (whole-state requests from 4 clients: p99 14 -> 39 ms,
about the same throughput, benchmarks/results.md). A request's work is bounded by the app's limits (entities, periods, years);
with threads, ``timeout`` restarts a worker whose main loop stops answering, not a long request. Many
slow clients at once are a reverse proxy's job (nginx buffers whole requests before passing them on).
"""

import multiprocessing

bind = "127.0.0.1:5000"
workers = max(1, multiprocessing.cpu_count())
worker_class = "gthread"
threads = 4  # per worker: slow clients each hold one
preload_app = True
timeout = 30  # seconds a worker may stop answering the master before it is restarted
graceful_timeout = 10
keepalive = 2
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
limit_request_line = 4094  # bytes of the request line
limit_request_fields = 50
limit_request_field_size = 8190
