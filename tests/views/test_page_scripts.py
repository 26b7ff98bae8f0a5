"""Each page loads only the scripts of the components it shows (views/scripts.py), each once, after the
scripts they call; the home page no flow code, the flow pages no card code."""
import re

import pytest

from atrophy_pwa import paths
from atrophy_pwa.serving import addresses

JS = paths.STATIC / "js"
STARTS = re.compile(r'modules(?:\["([a-z-]+)"\]|\.([A-Za-z]+)) = ')         # atrophy.modules["x"] = start
DEFINES = re.compile(r'atrophy\.([A-Za-z]+) = ')                              # atrophy.render = {...}
CALLS = re.compile(r'atrophy\.([A-Za-z]+)\b')                                   # atrophy.store.write(...)
AT_LOAD = re.compile(r'const \{([^}]+)\} = atrophy;')                            # const { render } = atrophy;
LIBRARIES = {"triage", "store", "render", "app"}  # start no component; called by those that do
CALLED_BY = {  # scripts called by the components of others: used where one of those is shown
    "care-flow": {"handover"}, "checklist": {"handover"},  # the hand-over page draws results with them
    "lean-qr": {"handover"},  # the QR of a code
}
# Names a script uses only where its page has what defines them (not a missing script):
ONLY_WHERE_DEFINED = {
    ("render", "handover"),  # render.handover loads handover.js when a result is drawn (the page names it)
    ("handover", "careResult"), ("handover", "checklistResult"),  # its own page's module, which loads both flows
    ("store", "triage"),  # only in numbersHere: a page calling it loads triage.js (test_numbers_here_has_the_rule)
    ("app", "modules"), ("care-flow", "modules"), ("checklist", "modules"), ("emergency", "modules"),
    ("handover", "modules"), ("listen", "modules"), ("offline", "modules"), ("packs", "modules"),
}


def sources() -> dict:
    return {path.stem: path.read_text(encoding="utf-8") for path in JS.glob("*.js")}


def defined_by() -> dict:
    """atrophy.<name> -> the script that defines it."""
    return {name: script for script, text in sources().items() for name in DEFINES.findall(text)}


def pages(app) -> dict:
    """url -> HTML of every page in English, and a care and a checklist result made without JavaScript."""
    client = app.test_client()
    with app.test_request_context():
        urls = [url for url in addresses.pages(app) if url.startswith("/en/") and "/api/" not in url]
    found = {url: client.get(url) for url in urls}
    found["POST /en/care"] = client.post("/en/care", data={"show": "result", "yes": "balance_falls"})
    found["POST /en/checklist"] = client.post("/en/checklist", data={"none": "1"})
    assert all(response.status_code == 200 for response in found.values()), \
        {url: r.status_code for url, r in found.items() if r.status_code != 200}
    return {url: response.get_data(as_text=True) for url, response in found.items()
            if response.mimetype == "text/html"}


def loaded(html: str) -> list[str]:
    return [re.search(r"/([a-z-]+)\.[0-9a-f]{10}\.js$", src)[1] for src in re.findall(r'<script[^>]* src="([^"]+)"', html)]


@pytest.fixture(scope="module")
def every_page():
    from atrophy_pwa import create_app
    return pages(create_app({"TESTING": True}))


def test_every_component_is_started_and_every_script_is_used(every_page):
    texts = sources()
    starts = {script: {a or b for a, b in STARTS.findall(text)} for script, text in texts.items()}
    starter = {module: script for script, modules in starts.items() for module in modules}
    for url, html in every_page.items():
        scripts = loaded(html)
        assert len(scripts) == len(set(scripts)), f"{url} loads a script twice: {scripts}"
        shown = set(re.findall(r'data-module="?([a-z-]+)', html))
        assert shown, url
        missing = {module: starter[module] for module in shown if starter[module] not in scripts}
        assert not missing, f"{url} shows components whose scripts it does not load: {missing}"
        assert scripts[-1] == "app", f"{url}: app.js starts the components, so it runs last: {scripts}"
        unused = [s for s in scripts if s not in LIBRARIES and not starts.get(s, set()) & shown and not CALLED_BY.get(s, set()) & shown]
        assert not unused, f"{url} loads scripts none of its components use: {unused}"


def test_each_script_runs_after_what_it_calls(every_page):
    texts, defines = sources(), defined_by()
    for url, html in every_page.items():
        scripts = loaded(html)
        for position, script in enumerate(scripts):
            if script == "lean-qr":
                continue
            at_load = {name.strip() for names in AT_LOAD.findall(texts[script]) for name in names.split(",")}
            for name in at_load:
                assert defines[name] in scripts[:position], f"{url}: {script}.js needs {defines[name]}.js first"
            for name in set(CALLS.findall(texts[script])) - at_load:
                if (script, name) in ONLY_WHERE_DEFINED or defines.get(name) == script:
                    continue
                assert defines[name] in scripts, f"{url}: {script}.js calls atrophy.{name} of {defines[name]}.js"


def test_numbers_here_has_the_rule(every_page):
    callers = {script for script, text in sources().items() if "numbersHere(" in text and script != "store"}
    assert callers >= {"emergency", "care-flow", "checklist"}
    for url, html in every_page.items():
        scripts = loaded(html)
        if callers & set(scripts):
            assert "triage" in scripts, f"{url}: store.numbersHere needs triage.regionFromLanguages (triage.js)"


def test_home_has_no_flow_code_and_flow_pages_no_card_code(every_page):
    home = set(loaded(every_page["/en/"]))
    assert home == {"triage", "store", "render", "emergency", "offline", "app"}
    assert "triage" not in loaded(every_page["/en/cards/"])  # no emergency box there: no rule
    for url in ("/en/care", "/en/checklist"):
        assert not {"emergency", "packs"} & set(loaded(every_page[url])), url
    assert "care-flow" not in loaded(every_page["/en/checklist"]) and "checklist" not in loaded(every_page["/en/care"])


def test_flow_pages_load_the_hand_over_code_only_with_a_result(every_page):
    """handover.js and the QR script are not in the flow pages' first visit: the result's box names them,
    by their hashed addresses, for render.handover to load when it draws a result on the device."""
    for url in ("/en/care", "/en/checklist"):
        html = every_page[url]
        assert not {"handover", "lean-qr"} & set(loaded(html)), url
        box = re.search(r'<template data-handover-template data-handover-scripts="([^"]+)" '
                        r'data-handover-orders="[^"]+" data-handover-address="/en/handover">', html)
        assert box, url
        scripts = box[1].split(" ")
        assert [re.search(r"/([a-z-]+)\.[0-9a-f]{10}\.js$", src)[1] for src in scripts] == ["lean-qr", "handover"]
        assert all((paths.STATIC / "js" / src.split("/js/")[1]).with_suffix("").with_suffix(".js").is_file()
                   for src in scripts), scripts
    assert loaded(every_page["/en/handover"])[:2] == ["lean-qr", "handover"]  # it decodes a code as it opens
