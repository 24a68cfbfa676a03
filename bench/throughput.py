"""Requests per second under gunicorn (2 sync workers), the app side by side with the floor."""

import statistics
import threading
import time
from collections.abc import Callable

from bench.web import Browser

Visit = Callable[[], bool]


def requests_per_second(start_visitor: Callable[[], Visit], threads: int, seconds: float) -> float:
    """Each thread prepares its visitor (logs in, opens a link), then all visit until the time
    is up; only successful answers count."""
    visitors = [start_visitor() for _ in range(threads)]
    counts = [0] * threads
    ready = threading.Barrier(threads + 1)
    deadline = [0.0]

    def work(index: int) -> None:
        ready.wait()
        while time.monotonic() < deadline[0]:
            counts[index] += visitors[index]()

    workers = [threading.Thread(target=work, args=(i,), daemon=True) for i in range(threads)]
    for worker in workers:
        worker.start()
    deadline[0] = time.monotonic() + seconds
    started = time.monotonic()
    ready.wait()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - started)


def page_visitor(port: int, path: str, prepare: Callable[[Browser], None] | None = None):
    def start() -> Visit:
        browser = Browser(port)
        if prepare:
            prepare(browser)
        return lambda: browser.get(path)[0] == 200

    return start


def rps_ratio(app_visitor, floor_visitor, *, threads: int, seconds: float, rounds: int) -> dict:
    """Median of each side over `rounds` alternating rounds, after a warm-up of each."""
    requests_per_second(app_visitor, threads, 1)
    requests_per_second(floor_visitor, threads, 1)
    app_rps, floor_rps = [], []
    for _ in range(rounds):
        app_rps.append(requests_per_second(app_visitor, threads, seconds))
        floor_rps.append(requests_per_second(floor_visitor, threads, seconds))
    app, floor = statistics.median(app_rps), statistics.median(floor_rps)
    # Each round's ratio shares the machine's load of its moment; their median is the figure.
    ratios = [a / f for a, f in zip(app_rps, floor_rps, strict=True)]
    return {
        "ratio": round(statistics.median(ratios), 3),
        "app_rps": round(app, 1),
        "floor_rps": round(floor, 1),
        "app_spread": [round(x) for x in app_rps],
        "floor_spread": [round(x) for x in floor_rps],
    }
