"""Which CSS and JavaScript a page ships, read from its HTML."""

from __future__ import annotations

from bench.weight import assets_in

PAGE = """<!doctype html><html><head>
<link rel="stylesheet" href="/static/vendor/pico/pico.min.94cbb1d0170a.css">
<link rel="icon" href="/static/favicon.ico">
<link href="/static/app/app.css" rel="stylesheet">
<link rel="stylesheet" href="https://cdn.example.com/x.css">
<script src="/static/vendor/htmx/htmx.min.js" defer></script>
<script>var inline = 1;</script>
</head><body><script src="/static/app/app.js" defer></script></body></html>"""


def test_stylesheets_and_scripts_are_found_in_order():
    assert assets_in(PAGE) == [
        "/static/vendor/pico/pico.min.94cbb1d0170a.css",
        "/static/app/app.css",
        "/static/vendor/htmx/htmx.min.js",
        "/static/app/app.js",
    ]


def test_icons_inline_scripts_and_other_sites_are_not_counted():
    found = assets_in(PAGE)

    assert "/static/favicon.ico" not in found
    assert all(url.startswith("/static/") for url in found)
