"""Which way a template language is written, decided by its code (with or without a region):
Arabic, Hebrew, Persian and Urdu right to left; the rest left to right; unknown: auto."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dashboard.studio.direction import codes_by_name, direction_of, is_rtl_code


@pytest.mark.parametrize("code", ["ar", "ar_EG", "ar-SA", "AR", "he", "he_IL", "iw", "fa", "ur"])
def test_right_to_left_codes_with_or_without_a_region(code):
    assert is_rtl_code(code)


@pytest.mark.parametrize("code", ["en_US", "nl", "de", "pt_BR", "tr", "", "arn", "hi"])
def test_left_to_right_and_unknown_codes(code):
    assert not is_rtl_code(code)


def test_the_code_cm_com_gives_decides_over_the_name():
    codes = codes_by_name(
        [
            SimpleNamespace(name="Arabic (EGY)", code="ar_EG"),
            SimpleNamespace(name="Dutch", code="nl"),
            SimpleNamespace(name="Nameless", code=None),
        ]
    )
    assert codes == {"Arabic (EGY)": "ar_EG", "Dutch": "nl"}
    shown = direction_of("Arabic (EGY)", codes)
    assert (shown.dir, shown.lang, shown.is_rtl) == ("rtl", "ar-EG", True)
    assert direction_of("Dutch", codes).attrs() == {"dir": "ltr", "lang": "nl"}


def test_without_cm_com_s_codes_whatsapps_names_still_decide():
    assert direction_of("Hebrew").attrs() == {"dir": "rtl", "lang": "he"}
    assert direction_of("Urdu").attrs() == {"dir": "rtl", "lang": "ur"}
    assert direction_of("English (US)").attrs() == {"dir": "ltr", "lang": "en-US"}


def test_a_language_nobody_knows_follows_its_text():
    assert direction_of("Klingon").attrs() == {"dir": "auto"}
