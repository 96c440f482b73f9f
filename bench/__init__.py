"""The benchmarks of issue 8: what a page costs upstream, in time and bytes, and what the
poller costs per cycle, measured against the sandbox on this machine.

``python -m bench`` (or ``make bench``) runs them all and writes ``bench/RESULTS.md`` (a table
per benchmark, with the machine, the date and the commit, each bar marked met or missed) and
``bench/results.json`` (the raw figures). Every figure is a count or a ratio measured in one
run, so that it holds on a noisy machine; the tests in ``tests/bench`` check the harness's
own arithmetic, never a timing.

Modules: ``stats`` (medians, ratios, bars), ``upstream_log`` (counting the sandbox's request
log), ``environment`` (Django on a throwaway database, the sandbox, people and accounts),
``pages`` (the table of pages: URL, resources shown, partials), one module per benchmark
(``calls``, ``latency``, ``large``, ``poll``, ``weight``, ``lighthouse``) and ``report``.
"""
