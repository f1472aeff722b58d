"""Knative's helloworld-go sample, plus the autoscale-go sample's load parameters.

``GET /`` answers ``Hello {TARGET}!`` (``TARGET`` defaults to ``World``) and logs
``helloworld: received a request`` per request, as the Go sample does. The seed's load tests
send ``?sleep=100&prime=10000&bloat=5``; like ``gcr.io/knative-samples/autoscale-go`` the app
then holds the request ``sleep`` milliseconds (asyncio sleep, so concurrency is real),
computes the primes below ``prime`` (CPU) and allocates ``bloat`` MB for the request, and
answers with autoscale-go's lines instead of the greeting. Listens on ``$PORT`` (8080).
"""

from __future__ import annotations

import asyncio
import mmap
import os
import time

from knlite.samples._http import Request, Response, log, port, serve, text

TARGET = os.environ.get("TARGET") or "World"
GREETING = text(f"Hello {TARGET}!\n")


def _int_param(req: Request, name: str) -> int:
    value = req.query.get(name)
    if value is None:
        return 0
    try:
        return int(value)
    except ValueError:
        raise ValueError(f'strconv.Atoi: parsing "{value}": invalid syntax') from None


def largest_prime_below(n: int) -> int | None:
    """Sieve of Eratosthenes, as autoscale-go's ``allPrimesBelow``."""
    if n <= 2:
        return None
    sieve = bytearray([1]) * n
    sieve[0] = sieve[1] = 0
    i = 2
    while i * i < n:
        if sieve[i]:
            sieve[i * i::i] = bytes(len(range(i * i, n, i)))
        i += 1
    return sieve.rindex(1)


def _bloat(mb: int) -> mmap.mmap:
    """``mb`` MB of address space touched at both ends, as autoscale-go's ``make([]byte, n)``
    does: the pages are reserved for the request, and only the touched ones become resident."""
    buf = mmap.mmap(-1, mb * 1024 * 1024)
    buf[0] = buf[len(buf) - 1] = 1
    return buf


async def _load(ms: int, max_prime: int, mb: int) -> Response:
    start = time.monotonic()
    out = []
    ballast = _bloat(mb) if mb > 0 else None
    if ballast is not None:
        out.append(f"Allocated {mb} Mb of memory.\n")
    if max_prime > 0:
        p = largest_prime_below(max_prime)
        out.append(f"The largest prime less than {max_prime} is {p}.\n" if p is not None
                   else f"There are no primes smaller than {max_prime}.\n")
    if ms > 0:
        await asyncio.sleep(max(0.0, ms / 1000 - (time.monotonic() - start)))
        out.append(f"Slept for {(time.monotonic() - start) * 1000:.2f} milliseconds.\n")
    if ballast is not None:
        ballast.close()
    return text("".join(out))


def handle(req: Request) -> Response | asyncio.Future[Response]:
    log("helloworld: received a request")
    if not req.query or not ("sleep" in req.query or "prime" in req.query or "bloat" in req.query):
        return GREETING
    try:
        ms, max_prime, mb = _int_param(req, "sleep"), _int_param(req, "prime"), _int_param(req, "bloat")
    except ValueError as e:
        return text(f"{e}\n", 400)
    return asyncio.ensure_future(_load(ms, max_prime, mb))


def main() -> None:
    log("helloworld: starting server...")
    listen = port()
    log(f"helloworld: listening on port {listen}")
    asyncio.run(serve(handle, listen, max_body=0))


if __name__ == "__main__":
    main()
