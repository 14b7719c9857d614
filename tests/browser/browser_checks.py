"""Checks that every page must pass: width on a phone, axe-core, named controls.

They read what Chromium itself computes (layout sizes, the accessibility tree a screen
reader receives) rather than the markup, so they judge what a person actually gets.
"""

from __future__ import annotations

from typing import Any

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Roles of the controls a person can operate; each needs an accessible name.
CONTROL_ROLES = {
    "button",
    "checkbox",
    "combobox",
    "listbox",
    "menuitemcheckbox",
    "menuitemradio",
    "radio",
    "searchbox",
    "slider",
    "spinbutton",
    "switch",
    "textbox",
}


def accessibility_tree(page: Any) -> list[dict[str, Any]]:
    """Return Chromium's accessibility tree of the page (what a screen reader gets)."""
    session = page.context.new_cdp_session(page)
    try:
        return session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()


def ax_value(node: dict[str, Any], key: str) -> str:
    """Return a node's role or name as text."""
    return str(node.get(key, {}).get("value", "") or "")


def ax_name_source(node: dict[str, Any]) -> str:
    """Return where a node's accessible name comes from: "label", "placeholder", …"""
    for source in node.get("name", {}).get("sources", []):
        if "value" in source and not source.get("superseded"):
            return (
                source.get("nativeSource") or source.get("attribute") or source["type"]
            )
    return ""


def unlabelled_controls(page: Any) -> list[str]:
    """Describe the controls with no accessible name, or only a placeholder for one.

    A placeholder vanishes as soon as someone types, so it does not count as a label
    (axe-core accepts it; people relying on the label do not).
    """
    problems = []
    for node in accessibility_tree(page):
        role = ax_value(node, "role")
        if node.get("ignored") or role not in CONTROL_ROLES:
            continue
        name = ax_value(node, "name").strip()
        if not name:
            problems.append(f"{role} without a name")
        elif ax_name_source(node) == "placeholder":
            problems.append(f"{role} named only by its placeholder {name!r}")
    return problems


def assert_fits_width(page: Any) -> None:
    """Fail when the page scrolls sideways or ignores the device width."""
    widths = page.evaluate(
        """() => ({scroll: document.documentElement.scrollWidth,
                   client: document.documentElement.clientWidth,
                   inner: window.innerWidth})"""
    )
    assert widths["scroll"] <= widths["client"], (
        f"{page.url} scrolls sideways: content is {widths['scroll']}px wide "
        f"in a {widths['client']}px viewport"
    )
    # Without <meta name=viewport content="width=device-width"> a phone lays the page
    # out 980px wide and shrinks it, which hides overflow but makes text unreadable.
    assert widths["inner"] <= PHONE["width"], (
        f"{page.url} is laid out {widths['inner']}px wide on a {PHONE['width']}px phone"
    )


def run_axe(page: Any, axe_source: str) -> list[dict[str, Any]]:
    """Run axe-core at WCAG 2.1 A and AA on the page; return its violations."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        # Evaluated through the debugging protocol, so a strict CSP cannot block it.
        page.evaluate(axe_source)
    result = page.evaluate(
        """tags => axe.run(document, {
            runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS,
    )
    return result["violations"]


def describe_violations(violations: list[dict[str, Any]]) -> str:
    """Return axe violations as readable lines: id, help, and each offending node."""
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation.get('impact')}): {violation['help']}"
        )
        lines.append(f"  {violation.get('helpUrl', '')}")
        for node in violation["nodes"]:
            lines.append(f"  - {node['target']}: {node.get('failureSummary', '')}")
    return "\n".join(lines)
