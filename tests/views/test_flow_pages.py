"""The flows without JavaScript (issue 21): "Change my answers" on every result posts the answers back to the
steps or the checklist, and a step's language buttons send the step's own ticks; never in an address."""
import re

from werkzeug.datastructures import MultiDict


def form_with(page: str, marker: str) -> str:
    """The <form> element of page that contains marker."""
    return next(form for form in re.findall(r"<form .*?</form>", page, re.S) if marker in form)


def fields(form: str) -> list:
    return re.findall(r'<input type="hidden" name="([a-z]+)" value="([^"]*)">', form)


def test_change_my_answers_on_a_flow_result_returns_to_the_first_step_with_the_answers_ticked(client):
    page = client.post("/en/care", data={"show": "result", "yes": ["face_droop", "numbness_tingling"]}).get_data(as_text=True)
    form = form_with(page, 'data-action="change-answers"')
    assert 'action="/en/care"' in form and "?" not in form.split('action="')[1].split('"')[0]
    again = client.post("/en/care", data=MultiDict(fields(form))).get_data(as_text=True)
    assert 'name="step" value="0"' in again
    assert re.search(r'data-question="face_droop"[^>]* checked', again)  # step 0 shows its tick
    assert '<input type="hidden" name="yes" value="numbness_tingling">' in again  # a later step's, carried


def test_change_my_answers_on_a_checklist_result_returns_to_the_same_ticks(client):
    page = client.post("/en/checklist", data={"sign": ["sudden_vision", "memory_loss"]}).get_data(as_text=True)
    form = form_with(page, 'data-action="change-answers"')
    again = client.post("/en/checklist", data=MultiDict(fields(form))).get_data(as_text=True)
    assert "data-disposition" not in again
    assert sorted(re.findall(r'data-sign="([a-z_]+)" checked', again)) == ["memory_loss", "sudden_vision"]


def test_a_step_s_language_buttons_send_the_ticks_not_yet_sent(client):
    step = client.post("/en/care", data={"step": "1", "none": ["emergency-signs", "danger-signs"]}).get_data(as_text=True)
    button = re.search(r'<button type="submit" form="care-form" formaction="(/ar/care)" name="at" value="(\d+)"', step)
    assert button and button.group(2) == re.search(r'name="step" value="(\d+)"', step).group(1)
    # what the browser sends: the step's form (hidden fields and this step's tick) and the button's at=
    sent = [*fields(form_with(step, 'id="care-form"')), ("yes", "numbness_tingling"), ("at", button.group(2))]
    arabic = client.post(button.group(1), data=MultiDict(sent)).get_data(as_text=True)
    assert 'lang="ar"' in arabic and re.search(r'data-question="numbness_tingling"[^>]* checked', arabic)
    checklist = client.get("/en/checklist").get_data(as_text=True)
    assert '<button type="submit" form="checklist-form" formaction="/hi/checklist" name="change" value="1"' in checklist
    hindi = client.post("/hi/checklist", data={"change": "1", "sign": "memory_loss"}).get_data(as_text=True)
    assert 'lang="hi"' in hindi and 'data-sign="memory_loss" checked' in hindi


def test_readers_see_the_app_s_name_in_their_language_never_the_code_name(client):
    from page_text import text
    for locale in ("en", "ar", "hi", "fr"):
        about = text(client.get(f"/{locale}/about").get_data(as_text=True))
        assert "atrophy-pwa" not in about, locale


def test_hindi_pages_end_sentences_with_the_danda(client):
    """Hindi ends a sentence with "।", never "." (issue 21): no full stop written by a template after Hindi words."""
    import re
    for path in ("/hi/", "/hi/about", "/hi/care", "/hi/checklist", "/hi/handover", "/hi/cards/stroke-signs"):
        text = re.sub(r"<[^>]+>", " ", client.get(path).get_data(as_text=True))
        assert not re.search(r"[\u0900-\u097F]\s*\.(\s|$)", text), path
