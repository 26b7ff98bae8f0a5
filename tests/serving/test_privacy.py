"""Nothing a person answers is stored or logged by the server."""
import logging

ANSWER_IDS = ["face_droop", "numbness_tingling", "one_side_smaller"]


def test_answers_never_reach_the_logs(client, caplog, app):
    caplog.set_level(logging.DEBUG)
    client.post("/en/care", data={"step": "0", "yes": ANSWER_IDS})
    client.post("/en/checklist", data={"sign": ["memory_loss"]})
    client.post("/api/v1/triage", json={"answers": {q: True for q in ANSWER_IDS}})
    client.post("/api/v1/triage", json={"answers": {"face_droop": "broken"}})
    logged = "\n".join(record.getMessage() for record in caplog.records)
    for answer in ANSWER_IDS + ["memory_loss"]:
        assert answer not in logged


def test_answer_pages_are_not_cached_or_stored(client, app):
    client.post("/en/care", data={"step": "0", "yes": ["face_droop"]})
    response = client.post("/en/care", data={"step": "0"})
    assert 'data-disposition="emergency"' not in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers


def test_no_cache_keeps_an_answer_or_a_result(client):
    """Every answer to a POST says no-store: no browser history, back-forward cache or proxy keeps the
    last person's result to show again to the next one on a shared phone."""
    answered = [client.post("/en/care", data={"step": "0", "yes": ["face_droop"]}),
                client.post("/en/care", data={"step": "0"}),
                client.post("/en/checklist", data={"sign": ["memory_loss"]}),
                client.post("/api/v1/triage", json={"answers": {"fainting": True}}),
                client.post("/api/v1/triage", json={"answers": {"fainting": "x"}})]
    for response in answered:
        assert response.headers["Cache-Control"] == "no-store", response.request.path
    assert "no-store" not in client.get("/en/care").headers.get("Cache-Control", "")
