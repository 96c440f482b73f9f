"""The design system's colours are readable in light and dark mode (issue 17, "A look of its own").

The ratios are computed from the stylesheets themselves, as the browser would resolve them:
the app's tokens (``:root`` in static/app/app.css, overridden under
``prefers-color-scheme: dark``) over Pico's own (its light block, overridden by its dark one).
Every rule of static/app/*.css that sets a text colour or a background from one of our tokens
is a pair: its text on its background, or on the page's background (Pico's) when the rule sets
no background, or Pico's text colour on its background when it sets no text colour. Each pair
must reach WCAG AA for normal text, 4.5:1, in both modes; so must each token pair by name
(``--app-<tone>-fg`` on ``--app-<tone>-bg``), which the badges and notices use.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_CSS = ROOT / "static" / "app" / "app.css"
PICO_CSS = ROOT / "static" / "vendor" / "pico" / "pico.min.css"
AA_NORMAL_TEXT = 4.5

PICO_LIGHT = ":host(:not([data-theme=dark])),:root:not([data-theme=dark]),[data-theme=light]"
PICO_DARK = ":host(:not([data-theme])),:root:not([data-theme])"
NAMED = {"white": (255.0, 255.0, 255.0), "black": (0.0, 0.0, 0.0)}


@dataclass(frozen=True)
class Rule:
    media: str
    """The enclosing at-rules' preludes, joined; "" at the top level."""
    selector: str
    declarations: dict[str, str]


def _rules(css: str, media: str = "") -> list[Rule]:
    """Every style rule of a stylesheet, nested at-rules flattened (a small parser: enough for
    hand-written and minified CSS without braces in strings, which these files have none of
    outside url() data, whose braces are percent-encoded)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found: list[Rule] = []
    position = 0
    while True:
        opening = css.find("{", position)
        if opening < 0:
            return found
        prelude = css[position:opening].strip().split(";")[-1].strip()
        depth, cursor = 1, opening + 1
        while depth:
            depth += {"{": 1, "}": -1}.get(css[cursor], 0)
            cursor += 1
        body = css[opening + 1 : cursor - 1]
        if prelude.startswith("@"):
            found += _rules(body, f"{media} {prelude}".strip())
        elif "{" not in body:
            declarations = {}
            for part in body.split(";"):
                name, colon, value = part.partition(":")
                if colon:
                    declarations[name.strip()] = value.strip()
            found.append(Rule(media, " ".join(prelude.split()), declarations))
        position = cursor


def _block(rules: list[Rule], selector: str, media_has: str | None) -> dict[str, str]:
    merged: dict[str, str] = {}
    for rule in rules:
        in_media = media_has is None and not rule.media
        in_media = in_media or bool(media_has and media_has in rule.media.replace(" ", ""))
        if rule.selector == selector and in_media:
            merged.update({k: v for k, v in rule.declarations.items() if k.startswith("--")})
    return merged


def themes(app_css: str) -> dict[str, dict[str, str]]:
    """Custom properties in force in each mode (no data-theme attribute, as the app renders)."""
    pico = _rules(PICO_CSS.read_text())
    app = _rules(app_css)
    dark_query = "prefers-color-scheme:dark"
    pico_light = {**_block(pico, ":host,:root", None), **_block(pico, PICO_LIGHT, None)}
    app_light = _block(app, ":root", None)
    return {
        "light": {**pico_light, **app_light},
        "dark": {
            **pico_light,
            **_block(pico, PICO_DARK, dark_query),
            **app_light,
            **_block(app, ":root:not([data-theme])", dark_query),
        },
    }


def resolve(value: str, tokens: dict[str, str], depth: int = 0) -> str:
    """A value with every var() replaced by what it names (or its fallback)."""
    assert depth < 20, f"var() loop at {value}"
    found = re.search(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*))?\)", value)
    if not found:
        return value.strip()
    name, fallback = found.group(1), found.group(2)
    replacement = tokens.get(name, fallback)
    assert replacement is not None, f"{name} is not defined"
    inner = resolve(replacement, tokens, depth + 1)
    return resolve(value[: found.start()] + inner + value[found.end() :], tokens, depth + 1)


def rgb(colour: str) -> tuple[float, float, float]:
    colour = colour.strip().lower()
    if colour in NAMED:
        return NAMED[colour]
    if colour.startswith("#"):
        digits = colour[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        assert len(digits) in (6, 8), colour
        if len(digits) == 8:
            assert digits[6:] == "ff", f"{colour}: a translucent colour has no fixed contrast"
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    found = re.fullmatch(r"rgba?\(([^)]*)\)", colour)
    assert found, f"not a colour this test reads: {colour!r}"
    parts = [float(p) for p in re.split(r"[\s,/]+", found.group(1).strip()) if p]
    if len(parts) == 4:
        assert parts[3] == 1, f"{colour}: a translucent colour has no fixed contrast"
    return (parts[0], parts[1], parts[2])


def luminance(colour: str) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb(colour)
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(one: str, other: str) -> float:
    """WCAG 2 contrast ratio of two opaque colours, 1 to 21."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def declared_pairs(stylesheets: dict[str, str]) -> list[tuple[str, str, str]]:
    """(where, text, background) for every rule that colours text or background with one of
    our tokens; the side a rule leaves alone is Pico's page colour."""
    pairs = []
    for name, css in stylesheets.items():
        for rule in _rules(css):
            if rule.selector.startswith(":root") or rule.selector.startswith("@"):
                continue
            text = rule.declarations.get("color")
            background = rule.declarations.get(
                "background-color", rule.declarations.get("background")
            )
            if background and not background.startswith(("var(", "#", "rgb")):
                background = None  # none, a gradient, an image: nothing to measure against
            if text and not text.startswith(("var(", "#", "rgb")):
                text = None  # inherit, currentColor: its parent's pair is measured
            if not any(side and "--app-" in side for side in (text, background)):
                continue
            pairs.append(
                (
                    f"{name}: {rule.selector}",
                    text or "var(--pico-color)",
                    background or "var(--pico-background-color)",
                )
            )
    return pairs


def token_pairs(tokens: dict[str, str]) -> list[tuple[str, str, str]]:
    """--app-<tone>-fg on --app-<tone>-bg, for every tone that has both."""
    return [
        (name, f"var({name})", f"var({name[:-3]}-bg)")
        for name in sorted(tokens)
        if re.fullmatch(r"--app-[\w-]+-fg", name) and f"{name[:-3]}-bg" in tokens
    ]


def failures(app_css: str, stylesheets: dict[str, str]) -> dict[str, list[str]]:
    """Per mode, every pair under 4.5:1, with its ratio."""
    found: dict[str, list[str]] = {}
    for mode, tokens in themes(app_css).items():
        pairs = token_pairs(tokens) + declared_pairs(stylesheets)
        found[mode] = [
            f"{where}: {ratio:.2f}"
            for where, text, background in pairs
            if (ratio := contrast(resolve(text, tokens), resolve(background, tokens)))
            < AA_NORMAL_TEXT
        ]
    return found


def stylesheets() -> dict[str, str]:
    return {path.name: path.read_text() for path in sorted(APP_CSS.parent.glob("*.css"))}


def colour_tokens(block: dict[str, str]) -> set[str]:
    return {name for name in block if name.startswith("--app-") and name.endswith(("-fg", "-bg"))}


def test_every_colour_token_has_a_light_and_a_dark_value() -> None:
    rules = _rules(APP_CSS.read_text())
    light = colour_tokens(_block(rules, ":root", None))
    dark = colour_tokens(_block(rules, ":root:not([data-theme])", "prefers-color-scheme:dark"))
    assert {"--app-ok-fg", "--app-bad-bg", "--app-warn-fg", "--app-danger-bg"} <= light
    assert light == dark, f"only in one mode: {sorted(light ^ dark)}"


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_every_text_and_background_pair_reaches_aa_contrast(mode: str) -> None:
    tokens = themes(APP_CSS.read_text())[mode]
    pairs = token_pairs(tokens) + declared_pairs(stylesheets())
    assert len(pairs) >= 20  # the badges, notices, toasts and flags are all found
    low = failures(APP_CSS.read_text(), stylesheets())[mode]
    assert low == [], f"under {AA_NORMAL_TEXT}:1 in {mode} mode: {low}"


# Pico's filled buttons, at rest and hovered (a button just clicked is hovered): white on blue.
BUTTON_PAIRS = [
    (f"{kind} button{state}", f"var(--pico-{kind}-inverse)", f"var(--pico-{kind}-{bg})")
    for kind in ("primary", "secondary")
    for state, bg in (("", "background"), (" hovered", "hover-background"))
]


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_picos_buttons_stay_readable_when_hovered(mode: str) -> None:
    tokens = themes(APP_CSS.read_text())[mode]
    low = [
        f"{where}: {ratio:.2f}"
        for where, text, background in BUTTON_PAIRS
        if (ratio := contrast(resolve(text, tokens), resolve(background, tokens))) < AA_NORMAL_TEXT
    ]
    assert low == [], f"under {AA_NORMAL_TEXT}:1 in {mode} mode: {low}"


def test_the_two_modes_really_differ_and_follow_picos_page_colour() -> None:
    tokens = themes(APP_CSS.read_text())
    page = {mode: resolve("var(--pico-background-color)", tokens[mode]) for mode in tokens}
    assert luminance(page["light"]) > 0.9
    assert luminance(page["dark"]) < 0.05
    # A dark badge background on the dark page, a light one on the light page.
    assert luminance(resolve("var(--app-ok-bg)", tokens["dark"])) < 0.1
    assert luminance(resolve("var(--app-ok-bg)", tokens["light"])) > 0.7


def test_a_low_contrast_colour_is_caught_with_its_rule() -> None:
    """The check is real: a pale green text for "ok" in dark mode's place fails it."""
    css = APP_CSS.read_text()
    dark_start = css.index("@media (prefers-color-scheme: dark)")
    weakened = css[:dark_start] + css[dark_start:].replace(
        "--app-ok-fg: ", "--app-ok-fg: #2f5d3a; --app-unused: ", 1
    )
    low = failures(weakened, {**stylesheets(), "app.css": weakened})
    assert low["light"] == []
    assert any(line.startswith("--app-ok-fg:") for line in low["dark"]), low["dark"]
    assert any(".badge-ok" in line for line in low["dark"]), low["dark"]


def test_the_contrast_formula_gives_wcags_own_numbers() -> None:
    assert contrast("#000", "#fff") == pytest.approx(21)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)
    assert contrast("rgb(19, 22.5, 30.5)", "rgb(19, 22.5, 30.5)") == pytest.approx(1)


def lowest(mode: str) -> tuple[float, str]:
    """The weakest pair of a mode, for the record (printed by -s)."""
    tokens = themes(APP_CSS.read_text())[mode]
    return min(
        (contrast(resolve(t, tokens), resolve(b, tokens)), where)
        for where, t, b in token_pairs(tokens) + declared_pairs(stylesheets())
    )
