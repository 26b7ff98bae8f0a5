"""Render static/icons/icon.svg to the PNG icons the web app manifests name, in Debian's Chromium.

    python scripts/make_icons.py            # writes static/icons/icon-192.png, icon-512.png, icon-maskable-512.png
"""
import base64
import pathlib

from playwright.sync_api import sync_playwright

ICONS = pathlib.Path(__file__).resolve().parent.parent / "static" / "icons"
SIZES = [  # file, size, inset for the maskable safe zone, background, transparent
    ("icon-192.png", 192, 0, "transparent", True),
    ("icon-512.png", 512, 0, "transparent", True),
    ("icon-maskable-512.png", 512, 56, "#0b5c4d", False),
]


def page_html(svg: str, size: int, inset: int, background: str) -> str:
    side = size - 2 * inset
    return (f"<html><body style='margin:0;background:{background}'><img src='data:image/svg+xml;base64,{svg}' "
            f"width='{side}' height='{side}' style='display:block;margin:{inset}px'></body></html>")


def main():
    svg = base64.b64encode((ICONS / "icon.svg").read_bytes()).decode()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                             args=["--no-sandbox", "--disable-gpu"])
        for name, size, inset, background, transparent in SIZES:
            page = browser.new_page(viewport={"width": size, "height": size})
            page.set_content(page_html(svg, size, inset, background))
            page.screenshot(path=str(ICONS / name), omit_background=transparent)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
