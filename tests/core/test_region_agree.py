"""One order for choosing the country of the emergency number: the device (static/js/store.js numbersHere,
run under node on every test run) shows the number of the same country as the server (emergency.py
request_region) for the same ?region= and languages: ?region= first, even when it names a country we have
no number for, then the phone's languages. A country chosen on the device comes between the two (the
server has none to know)."""
import itertools
import json
import shutil
import subprocess
from pathlib import Path

from atrophy_pwa.core import emergency
from triage_node import sent_script

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "node" / "region.js"

SEARCHES = [None, "GB", "gb", " us ", "XX", "", "1"]
LANGUAGES = [[], ["en"], ["en-GB"], ["en-gb", "en"], ["fr-CA", "en-US"], ["en", "en-GB"], ["en-ZZ", "en-GB"],
             ["es-419", "es-MX"], ["pt_BR"], ["sr-Latn-RS"], ["hi-IN"], ["zh-Hant-TW"]]


def device(countries, cases) -> list:
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed to run static/js/store.js (Debian package nodejs; ./scripts/test installs it)"
    done = subprocess.run([node, str(HARNESS), str(sent_script("triage.js")), str(sent_script("store.js"))],
                          input=json.dumps({"countries": countries, "cases": cases}),
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def server(app, search, languages):
    headers = {"Accept-Language": ", ".join(f"{tag};q={1 - i / 10:.1f}" for i, tag in enumerate(languages))} if languages else {}
    with app.test_request_context("/en/care", query_string=None if search is None else {"region": search}, headers=headers):
        return emergency.request_region()


def test_device_and_server_choose_the_same_country(app, client):
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    cases = [{"search": "" if search is None else f"?region={search}", "languages": languages, "chosen": None}
             for search, languages in itertools.product(SEARCHES, LANGUAGES)]
    js = device(countries, cases)
    py = [server(app, search, languages) for search, languages in itertools.product(SEARCHES, LANGUAGES)]
    differ = [(case, j, p) for case, j, p in zip(cases, js, py) if j != p]
    assert not differ, f"{len(differ)} differ; first (case, device, server): {differ[:3]}"
    assert {"GB", "US", None} <= set(py)  # the address, the languages and no number all decide somewhere


def test_a_country_chosen_on_the_device_comes_after_the_address_and_before_the_languages(client):
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    cases = [{"search": "", "languages": ["en-GB"], "chosen": "US"},
             {"search": "?region=KE", "languages": ["en-GB"], "chosen": "US"},
             {"search": "?region=XX", "languages": ["en-GB"], "chosen": "US"}]
    assert device(countries, cases) == ["US", "KE", None]
