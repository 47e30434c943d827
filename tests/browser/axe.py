"""axe-core in a Playwright page: what it finds against WCAG 2.2 AA, and a readable account of it.

axe-core comes from the npm registry at the version package-lock.json pins (`make test` installs
it). It is evaluated through the DevTools protocol, which the portal's Content-Security-Policy
(no inline scripts) does not govern, unlike a script element added to the page.
"""

from pathlib import Path

AXE_PATH = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
SERIOUS = {"serious", "critical"}

RUN_AXE = """async (tags) => {
    const results = await axe.run(document, {
        runOnly: {type: "tag", values: tags},
        resultTypes: ["violations"],
    });
    return results.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({
            target: n.target.map((t) => Array.isArray(t) ? t.join(" >>> ") : t).join(", "),
            html: n.html,
            summary: n.failureSummary || "",
        })),
    }));
}"""


def axe_source() -> str:
    if not AXE_PATH.exists():
        raise RuntimeError(
            f"axe-core is not installed ({AXE_PATH} is missing). "
            "Run `make axe` (or `npm ci --no-audit --no-fund` at the top of the project)."
        )
    return AXE_PATH.read_text(encoding="utf-8")


def violations(page, tags=WCAG_TAGS) -> list[dict]:
    """Every violation axe-core finds in the page as it is now, whatever its impact."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # A plain expression (not a function) that Playwright evaluates as it is.
        page.evaluate(f"void (() => {{ {axe_source()}\n}})()")
    return page.evaluate(RUN_AXE, list(tags))


def serious_violations(page) -> list[dict]:
    return [v for v in violations(page) if v["impact"] in SERIOUS]


def describe(found: list[dict], where: str) -> str:
    """The violations as lines a person fixing the page can act on."""
    lines = [f"{where}: {len(found)} accessibility violation(s)"]
    for violation in found:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"]:
            lines.append(f"    at {node['target']}")
            lines.append(f"       {node['html'][:200]}")
            for detail in node["summary"].splitlines():
                lines.append(f"       {detail}")
    return "\n".join(lines)
