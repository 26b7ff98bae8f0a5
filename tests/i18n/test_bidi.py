"""English names inside right-to-left text are isolated: on every Arabic page that names a source (the
source lists and the guidance labels under card headings), each page title and publisher (English, kept as
the page has it) stands in its own <bdi lang="en" dir="ltr">, so its words and its punctuation keep their
order inside the Arabic sentence around it."""
import re

from markupsafe import escape

from atrophy_pwa import paths
from atrophy_pwa.core import content

ISOLATED = re.compile(r'<bdi lang="en" dir="ltr">([^<]*)</bdi>')


def names(source) -> list[str]:
    return [str(escape(source["title"]))]


def bare_names(page: str, sources) -> list[str]:
    """Each source's title found in the page outside an isolate of its own. (A publisher's name may also stand
    inside a translated meaning, such as NHS in Arabic; that whole text is the translator's.)"""
    outside = ISOLATED.sub("", page)
    return [name for s in sources for name in names(s) if re.search(rf"[>\s:;,(]{re.escape(name)}[<\s.,;:)]", outside)]


def test_every_source_title_and_publisher_is_isolated_in_arabic(client):
    loaded = content.load(paths.CONTENT)
    pages = ["/ar/about"] + [f"/ar/cards/{slug}" for slug in loaded.cards]
    for url in pages:
        page = client.get(url).get_data(as_text=True)
        cited = loaded.sources.values() if url.endswith("about") else [loaded.sources[k] for k in loaded.cards[url.rsplit("/", 1)[1]]["sources"]]
        isolated = ISOLATED.findall(page)
        for source in cited:
            assert all(str(escape(n)) in isolated for n in (source["title"], source["publisher"]) if n), (url, source["id"])
        lists = re.findall(r'<ul class="app-sources">.*?</ul>|<p class="app-card__guidance">.*?</p>', page, re.S)
        assert lists and not bare_names("".join(lists), cited), url


def test_a_title_outside_an_isolate_is_found():
    source = {"title": "Muscle Atrophy", "publisher": "Healthgrades"}
    assert bare_names('<li><bdi lang="en" dir="ltr">Healthgrades</bdi>: <cite>Muscle Atrophy</cite>.</li>', [source]) \
        == ["Muscle Atrophy"]
    assert bare_names('<li><bdi lang="en" dir="ltr">Healthgrades</bdi>: <cite><bdi lang="en" dir="ltr">Muscle Atrophy'
                      '</bdi></cite>.</li>', [source]) == []
