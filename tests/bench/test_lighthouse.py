"""Reading Lighthouse's JSON report, and the median of several runs."""

from __future__ import annotations

from bench.lighthouse import scores, summarise

REPORT = {
    "categories": {
        "performance": {"score": 0.91},
        "accessibility": {"score": 0.97, "auditRefs": [{"id": "color-contrast"}, {"id": "label"}]},
    },
    "audits": {
        "color-contrast": {"score": 0},
        "label": {"score": 1},
        "first-contentful-paint": {"displayValue": "0.9 s"},
        "total-blocking-time": {"displayValue": "370 ms"},
        "long-tasks": {
            "details": {
                "items": [
                    {"url": "http://127.0.0.1:1/static/app/studio.a2206e545920.js", "duration": 97},
                    {"url": "http://127.0.0.1:1/a/x/templates/", "duration": 128},
                    {"url": "http://127.0.0.1:1/static/vendor/htmx/htmx.min.js", "duration": 103},
                ]
            }
        },
    },
}


def test_scores_are_out_of_100_with_the_failed_accessibility_audits():
    found = scores(REPORT)

    assert found["performance"] == 91
    assert found["accessibility"] == 97
    assert found["failed_accessibility_audits"] == ["color-contrast"]
    assert found["timings"]["total-blocking-time"] == "370 ms"


def test_the_longest_tasks_are_named_longest_first():
    assert scores(REPORT)["long_tasks"] == [
        "the page's HTML 128 ms",
        "htmx.min.js 103 ms",
        "studio.a2206e545920.js 97 ms",
    ]


def run(performance: int, **extra: object) -> dict[str, object]:
    return {
        "performance": performance,
        "accessibility": 100,
        "timings": {"total-blocking-time": f"{performance} ms"},
        **extra,
    }


def test_the_median_of_three_runs_is_judged_and_each_run_is_shown():
    summary = summarise([run(89), run(98), run(95)])

    assert summary["performance"] == 95
    assert summary["performance_text"] == "95 (89, 98, 95)"
    assert summary["tbt"] == "95 ms"


def test_a_run_that_lost_its_session_is_left_out_and_reported():
    summary = summarise([run(100, lost_session=True), run(90), run(92)])

    assert summary["performance"] == 91
    assert "lost its session" in summary["error"]
