"""gunicorn settings recommended for :mod:`openfisca_ct_education.web.app` (``--config python:openfisca_ct_education.web.gunicorn_config``).

Measured on 2 cores (benchmarks/results.md): the computation is CPU-bound Python, so one sync worker
per core, threads bring nothing; the app is loaded once before forking (the tax-benefit system is
shared). A request that still runs after ``timeout`` seconds has its worker restarted: no hung worker.
"""

import multiprocessing

bind = "127.0.0.1:5000"
workers = max(1, multiprocessing.cpu_count())
worker_class = "sync"
threads = 1
preload_app = True
timeout = 30  # seconds a request may take before its worker is restarted
graceful_timeout = 10
keepalive = 2
max_requests = 2000  # recycle workers now and then
max_requests_jitter = 200
limit_request_line = 4094  # bytes of the request line
limit_request_fields = 50
limit_request_field_size = 8190
