#!/usr/bin/env python3
"""Accessibility audit of the scrutiny reports in a real browser (`make audit`).

Headless Chromium (Debian's `chromium` and `chromium-driver`) driven by Selenium loads
each report.html given on the command line, and:

- runs axe-core 4.x (the `axe.min.js` shipped in the `axe-playwright-python` wheel,
  injected through Selenium; Playwright itself is not needed) with the WCAG 2.2 A and
  AA rule tags, and prints every violation;
- measures horizontal overflow (WCAG 2.2 1.4.10 Reflow): the page must not scroll
  sideways at 320 CSS px (a phone), at 400% zoom of a 1280 px window (also 320 CSS px,
  at 4 device pixels per CSS pixel) or at 200% zoom; wide tables scroll inside their
  own region, which is allowed;
- saves screenshots at 320 px and at 200% zoom into the output folder (.audit/).

Exit status: 0 when there is no violation and no overflow, 1 otherwise. This is audit
tooling only: the product binary never depends on Python or Chromium.
"""

import json
import os
import sys
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

import axe_playwright_python

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# (name, CSS width, CSS height, device pixels per CSS pixel, mobile)
VIEWPORTS = [
    ("320px", 320, 800, 1, True),
    ("zoom400", 320, 200, 4, False),  # a 1280 x 800 window at 400%
    ("zoom200", 640, 400, 2, False),  # a 1280 x 800 window at 200%
    ("desktop", 1280, 800, 1, False),
]
SCREENSHOTS = {"320px", "zoom200"}

OVERFLOW_JS = """
const root = document.documentElement;
const width = root.clientWidth;
const out = [];
for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 && r.height === 0) continue;
  if (r.right <= width + 1 && r.left >= -1) continue;
  // Inside a region that scrolls sideways on its own: allowed by 1.4.10 for data tables.
  let p = el.parentElement, scrolled = false;
  while (p && p !== document.body) {
    const s = getComputedStyle(p);
    if (s.overflowX === 'auto' || s.overflowX === 'scroll' || s.overflowX === 'hidden') { scrolled = true; break; }
    p = p.parentElement;
  }
  if (scrolled) continue;
  out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.split(' ').join('.') : '') + ' right=' + Math.round(r.right));
  if (out.length >= 8) break;
}
return {scrollWidth: root.scrollWidth, clientWidth: width, bodyScrollWidth: document.body.scrollWidth, offenders: out};
"""


def driver():
    options = webdriver.ChromeOptions()
    options.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,800"]:
        options.add_argument(arg)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    return webdriver.Chrome(options=options, service=service)


def set_viewport(d, width, height, scale, mobile):
    d.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                      {"width": width, "height": height, "deviceScaleFactor": scale, "mobile": mobile})


def run_axe(d, source):
    d.execute_script(source)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations", "incomplete"]}
    return d.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, arguments[0]).then(r => done(JSON.stringify(r))).catch(e => done(JSON.stringify({error: String(e)})));",
        options)


def main(argv):
    if len(argv) < 3:
        print("usage: audit.py OUT_DIR report.html [report.html …]", file=sys.stderr)
        return 2
    out = Path(argv[1])
    out.mkdir(parents=True, exist_ok=True)
    axe_js = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
    failures = 0
    d = driver()
    d.set_script_timeout(120)
    try:
        for report in argv[2:]:
            path = Path(report).resolve()
            label = path.parent.name
            print(f"== {label}: {path}")
            set_viewport(d, 1280, 800, 1, False)
            d.get(path.as_uri())
            result = json.loads(run_axe(d, axe_js))
            if "error" in result:
                print(f"  axe failed: {result['error']}")
                failures += 1
                continue
            version = result.get("testEngine", {}).get("version", "?")
            rules = {k: len(result.get(k, [])) for k in ["violations", "passes", "incomplete", "inapplicable"]}
            print(f"  axe-core {version}, tags {','.join(TAGS)}: {sum(rules.values())} rules run: "
                  f"{rules['violations']} violations, {rules['passes']} passed, "
                  f"{rules['incomplete']} need review, {rules['inapplicable']} inapplicable")
            for v in result["violations"]:
                failures += 1
                print(f"  VIOLATION {v['id']} ({v['impact']}): {v['help']} — {len(v['nodes'])} element(s)")
                for node in v["nodes"][:5]:
                    print(f"    {' '.join(node['target'])}: {node.get('failureSummary', '').splitlines()[-1:]}")
            for v in result.get("incomplete", []):
                where = "; ".join(" ".join(n["target"]) for n in v["nodes"][:3])
                print(f"  needs review (axe could not decide; not a violation): {v['id']}: {v['help']} — {where}")

            for name, width, height, scale, mobile in VIEWPORTS:
                set_viewport(d, width, height, scale, mobile)
                d.get(path.as_uri())
                m = d.execute_script(OVERFLOW_JS)
                sideways = m["scrollWidth"] > m["clientWidth"]
                print(f"  {name}: {width} CSS px at {scale}x: scrollWidth {m['scrollWidth']} / clientWidth {m['clientWidth']}"
                      f" {'OVERFLOWS' if sideways else 'no horizontal scroll'}")
                if sideways:
                    failures += 1
                    for o in m["offenders"]:
                        print(f"    sticks out: {o}")
                if name in SCREENSHOTS:
                    d.save_screenshot(str(out / f"{label}-{name}-top.png"))
                    d.execute_script("const t = document.querySelector('.measure .scroll'); if (t) t.scrollIntoView();")
                    d.save_screenshot(str(out / f"{label}-{name}-table.png"))
            d.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    finally:
        d.quit()
    print(f"audit: {failures} problem(s); screenshots in {out}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
