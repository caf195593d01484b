"""A bounded load test of /calculate on loopback: a fixed number of requests, a time limit, then it stops."""

from __future__ import annotations

import concurrent.futures
import time
import urllib.error
import urllib.request


def post(url: str, body: bytes, timeout: float = 30) -> tuple[int, float]:
    request = urllib.request.Request(url + "/calculate", data=body, method="POST", headers={"Content-Type": "application/json"})
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            answer.read()
            status = answer.status
    except urllib.error.HTTPError as error:
        status = error.code
    return status, time.perf_counter() - start


def latencies(url: str, body: bytes, count: int) -> list[float]:
    """Seconds of ``count`` requests one after the other."""
    return [post(url, body)[1] for _ in range(count)]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def run(url: str, body: bytes, clients: int, max_requests: int, max_seconds: float) -> dict:
    """``clients`` concurrent clients send at most ``max_requests`` in all, and stop after ``max_seconds``."""
    deadline = time.monotonic() + max_seconds
    sent = iter(range(max_requests))
    results: list[tuple[int, float]] = []

    def client():
        for _ in sent:  # the shared iterator bounds the total count
            if time.monotonic() > deadline:
                return
            try:
                results.append(post(url, body))
            except OSError:
                results.append((0, 0.0))

    start = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as pool:
        for future in [pool.submit(client) for _ in range(clients)]:
            future.result()
    elapsed = time.perf_counter() - start
    times = [seconds for status, seconds in results if status == 200]
    return {
        "requests": len(results),
        "errors": sum(status != 200 for status, _ in results),
        "p50": percentile(times, 0.50) if times else float("nan"),
        "p99": percentile(times, 0.99) if times else float("nan"),
        "throughput": len(times) / elapsed,
    }
