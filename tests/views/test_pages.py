"""Server-rendered pages: every page, the 404s, language and direction, no third-party requests."""
import html as html_lib
import re

import pytest

from atrophy_pwa import paths
from atrophy_pwa.core import content

SLUGS = list(content.load(paths.CONTENT).cards)
PAGES = ["/en/", "/en/cards/", "/en/about", "/en/care", "/en/checklist"] + [f"/en/cards/{s}" for s in SLUGS]


@pytest.mark.parametrize("url", PAGES)
def test_page_renders_as_html(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    html = response.get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in html
    assert 'name="viewport"' in html and "<main" in html and "<h1" in html


@pytest.mark.parametrize("url", PAGES)
def test_page_loads_nothing_from_another_origin(client, app, url):
    html = client.get(url).get_data(as_text=True)
    without_links = re.sub(r"<a [^>]*>", "", html)
    for attribute in re.findall(r'(?:src|href|action)="([^"]*)"', without_links):
        assert not re.match(r"^(https?:)?//", attribute), attribute
    # The only links off the site are a source's own address, for a person to check it; no referrer sent.
    source_urls = {s["url"] for s in app.extensions["content"].sources.values() if s["url"]}
    for tag, href in re.findall(r'(<a [^>]*href="((?:https?:)?//[^"]*)"[^>]*>)', html):
        assert href in source_urls and 'rel="noreferrer"' in tag, tag


def test_card_page_shows_sections_sources_and_review_status(client):
    card = content.load(paths.CONTENT).cards[SLUGS[0]]
    html = client.get(f"/en/cards/{SLUGS[0]}").get_data(as_text=True)
    assert card["title"].replace("'", "&#39;") in html
    assert card["sections"][0]["heading"].replace("'", "&#39;") in html
    assert "Sources" in html and "Written by the project team." in html
    assert "Last changed: " in html and "Next review due: " in html


def test_card_list_links_every_card(client):
    html = client.get("/en/cards/").get_data(as_text=True)
    for slug in SLUGS:
        assert f'href="/en/cards/{slug}"' in html


def test_about_names_sources_version_and_disclaimer(client, app):
    html = client.get("/en/about").get_data(as_text=True)
    loaded = app.extensions["content"]
    assert loaded.version in html
    for source in loaded.sources.values():
        assert (source["publisher"] or "Publisher not named on the page") in html
    assert "Who wrote this guide" in html and "Content last changed" in html
    who = html.split("Who wrote this guide")[1].split("<h2")[0]
    assert "No doctor or nurse has reviewed it yet." in who and "atrophy-pwa" not in who
    assert "not a diagnosis" in html


@pytest.mark.parametrize("url", ["/en/cards/no-such-card", "/zz/", "/zz/cards/", "/en/nothing-here", "/../etc/passwd"])
def test_unknown_pages_are_a_real_404_page(client, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


@pytest.mark.parametrize("header, expected", [
    (None, "/en/"), ("en-GB,en;q=0.9", "/en/"), ("de-DE", "/en/"), ("!!@@##;q=xx", "/en/"), ("*", "/en/"),
])
def test_root_redirects_to_a_language(client, header, expected):
    response = client.get("/", headers={"Accept-Language": header} if header else {})
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_static_assets_are_hashed_and_immutable(client):
    html = client.get("/en/").get_data(as_text=True)
    css = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', html).group(1)
    response = client.get(css)
    response.close()
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    assert client.get("/static/app.0000000000.css").status_code == 404
    assert client.get("/static/../pyproject.toml").status_code == 404


def test_pages_are_cached_per_path(app, client):
    first = client.get("/en/cards/").get_data()
    app.extensions["locale_views"].clear()
    assert client.get("/en/cards/").get_data() == first


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


@pytest.mark.parametrize("url", ["/en/cards/", f"/en/cards/{SLUGS[0]}", "/en/about", "/en/care", "/en/checklist"])
def test_head_first_gives_the_same_page_as_get(client, app, url):
    """A HEAD before any GET renders and caches the page as a GET would: language links to this page."""
    head = client.head(url)
    assert head.status_code == 200 and head.get_data() == b""
    html = client.get(url).get_data(as_text=True)
    other = url.replace("/en/", "/fr/", 1)
    assert f'href="{other}"' in html or f'formaction="{other}"' in html  # a flow step's language buttons
    assert head.headers["ETag"] == client.get(url).headers["ETag"]


def page_entries(app):
    return sorted(key for key in app.extensions["cache"][next(iter(app.extensions["cache"]))].backend._cache
                  if "page:" in key)


def test_junk_query_parameters_make_no_cache_entries(app, client):
    for junk in ["", "?a=1", "?a=2", "?b=" + "x" * 2000, "?region=GB&region=FR", "?%ff=%fe"]:
        assert client.get("/en/cards/" + junk).status_code == 200
    assert len(page_entries(app)) == 1


def test_region_pages_are_cached_per_known_region_only(app, client):
    for query in ["?region=GB", "?region=gb", "?region=%20gb", "?region=ZZ", "?region=" + "Q" * 500, ""]:
        assert client.get("/en/care" + query).status_code == 200
    assert len(page_entries(app)) == 2  # GB, and no known region
    html = client.get("/en/care").get_data(as_text=True)
    assert "Q" * 50 not in html and "ZZ" not in html and 'action="/en/care"' in html
    assert 'action="/en/care?region=GB"' in client.get("/en/care?region=gb").get_data(as_text=True)


def test_home_about_and_first_card_say_the_guide_is_for_adults(client):
    """A weak or floppy child is not sent through the adult advice: the reader is told where to go, and
    (NHS) that a floppy child, or one who became weak suddenly, needs help now, on the home and about pages alike."""
    home = client.get("/en/").get_data(as_text=True)
    assert "This guide is written for adults. A floppy or suddenly weak baby or child needs help now." in home
    assert 'href="/en/about#for-adults"' in home
    about = client.get("/en/about").get_data(as_text=True)
    assert 'id="for-adults"' in about and "A baby or child who is floppy, or who became weak all of a sudden, needs help now" in about
    assert "call your local emergency number or go to a hospital" in about and "health center" in about
    card = client.get("/en/cards/what-is-muscle-atrophy").get_data(as_text=True)
    assert "says where to get help for a child" in card and "Safety advice from published guidance." in card


def test_about_lists_the_seed_pages_and_the_guidance_pages_apart(client, app):
    html = client.get("/en/about").get_data(as_text=True)
    seeds, guidance = html.split("<h2>Published guidance</h2>")
    for source in app.extensions["content"].sources.values():
        title = html_lib.escape(source["title"], quote=True).replace("&#x27;", "&#39;")
        assert (title in guidance.split("</ul>")[0]) == (source["kind"] == "guidance"), source["id"]
        if source["kind"] == "seed":
            assert title in seeds.split("<h2>Sources</h2>")[1]
