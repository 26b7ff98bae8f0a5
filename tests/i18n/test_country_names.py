"""Country names with their grammar: every country in every language, on the server and on the device.

The names come from CLDR (Babel); the words around them ("au Canada", "no Brasil", "भारत में") from
translations/<locale>/countries.toml. A broken grammar file never stops the app, and a warning names it.
"""
import html
import json
import logging
import re
import shutil
import subprocess

import pytest
from babel import Locale

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import content, emergency
from triage_node import ROOT, sent_script

COUNTRIES = list(content.load(paths.CONTENT).countries)
LOCALES = ["en"] + sorted(p.name for p in paths.TRANSLATIONS.iterdir() if (p / "LC_MESSAGES").is_dir())
HARNESS = ROOT / "tests" / "node" / "country_words.js"

# What each language puts around the name ({name}: the CLDR name), and phrases a native speaker writes.
RULES = {
    "en": (r"in (the )?{name}", {"CA": "in Canada", "US": "in the United States", "GB": "in the United Kingdom"}),
    "fr": (r"(au|aux|en|à) {name}", {"CA": "au Canada", "FR": "en France", "US": "aux États-Unis", "IQ": "en Irak",
                                     "MT": "à Malte", "NL": "aux Pays-Bas"}),
    "pt": (r"(no|na|nos|nas|em) {name}", {"BR": "no Brasil", "PT": "em Portugal", "US": "nos Estados Unidos",
                                          "FR": "na França"}),
    "es": (r"en (el |la |los |las )?{name}", {"US": "en Estados Unidos", "GB": "en el Reino Unido", "MX": "en México"}),
    "ar": (r"في {name}", {"CA": "في كندا", "EG": "في مصر"}),
    "hi": (r"{name} में", {"IN": "भारत में", "US": "संयुक्त राज्य में"}),
    "sw": (r"nchini {name}", {"KE": "nchini Kenya", "US": "nchini Marekani"}),
}


@pytest.fixture(scope="module")
def shared_app():
    return create_app({"TESTING": True})


def test_every_shipped_language_has_rules_here():
    assert sorted(RULES) == sorted(LOCALES), "a new language needs its countries.toml and its rule here"


@pytest.mark.parametrize("code", LOCALES)
def test_every_country_has_its_phrase(shared_app, code):
    """For every country: a non-empty phrase holding the CLDR name, in the form the language's rules allow."""
    pattern, examples = RULES[code]
    territories = Locale.parse(code).territories
    with shared_app.test_request_context(f"/{code}/"):
        for region in COUNTRIES:
            name = territories[region]
            phrase = emergency.numbers(region, code)["in_country"]
            assert phrase.strip() and name in phrase, (code, region, phrase)
            assert re.fullmatch(pattern.format(name=re.escape(name)), phrase), (code, region, phrase)
        for region, expected in examples.items():
            if region in COUNTRIES:
                assert emergency.numbers(region, code)["in_country"] == expected


def test_french_au_only_before_a_consonant(shared_app):
    """"au" is for masculine names that start with a consonant: "au Irak" is wrong, "en Irak" right."""
    with shared_app.test_request_context("/fr/"):
        for region in COUNTRIES:
            phrase = emergency.numbers(region, "fr")["in_country"]
            if phrase.startswith("au "):
                assert phrase[3].lower() not in "aeiouéèêâîôûœ", phrase


def test_the_numbers_json_carries_every_phrase(client):
    """One document for every language, so a device can switch language offline; the same phrases as the pages."""
    app = client.application
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    assert [c["code"] for c in countries] == COUNTRIES
    with app.test_request_context("/"):
        for country in countries:
            assert sorted(country["in_country"]) == sorted(LOCALES)
            for code in LOCALES:
                assert country["in_country"][code] == emergency.numbers(country["code"], code)["in_country"]


def test_the_triage_api_says_the_phrase(client):
    found = client.post("/api/v1/triage?region=US", json={"answers": {"face_droop": True}},
                        headers={"Accept-Language": "fr"}).get_json()["emergency_number"]
    assert found["name"] == "États-Unis" and found["in_country"] == "aux États-Unis"


def test_the_picker_sorts_accented_names_among_the_others(client):
    page = client.get("/fr/?region=CA").get_data(as_text=True)
    names = re.findall(r'<option value="[A-Z]{2}"[^>]*>([^<]+)</option>', page)
    assert names.index("États-Unis") < names.index("Finlande") and names.index("Égypte") < names.index("Espagne")


def device_fill(countries, pages):
    """Each page's pattern with {in_country} filled by the device's render.inCountry (under node)."""
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed (Debian package nodejs; ./scripts/test installs it)"
    done = subprocess.run([node, str(HARNESS), str(sent_script("render.js"))], input=json.dumps({"countries": countries, "pages": pages}),
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def one(pattern, page):
    found = re.findall(pattern, page)
    assert len(found) == 1, (pattern, found)
    return html.unescape(found[0])


def test_server_pages_and_the_device_say_the_same(client):
    """For every country in every language, the home banner's sentences as the server writes them (no JS)
    are the ones the device writes from the numbers JSON into the same page's patterns."""
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    server, pages = [], []
    for code in LOCALES:
        for region in COUNTRIES:
            page = client.get(f"/{code}/?region={region}").get_data(as_text=True)
            banner = page[page.index('<aside class="app-emergency"'):]
            server += [one(r"<summary>([^<]+)</summary>", banner), one(r'data-slot="note">([^<]+)<', banner)]
            pages += [{"lang": code, "code": region, "pattern": one(r'data-change="([^"]+)"', banner)},
                      {"lang": code, "code": region, "pattern": one(r'data-note="([^"]+)"', banner)}]
            assert emergency_phrase(countries, region, code) in server[-1]
    assert device_fill(countries, pages) == server


def emergency_phrase(countries, region, code):
    return next(c for c in countries if c["code"] == region)["in_country"][code]


@pytest.mark.parametrize("code, region", [("fr", "CA"), ("pt", "BR"), ("sw", "KE")])
def test_a_result_says_the_same_with_and_without_javascript(client, code, region):
    """The care flow's result (no JS) and the on-device result's template (offline_care_card.html)."""
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    result = client.post(f"/{code}/care?region={region}", data={"step": "0", "yes": ["face_droop"]}).get_data(as_text=True)
    start = client.get(f"/{code}/care").get_data(as_text=True)
    pattern = one(r'<summary data-change="([^"]+)"', start)
    assert device_fill(countries, [{"lang": code, "code": region, "pattern": pattern}]) == \
        [one(r"<summary>([^<]+)</summary>", result)]


# --- broken grammar files ------------------------------------------------------------------------

def with_grammar(tmp_path, code, text):
    directory = tmp_path / "translations"
    shutil.copytree(paths.TRANSLATIONS, directory)
    target = directory / code / "countries.toml"
    if text is None:
        target.unlink()
    else:
        target.write_text(text, encoding="utf-8")
    return directory, target


def phrases_with(tmp_path, caplog, code, text):
    directory, target = with_grammar(tmp_path, code, text)
    with caplog.at_level(logging.WARNING, logger="atrophy_pwa.i18n.country_names"):
        app = create_app({"TESTING": True, "TRANSLATIONS_DIR": str(directory)})
    client = app.test_client()
    countries = client.get("/api/v1/emergency-numbers").get_json()["countries"]
    assert client.get(f"/{code}/?region=CA").status_code == 200
    return {c["code"]: c["in_country"][code] for c in countries}, target, caplog.text


def test_a_file_that_is_not_toml_leaves_the_name_alone(tmp_path, caplog):
    phrases, target, said = phrases_with(tmp_path, caplog, "fr", 'default = "en {name}"\n[[forms]\npattern = "au"\n')
    assert phrases["CA"] == "Canada" and phrases["FR"] == "France"
    assert f"{target}: cannot be read" in said and "line 2" in said


def test_a_missing_file_is_reported(tmp_path, caplog):
    phrases, target, said = phrases_with(tmp_path, caplog, "sw", None)
    assert phrases["KE"] == "Kenya" and f"{target}: missing" in said


def test_a_form_without_the_name_keeps_its_countries_on_the_default(tmp_path, caplog):
    text = 'default = "en {name}"\n\n[[forms]]\npattern = "au"\ncountries = ["CA"]\n\n' \
           '[[forms]]\npattern = "aux {name}"\ncountries = ["US", "XX", "US"]\n'
    phrases, target, said = phrases_with(tmp_path, caplog, "fr", text)
    assert phrases["CA"] == "en Canada" and phrases["US"] == "aux États-Unis"
    assert f"{target}:4: forms 1: pattern must be one phrase with {{name}}" in said
    assert f"{target}:9: 'XX' is not a country" in said and "'US' is in two forms" in said


def test_a_default_without_the_name_is_reported(tmp_path, caplog):
    phrases, target, said = phrases_with(tmp_path, caplog, "pt", '# grammar\ndefault = "em"\n')
    assert phrases["BR"] == "Brasil" and f"{target}:2: default must be one phrase with {{name}}" in said
