"""The hand-over code (handover.py, static/js/handover.js): round trips, typos refused, old codes still
read, the id lists append-only, the two codecs agreeing, the API and the no-JS page."""
import itertools
import json
import random
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

from atrophy_pwa import create_app, paths
from atrophy_pwa.core import handover, triage
from atrophy_pwa.core.content import ContentError
from triage_node import sent_script

TESTS = Path(__file__).resolve().parent.parent
RECORDED = TESTS / "handover_recorded.toml"


@pytest.fixture
def orders(app):
    return app.extensions["handover_orders"]


def id_sets(orders, rng):
    """For each kind: nothing, each id alone, every pair of the first ten, all, and 300 random sets."""
    for kind, blocks in orders.items():
        ids = [i for block in blocks for i in block]
        yield kind, []
        yield kind, ids
        yield from ((kind, [i]) for i in ids)
        yield from ((kind, list(pair)) for pair in itertools.combinations(ids[:10], 2))
        yield from ((kind, rng.sample(ids, rng.randint(2, len(ids)))) for _ in range(300))


def test_every_answer_set_round_trips_and_the_code_is_short_and_grouped(orders):
    for kind, ids in id_sets(orders, random.Random(5)):
        code = handover.encode(orders, kind, ids)
        assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{1,4})+", code), code
        assert len(code) <= 14
        found_kind, found = handover.decode(orders, code)
        assert (found_kind, sorted(found)) == (kind, sorted(ids))
        # as a person may type it: lower case, spaces, no hyphens, O for 0, I or L for 1
        typed = code.lower().replace("-", " ").replace("0", "o").replace("1", "l")
        assert handover.decode(orders, typed)[1] == found
        assert handover.decode(orders, f"https://clinic.example/ar/handover#{code}")[1] == found


def test_every_single_character_typo_and_every_swap_of_neighbours_is_refused(orders):
    codes = [handover.encode(orders, kind, ids) for kind, ids in
             [("flow", []), ("flow", ["face_droop", "recent_inactivity"]), ("checklist", ["weak_grip"]),
              ("flow", [i for block in orders["flow"] for i in block][::3])]]
    checked = 0
    for code in codes:
        text = code.replace("-", "")
        for at, char in enumerate(text):
            for other in handover.ALPHABET:
                if other != char:
                    with pytest.raises(handover.HandoverError) as refused:
                        handover.decode(orders, text[:at] + other + text[at + 1:])
                    assert refused.value.reason == "check"
                    checked += 1
            if at + 1 < len(text) and text[at] != text[at + 1]:
                with pytest.raises(handover.HandoverError):
                    handover.decode(orders, text[:at] + text[at + 1] + text[at] + text[at + 2:])
                checked += 1
    assert checked > 1000


@pytest.mark.parametrize("text", ["", "2", "U2G000000", "2G00-0000-2V!", "é", "x" * 65, None, 12, "##"])
def test_malformed_codes_are_refused(orders, text):
    with pytest.raises(handover.HandoverError) as refused:
        handover.decode(orders, text)
    assert refused.value.reason in {"malformed", "check"}


def test_a_code_cut_short_or_with_a_character_left_out_is_refused(orders):
    text = handover.encode(orders, "flow", ["paralysis", "memory_loss"]).replace("-", "")
    for at in range(len(text)):
        shorter = text[:at] + text[at + 1:]
        with pytest.raises(handover.HandoverError):
            handover.decode(orders, shorter)
    for length in range(len(text)):
        with pytest.raises(handover.HandoverError):
            handover.decode(orders, text[:length])


def test_codes_made_by_an_older_version_still_read_the_same(orders):
    """A later version appends ids: a code made before (version 1) keeps its answers; a code from a
    version this app does not have yet is refused as newer."""
    later = {**orders, "flow": [*orders["flow"], ["some_new_question", "another_new_one"]]}
    ids = ["sudden_one_side", "recent_inactivity"]
    old = handover.encode(orders, "flow", ids)
    assert handover.decode(later, old) == ("flow", ids)
    new = handover.encode(later, "flow", [*ids, "another_new_one"])
    assert handover.decode(later, new) == ("flow", [*ids, "another_new_one"])
    assert new[0] != old[0] and len(new.replace("-", "")) > len(old.replace("-", ""))
    with pytest.raises(handover.HandoverError) as refused:
        handover.decode(orders, new)
    assert refused.value.reason == "newer"


def test_the_id_lists_only_ever_grow():
    """tests/handover_recorded.toml is what was released: each of its versions is in the shipped file
    unchanged (no id removed, renamed or reordered); the shipped file may add versions after them."""
    shipped = tomllib.loads((paths.CONTENT / "handover.toml").read_text())
    recorded = tomllib.loads(RECORDED.read_text())
    for kind in ("flow", "checklist"):
        assert shipped[kind][:len(recorded[kind])] == recorded[kind], f"{kind}: a released version changed"


def test_the_app_refuses_to_start_when_a_question_is_not_in_the_list(content_copy):
    path = content_copy / "handover.toml"
    path.write_text(path.read_text().replace('"paralysis", ', ""))
    with pytest.raises(ContentError, match="paralysis"):
        create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})
    path.write_text(path.read_text().replace("version = 1", "version = 2", 1))
    with pytest.raises(ContentError, match="versions"):
        create_app({"TESTING": True, "CONTENT_DIR": str(content_copy)})


def test_the_device_codec_agrees_with_pythons(orders):
    """static/js/handover.js under node: the same code for the same answers, and the same reading (or
    the same refusal) of every code, every typo of some, and odd input."""
    rng = random.Random(8)
    sets = list(id_sets(orders, rng))
    codes = [handover.encode(orders, kind, ids) for kind, ids in sets]
    typos = [code[:at] + char + code[at + 1:] for code in codes[::40] for at in range(len(code))
             for char in "0Z-oIl "]
    texts = codes + typos + ["", "2", "u2g0", "3000 0000 0009", "2g00 0000 2v", "é", "x" * 65, "a#2G00-0000-2V",
                             "1000-0000-0W", "2G00\u20130000\u20132V"]
    node = shutil.which("node") or shutil.which("nodejs")
    assert node, "node is needed (Debian package nodejs; ./scripts/test installs it)"
    payload = json.dumps({"orders": orders, "encode": sets, "decode": texts})
    done = subprocess.run([node, str(TESTS / "node" / "handover.js"), str(sent_script("handover.js"))],
                          input=payload, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    device = json.loads(done.stdout)
    assert device["encode"] == codes
    for text, js in zip(texts, device["decode"]):
        try:
            kind, ids = handover.decode(orders, text)
            python = {"kind": kind, "ids": ids}
        except handover.HandoverError as error:
            python = {"reason": error.reason}
        assert js == python, text
    assert sum("reason" in js for js in device["decode"]) > 100


# --- the API -----------------------------------------------------------------------------------

def test_the_api_answers_a_flow_code_exactly_as_triage_does(client, orders):
    for ids in [[], ["face_droop"], ["sudden_weakness", "recent_inactivity"], ["tires_with_use", "weight_loss"]]:
        code = handover.encode(orders, "flow", ids)
        for query in ["", "?locale=ar&region=IN"]:
            got = client.post(f"/api/v1/handover{query}", json={"code": code})
            want = client.post(f"/api/v1/triage{query}", json={"answers": {i: True for i in ids}})
            assert got.status_code == want.status_code == 200
            assert got.get_json() == want.get_json()


def test_the_api_answers_a_checklist_code_as_the_checklist_result_does(app, client, orders):
    content = app.extensions["content"]
    signs = ["sudden_speaking", "weak_grip"]
    outcome = triage.evaluate_checklist(content.flow, content.checklist, signs)
    got = client.post("/api/v1/handover", json={"code": handover.encode(orders, "checklist", signs)}).get_json()
    assert (got["disposition"], got["reasons"]) == (outcome["disposition"], outcome["reasons"])
    assert got == client.post("/api/v1/triage", json={"answers": {i: True for i in outcome["implied"]}}).get_json()


@pytest.mark.parametrize("body", [{"code": "2G00-0000-2W"}, {"code": "hello"}, {"code": ""}, {"code": 7},
                                  {}, {"code": "2G00-0000-2V", "name": "x"}, [], "2G00-0000-2V"])
def test_the_api_refuses_a_bad_code_with_a_400_naming_code(client, body):
    response = client.post("/api/v1/handover", json=body)
    assert response.status_code == 400
    details = response.get_json()["error"]["details"]
    assert "code" in details or "name" in details
    assert client.post("/api/v1/handover", data="code=2G00", content_type="text/plain").status_code == 400


# --- the page without JavaScript ---------------------------------------------------------------

def result_facts(html: str) -> tuple:
    """(level, reasons, tap-to-call numbers) as a result page shows them."""
    level = re.search(r'data-disposition="(\w+)"', html).group(1)
    reasons = re.findall(r"<li>([^<]+)</li>", html.split('class="app-reasons"')[1].split("</ul>")[0]) \
        if 'class="app-reasons"' in html else []
    return level, reasons, sorted(set(re.findall(r'href="tel:(\d+)"', html)))


def test_the_page_shows_the_same_result_as_the_flow_for_a_posted_code(client, orders):
    headers = {"Accept-Language": "hi-IN"}
    for ids in [["face_droop", "fall_hurt"], ["tires_with_use"], []]:
        flow_page = client.post("/hi/care", data={"show": "result", "yes": ids}, headers=headers).get_data(as_text=True)
        code = handover.encode(orders, "flow", ids)
        page = client.post("/hi/handover", data={"code": code.lower()}, headers=headers)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert result_facts(html) == result_facts(flow_page)
        assert f"data-handover-code>{code}<" in html and f"data-handover-code>{code}<" in flow_page
        assert "<svg" in html.split('data-slot="handover-qr"')[1][:200]


def test_the_page_shows_the_checklist_result_for_a_checklist_code(client, orders):
    signs = ["sudden_speaking", "weak_grip"]
    checklist_page = client.post("/en/checklist", data={"sign": signs}).get_data(as_text=True)
    code = handover.encode(orders, "checklist", signs)
    html = client.post("/en/handover", data={"code": code}).get_data(as_text=True)
    assert result_facts(html)[0] == result_facts(checklist_page)[0]
    assert sorted(re.findall(r"<dt data-sign=\"(\w+)\"", html)) == sorted(re.findall(r"<dt data-sign=\"(\w+)\"", checklist_page)) == sorted(signs)
    assert f"data-handover-code>{code}<" in checklist_page


def test_the_page_refuses_a_typo_and_keeps_what_was_typed(client, orders):
    code = handover.encode(orders, "flow", ["paralysis"])
    typo = code[:-1] + ("0" if code[-1] != "0" else "1")
    response = client.post("/en/handover", data={"code": typo})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "has a mistake" in html and f'value="{typo}"' in html
    assert "data-disposition" not in html


def test_the_page_is_precached_and_light(client, app):
    page = client.get("/en/handover")
    assert page.status_code == 200 and b'data-module="handover"' in page.data
    manifest = client.get("/api/v1/en/offline-manifest").get_json()
    urls = {entry["url"] for entry in manifest["entries"]}
    assert "/en/handover" in urls
    assert any(re.fullmatch(r"/static/js/handover\.[0-9a-f]{10}\.js", url) for url in urls)
    assert b"lean-qr" not in client.get("/en/").data  # the QR script only where a result can show
    assert b"lean-qr" in client.get("/en/care").data and b"lean-qr" in page.data
